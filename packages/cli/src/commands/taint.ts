import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { nodeNames } from '../lib/nodes/node-targets.js';
import { parseTaints, taintNode } from '../lib/nodes/taint.js';
import { kubeFlags } from '../flags.js';

export default class Taint extends Command {
  static override summary = 'Update the taints on one or more nodes.';
  static override description = 'KEY[=VALUE]:EFFECT adds a taint (NoSchedule, PreferNoSchedule or NoExecute), KEY:EFFECT- or KEY- removes, as kubectl taint does.';
  static override examples = [
    { description: 'Keep pods without a toleration off worker-1.', command: '<%= config.bin %> taint nodes worker-1 dedicated=gpu:NoSchedule' },
    { description: 'Remove it.', command: '<%= config.bin %> taint nodes worker-1 dedicated:NoSchedule-' },
  ];
  static override args = { node: Args.string({ description: 'nodes NODE… KEY[=VALUE]:EFFECT…', required: true }) };
  static override flags = {
    ...kubeFlags,
    overwrite: Flags.boolean({ description: 'Replace a taint with the same key and effect.' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) on nodes.', helpValue: 'SELECTOR' }),
    all: Flags.boolean({ description: 'Every node.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Taint);
    const rest = argv[0] === 'nodes' || argv[0] === 'node' || argv[0] === 'no' ? argv.slice(1) : argv;
    const specs = rest.filter((a) => a.includes(':') || a.endsWith('-') || a.includes('='));
    const names = rest.filter((a) => !specs.includes(a));
    if (specs.length === 0) throw new KubelabError('at least one taint update is required');
    const taints = parseTaints(specs);
    const ok = await withSession(flags, async (s) => forEachReporting(await nodeNames(s, names, flags.selector, flags.all), (n) => taintNode(s, n, taints, flags.overwrite)));
    if (!ok) this.exit(1);
  }
}
