import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { withSession } from '../lib/kube/session.js';
import { setSchedulable } from '../lib/nodes/cordon.js';
import { nodeNames } from '../lib/nodes/node-targets.js';
import { dryRunFlags, kubeFlags } from '../flags.js';

export const nodeFlags = { ...kubeFlags, ...dryRunFlags, selector: Flags.string({ char: 'l', description: 'Selector (label query) on nodes.', helpValue: 'SELECTOR' }) };

export default class Cordon extends Command {
  static override summary = 'Mark node as unschedulable.';
  static override description = 'New pods are no longer scheduled onto the node; the ones there keep running.';
  static override examples = [{ description: 'Cordon worker-1.', command: '<%= config.bin %> cordon worker-1' }];
  static override args = { node: Args.string({ description: 'NODE', required: true }) };
  static override flags = { ...nodeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Cordon);
    const ok = await withSession(flags, async (s) => forEachReporting(await nodeNames(s, argv, flags.selector), (n) => setSchedulable(s, n, true, dryRunOf(flags['dry-run']))));
    if (!ok) this.exit(1);
  }
}
