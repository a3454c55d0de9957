import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { topPods } from '../../lib/info/top.js';
import { withSession } from '../../lib/kube/session.js';
import { kubeFlags } from '../../flags.js';

export default class TopPod extends Command {
  static override summary = 'Display resource (CPU/memory) usage of pods.';
  static override description = 'Reads the Metrics API (metrics.k8s.io), as kubectl top pod does; says "Metrics API not available" when the cluster serves none.';
  static override aliases = ['top:pods', 'top:po'];
  static override examples = [{ description: 'Usage of every pod.', command: '<%= config.bin %> top pod' }];
  static override args = { name: Args.string({ description: 'NAME' }) };
  static override flags = {
    ...kubeFlags,
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
    'no-headers': Flags.boolean({ description: 'Do not print headers.' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'Pods of every namespace.' }),
    containers: Flags.boolean({ description: 'Usage per container.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TopPod);
    process.stdout.write(await withSession(flags, (s) => topPods(s, { selector: flags.selector, noHeaders: flags['no-headers'], allNamespaces: flags['all-namespaces'], containers: flags.containers })));
  }
}
