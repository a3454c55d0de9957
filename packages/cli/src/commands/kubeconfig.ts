import { existsSync } from 'node:fs';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { dataDirFlags } from '../flags.js';
import { daemonFiles, resolveDataDir } from '../lib/data-dir.js';
import { KubelabError } from '../lib/errors.js';

export default class Kubeconfig extends Command {
  static override summary = "Print the path of kubelab's kubeconfig, or merge it into yours.";
  static override description = `kubelabd writes a kubeconfig (server, certificate authority, token) into its data directory; point KUBECONFIG at it, or pass --merge to add kubelab's cluster, user and context to your own kubeconfig ($KUBECONFIG's first file, else ~/.kube/config) and make it the current context. Only kubelab's own entries are replaced; your other contexts are kept. Merge again after kubelab's port changes.`;

  static override examples = [
    { description: 'Use kubelab for this shell.', command: 'export KUBECONFIG=$(<%= config.bin %> kubeconfig)' },
    { description: 'Add kubelab to ~/.kube/config and switch to it.', command: '<%= config.bin %> kubeconfig --merge' },
  ];

  static override flags = {
    ...dataDirFlags,
    merge: Flags.boolean({ description: "Merge kubelab's context into your kubeconfig and make it current." }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Kubeconfig);
    const path = daemonFiles(resolveDataDir(flags['data-dir'])).kubeconfig;
    if (!flags.merge) {
      if (!existsSync(path)) throw new KubelabError(`no kubeconfig at ${path} yet (start kubelab first with: kubelab up)`);
      this.log(path);
      return;
    }
    // Loaded only here: it parses YAML with the yaml package.
    const { mergeIntoUserKubeconfig } = await import('../lib/kubeconfig-merge.js');
    const r = mergeIntoUserKubeconfig(path);
    const was = r.previousContext && r.previousContext !== r.context ? ` (it was "${r.previousContext}"; switch back with: kubectl config use-context ${r.previousContext})` : '';
    this.log(`Merged context "${r.context}" into ${r.path} and made it the current context${was}.`);
  }
}
