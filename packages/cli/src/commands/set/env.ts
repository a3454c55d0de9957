import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dryRunOf } from '../../lib/cli/dry-run.js';
import { forEachReporting } from '../../lib/cli/each.js';
import { Flags } from '../../lib/cli/flag.js';
import { withSession } from '../../lib/kube/session.js';
import { resolveTargets } from '../../lib/kube/targets.js';
import { splitKeyChanges } from '../../lib/mutate/label-args.js';
import { listEnv, setEnv } from '../../lib/set/changes.js';
import { podSpecOf } from '../../lib/set/pod-spec.js';
import { updatePodSpec } from '../../lib/set/set.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../../flags.js';

export default class SetEnv extends Command {
  static override summary = 'Update environment variables on a pod template.';
  static override description = 'KEY=VALUE sets, KEY- removes, --list prints them, as kubectl set env does.';
  static override examples = [
    { description: 'Set one.', command: '<%= config.bin %> set env deployment/web LOG_LEVEL=debug' },
    { description: 'Remove it.', command: '<%= config.bin %> set env deployment/web LOG_LEVEL-' },
    { description: 'Show them.', command: '<%= config.bin %> set env deployment/web --list' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME, then KEY=VALUE… and KEY-…', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    ...dryRunFlags,
    containers: Flags.string({ char: 'c', description: 'The containers to change (a name or glob).', default: '*', helpValue: 'NAME' }),
    list: Flags.boolean({ description: 'List the environment variables.' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
    all: Flags.boolean({ description: 'Every object of the types in the namespace.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(SetEnv);
    const changes = splitKeyChanges(argv, 'label');
    const ok = await withSession(flags, async (s) => {
      const refs = await resolveTargets(s, changes.resources, flags);
      if (flags.list) {
        for (const ref of refs) {
          const obj = { kind: ref.rt.kind, ...(await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) } as Record<string, any>;
          process.stdout.write(listEnv(obj, podSpecOf(obj), flags.containers));
        }
        return true;
      }
      return forEachReporting(refs, (ref) => updatePodSpec(s, ref, 'env updated', (spec) => setEnv(spec, flags.containers, changes.set, changes.remove), dryRunOf(flags['dry-run'])));
    });
    if (!ok) this.exit(1);
  }
}
