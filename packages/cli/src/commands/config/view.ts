import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { configObject } from '../../lib/config/view.js';
import { loadConfig } from '../../lib/config/target.js';
import { printObjects } from '../../print/objects.js';
import { parseOutputFormat } from '../../print/output-format.js';
import { dataDirFlags } from '../../flags.js';

export const configFlags = {
  ...dataDirFlags,
  kubeconfig: Flags.string({ description: "The kubeconfig file (default: $KUBECONFIG, else kubelab's own).", helpValue: 'FILE' }),
};

export default class ConfigView extends Command {
  static override summary = 'Display merged kubeconfig settings or a specified kubeconfig file.';
  static override description = 'Prints the kubeconfig in use, with certificate data and tokens hidden unless --raw, as kubectl config view does.';
  static override examples = [
    { description: 'The kubeconfig in use.', command: '<%= config.bin %> config view' },
    { description: 'Only the current context, with its secrets.', command: '<%= config.bin %> config view --minify --raw' },
    { description: 'The server of the current context.', command: "<%= config.bin %> config view --minify -o jsonpath='{.clusters[0].cluster.server}'" },
  ];
  static override flags = {
    ...configFlags,
    output: Flags.string({ char: 'o', description: 'yaml (default), json, jsonpath=….', default: 'yaml', helpValue: 'FORMAT' }),
    minify: Flags.boolean({ description: 'Only the current context and what it uses.' }),
    raw: Flags.boolean({ description: 'Show certificate data and tokens.' }),
    flatten: Flags.boolean({ description: 'Accepted for kubectl compatibility (kubelab kubeconfigs embed their data).' }),
    context: Flags.string({ description: 'With --minify: this context instead of the current one.', helpValue: 'NAME' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigView);
    const { entries } = await loadConfig(flags);
    const format = parseOutputFormat(flags.output);
    const doc = configObject(entries, { raw: flags.raw, minify: flags.minify, context: flags.context });
    process.stdout.write(printObjects([doc], true, format.kind === 'table' ? { kind: 'yaml' } : format));
  }
}
