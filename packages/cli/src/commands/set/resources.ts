import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dryRunOf } from '../../lib/cli/dry-run.js';
import { forEachReporting } from '../../lib/cli/each.js';
import { Flags } from '../../lib/cli/flag.js';
import { KubelabError } from '../../lib/errors.js';
import { withSession } from '../../lib/kube/session.js';
import { resolveTargets } from '../../lib/kube/targets.js';
import { parseQuantities, setResources } from '../../lib/set/changes.js';
import { updatePodSpec } from '../../lib/set/set.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../../flags.js';

export default class SetResources extends Command {
  static override summary = 'Update resource requests/limits on objects with pod templates.';
  static override examples = [
    { description: 'Limit and request CPU and memory.', command: '<%= config.bin %> set resources deployment/web --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi' },
    { description: 'Only container app.', command: '<%= config.bin %> set resources deployment/web -c app --limits=cpu=1' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    ...dryRunFlags,
    containers: Flags.string({ char: 'c', description: 'The containers to change (a name or glob).', default: '*', helpValue: 'NAME' }),
    limits: Flags.string({ description: 'Resource limits, e.g. cpu=200m,memory=512Mi.', helpValue: 'LIST' }),
    requests: Flags.string({ description: 'Resource requests, e.g. cpu=100m,memory=256Mi.', helpValue: 'LIST' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
    all: Flags.boolean({ description: 'Every object of the types in the namespace.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(SetResources);
    const limits = parseQuantities(flags.limits);
    const requests = parseQuantities(flags.requests);
    if (!Object.keys(limits).length && !Object.keys(requests).length) throw new KubelabError('you must specify an update to requests or limits (in the form of --requests/--limits)');
    const ok = await withSession(flags, async (s) => forEachReporting(await resolveTargets(s, argv, flags), (ref) => updatePodSpec(s, ref, 'resource requirements updated', (spec) => setResources(spec, flags.containers, limits, requests), dryRunOf(flags['dry-run']))));
    if (!ok) this.exit(1);
  }
}
