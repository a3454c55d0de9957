import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { resolveTargets } from '../lib/kube/targets.js';
import { scaleOne } from '../lib/mutate/scale.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../flags.js';

export default class Scale extends Command {
  static override summary = 'Set a new size for a deployment, replica set, replication controller, or stateful set.';
  static override examples = [
    { description: 'Three replicas.', command: '<%= config.bin %> scale deployment web --replicas=3' },
    { description: 'Only if it has two now.', command: '<%= config.bin %> scale deployment/web --current-replicas=2 --replicas=3' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    ...dryRunFlags,
    replicas: Flags.integer({ description: 'The new number of replicas.', default: -1, helpValue: 'N' }),
    'current-replicas': Flags.integer({ description: 'Precondition: the current number of replicas.', default: -1, helpValue: 'N' }),
    'resource-version': Flags.string({ description: 'Precondition: the current resource version.', helpValue: 'RV' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
    all: Flags.boolean({ description: 'Every object of the types in the namespace.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Scale);
    if (flags.replicas < 0) throw new KubelabError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const o = { replicas: flags.replicas, currentReplicas: flags['current-replicas'], resourceVersion: flags['resource-version'], dryRun: dryRunOf(flags['dry-run']) };
    const ok = await withSession(flags, async (s) => forEachReporting(await resolveTargets(s, argv, flags), (ref) => scaleOne(s, ref, o)));
    if (!ok) this.exit(1);
  }
}
