import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { useContext } from '../../lib/config/edit.js';
import { loadConfig } from '../../lib/config/target.js';
import { KubelabError } from '../../lib/errors.js';
import { configFlags } from './view.js';

export default class ConfigUseContext extends Command {
  static override summary = 'Set the current-context in a kubeconfig file.';
  static override aliases = ['config:use'];
  static override examples = [{ description: 'Use the kubelab context.', command: '<%= config.bin %> config use-context kubelab' }];
  static override args = { name: Args.string({ description: 'CONTEXT_NAME', required: true }) };
  static override flags = { ...configFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(ConfigUseContext);
    if (argv.length !== 1) throw new KubelabError('Unexpected args: ' + JSON.stringify(argv));
    const { entries, writePath } = await loadConfig(flags);
    this.log(await useContext(writePath, argv[0]!, entries.contexts.has(argv[0]!)));
  }
}
