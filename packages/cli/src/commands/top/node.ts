import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { topNodes } from '../../lib/info/top.js';
import { withSession } from '../../lib/kube/session.js';
import { kubeFlags } from '../../flags.js';

export default class TopNode extends Command {
  static override summary = 'Display resource (CPU/memory) usage of nodes.';
  static override description = 'Reads the Metrics API (metrics.k8s.io), as kubectl top node does; says "Metrics API not available" when the cluster serves none.';
  static override aliases = ['top:nodes', 'top:no'];
  static override examples = [{ description: 'Usage of every node.', command: '<%= config.bin %> top node' }];
  static override args = { name: Args.string({ description: 'NAME' }) };
  static override flags = {
    ...kubeFlags,
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
    'no-headers': Flags.boolean({ description: 'Do not print headers.' }),

  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TopNode);
    process.stdout.write(await withSession(flags, (s) => topNodes(s, { selector: flags.selector, noHeaders: flags['no-headers'] })));
  }
}
