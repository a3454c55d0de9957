import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { setContext } from '../../lib/config/edit.js';
import { loadConfig } from '../../lib/config/target.js';
import { KubelabError } from '../../lib/errors.js';
import { configFlags } from './view.js';

export default class ConfigSetContext extends Command {
  static override summary = 'Set a context entry in kubeconfig.';
  static override description = 'Creates or changes a context; --current changes the current one. Its most common use: make a namespace the default for every command.';
  static override examples = [
    { description: 'Work in namespace lab1 from now on.', command: '<%= config.bin %> config set-context --current --namespace=lab1' },
    { description: 'A second context on the same cluster.', command: '<%= config.bin %> config set-context lab2 --cluster=kubelab --user=kubelab --namespace=lab2' },
  ];
  static override args = { name: Args.string({ description: 'CONTEXT_NAME' }) };
  static override flags = {
    ...configFlags,
    current: Flags.boolean({ description: 'Modify the current context.' }),
    cluster: Flags.string({ description: 'The cluster of the context.', helpValue: 'NAME' }),
    user: Flags.string({ description: 'The user of the context.', helpValue: 'NAME' }),
    namespace: Flags.string({ description: 'The default namespace of the context.', helpValue: 'NS' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(ConfigSetContext);
    const { entries, writePath } = await loadConfig(flags);
    if (flags.current && argv.length) throw new KubelabError('you cannot specify both a context name and --current');
    const name = flags.current ? entries.currentContext : argv[0];
    if (!name) throw new KubelabError(flags.current ? 'no current context is set' : 'you must specify a non-empty context name or --current');
    this.log(await setContext(writePath, name, { cluster: flags.cluster, user: flags.user, namespace: flags.namespace }, entries.contexts.has(name)));
  }
}
