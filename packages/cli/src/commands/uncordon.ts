import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { forEachReporting } from '../lib/cli/each.js';
import { withSession } from '../lib/kube/session.js';
import { setSchedulable } from '../lib/nodes/cordon.js';
import { nodeNames } from '../lib/nodes/node-targets.js';
import { nodeFlags } from './cordon.js';

export default class Uncordon extends Command {
  static override summary = 'Mark node as schedulable.';
  static override description = 'New pods may be scheduled onto the node again.';
  static override examples = [{ description: 'Uncordon worker-1.', command: '<%= config.bin %> uncordon worker-1' }];
  static override args = { node: Args.string({ description: 'NODE', required: true }) };
  static override flags = { ...nodeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Uncordon);
    const ok = await withSession(flags, async (s) => forEachReporting(await nodeNames(s, argv, flags.selector), (n) => setSchedulable(s, n, false, dryRunOf(flags['dry-run']))));
    if (!ok) this.exit(1);
  }
}
