import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { resolveTargets } from '../lib/kube/targets.js';
import { parseWaitFor } from '../lib/wait/condition.js';
import { waitFor } from '../lib/wait/wait.js';
import { durationFlag, fileFlags, kubeFlags } from '../flags.js';

export default class Wait extends Command {
  static override summary = 'Experimental: Wait for a specific condition on one or many resources.';
  static override description = 'Waits until each object has the condition (--for=condition=Ready), a field has a value (--for=jsonpath=…), or the object is gone (--for=delete), as kubectl wait does; fails after --timeout (30s by default).';
  static override examples = [
    { description: 'A pod ready.', command: '<%= config.bin %> wait --for=condition=Ready pod/web-1' },
    { description: 'Every pod of app=web running, two minutes at most.', command: "<%= config.bin %> wait --for=jsonpath='{.status.phase}'=Running pods -l app=web --timeout=2m" },
    { description: 'A deployment available.', command: '<%= config.bin %> wait --for=condition=Available deployment/web' },
    { description: 'A pod gone.', command: '<%= config.bin %> wait --for=delete pod/web-1 --timeout=60s' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME…, TYPE/NAME…, or TYPE with -l / --all' }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    for: Flags.string({ description: 'The condition: delete, create, condition=NAME[=VALUE], jsonpath=EXPR[=VALUE].', helpValue: 'CONDITION' }),
    timeout: durationFlag({ description: 'How long to wait (0: check once).', default: 30_000, env: 'KUBELAB_WAIT_TIMEOUT' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
    all: Flags.boolean({ description: 'Every object of the types in the namespace.' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'With -l or --all: in every namespace.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Wait);
    if (!flags.for) throw new KubelabError('--for must be specified');
    const condition = parseWaitFor(flags.for);
    const deadline = Date.now() + flags.timeout;
    const ok = await withSession(flags, async (s) => {
      const refs = await resolveTargets(s, argv, flags);
      if (refs.length === 0) throw new KubelabError('no matching resources found');
      return forEachReporting(refs, (ref) => waitFor(s, ref, condition, deadline));
    });
    if (!ok) this.exit(1);
  }
}
