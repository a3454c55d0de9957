import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { errorText } from '../lib/cli/report.js';
import { withSession } from '../lib/kube/session.js';
import { setSchedulable } from '../lib/nodes/cordon.js';
import { evictPods, planDeletion, podsOnNode } from '../lib/nodes/drain.js';
import { nodeNames } from '../lib/nodes/node-targets.js';
import { durationFlag, kubeFlags } from '../flags.js';

export default class Drain extends Command {
  static override summary = 'Drain node in preparation for maintenance.';
  static override description = 'Cordons the node, then evicts its pods through the Eviction API — honouring PodDisruptionBudgets, retrying every 5s while one forbids it — and waits until they are gone, as kubectl drain does. DaemonSet pods need --ignore-daemonsets, pods without a controller --force, pods with emptyDir volumes --delete-emptydir-data.';
  static override examples = [
    { description: 'Drain worker-1.', command: '<%= config.bin %> drain worker-1 --ignore-daemonsets' },
    { description: 'Also bare pods and emptyDir data, within two minutes.', command: '<%= config.bin %> drain worker-1 --ignore-daemonsets --force --delete-emptydir-data --timeout=2m' },
  ];
  static override args = { node: Args.string({ description: 'NODE', required: true }) };
  static override flags = {
    ...kubeFlags,
    'ignore-daemonsets': Flags.boolean({ description: 'Leave DaemonSet-managed pods (they would come back anyway).' }),
    'delete-emptydir-data': Flags.boolean({ description: 'Evict pods with emptyDir volumes (their data is lost).' }),
    force: Flags.boolean({ description: 'Also delete pods that no controller manages.' }),
    'grace-period': Flags.integer({ description: 'Seconds each pod gets to terminate (-1: its own).', default: -1, helpValue: 'SECONDS' }),
    timeout: durationFlag({ description: 'Give up after this long (0: never).', default: 0, env: 'KUBELAB_DRAIN_TIMEOUT' }),
    'disable-eviction': Flags.boolean({ description: 'Delete pods instead of evicting them (bypasses disruption budgets).' }),
    'pod-selector': Flags.string({ description: 'Only pods matching this label selector.', helpValue: 'SELECTOR' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) on nodes.', helpValue: 'SELECTOR' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Drain);
    const o = { ignoreDaemonsets: flags['ignore-daemonsets'], deleteEmptydirData: flags['delete-emptydir-data'], force: flags.force, gracePeriod: flags['grace-period'], timeoutMs: flags.timeout, disableEviction: flags['disable-eviction'], podSelector: flags['pod-selector'] };
    const pending = await withSession(flags, async (s) => {
      const failed: string[] = [];
      const reasons: string[] = [];
      for (const node of await nodeNames(s, argv, flags.selector)) {
        this.log(await setSchedulable(s, node, true, 'none'));
        try {
          const plan = planDeletion(await podsOnNode(s, node, o.podSelector), o);
          if (plan.errors.length) throw new Error(plan.errors.length === 1 ? plan.errors[0] : `[${plan.errors.join(', ')}]`);
          if (plan.warnings) process.stderr.write(`Warning: ${plan.warnings}\n`);
          await evictPods(s, plan.pods, o, (l) => this.log(l), (l) => process.stderr.write(`${l}\n`));
          this.log(`node/${node} drained`);
        } catch (err) {
          const reason = errorText(err).replace(/^error: /, '').trimEnd();
          process.stderr.write(`error: unable to drain node ${JSON.stringify(node)} due to error: ${reason}, continuing command...\n`);
          failed.push(node);
          reasons.push(reason);
        }
      }
      return { failed, reasons };
    });
    if (pending.failed.length) {
      // kubectl ends with the nodes left and its errors, as one aggregate.
      const why = pending.reasons.length === 1 ? pending.reasons[0] : `[${pending.reasons.join(', ')}]`;
      process.stderr.write(`There are pending nodes to be drained:\n${pending.failed.map((n) => ` ${n}\n`).join('')}${why}\n`);
      this.exit(1);
    }
  }
}
