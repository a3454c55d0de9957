import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dryRunOf } from '../../lib/cli/dry-run.js';
import { forEachReporting } from '../../lib/cli/each.js';
import { withSession } from '../../lib/kube/session.js';
import { resolveTargets } from '../../lib/kube/targets.js';
import { parseImagePairs, setImages } from '../../lib/set/changes.js';
import { updatePodSpec } from '../../lib/set/set.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../../flags.js';
import { Flags } from '../../lib/cli/flag.js';

export default class SetImage extends Command {
  static override summary = 'Update the image of a pod template.';
  static override description = 'Sets container images of pods, deployments, replica sets, daemon sets, stateful sets, jobs and cron jobs, as kubectl set image does; a workload then rolls out the change.';
  static override examples = [
    { description: 'Container nginx of deployment web.', command: '<%= config.bin %> set image deployment/web nginx=nginx:1.27' },
    { description: 'Every container.', command: "<%= config.bin %> set image deployment/web '*=nginx:1.27'" },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME, then CONTAINER=IMAGE…', required: true }) };
  static override flags = { ...kubeFlags, ...fileFlags, ...dryRunFlags, selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }), all: Flags.boolean({ description: 'Every object of the types in the namespace.' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(SetImage);
    const { resources, pairs } = parseImagePairs(argv);
    const ok = await withSession(flags, async (s) => forEachReporting(await resolveTargets(s, resources, flags), (ref) => updatePodSpec(s, ref, 'image updated', (spec) => setImages(spec, pairs), dryRunOf(flags['dry-run']))));
    if (!ok) this.exit(1);
  }
}
