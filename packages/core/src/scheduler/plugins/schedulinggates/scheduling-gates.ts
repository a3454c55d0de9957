/**
 * SchedulingGates (PreEnqueue): a pod with spec.schedulingGates stays out of the active
 * queue until every gate is removed; removing the last gate moves it in.
 */
import type { Pod } from '../../api/types.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../../framework/interface.js';
import { Code, type Status, newStatus } from '../../framework/status.js';
import { Names } from '../names.js';

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = Names.SchedulingGates;

  preEnqueue(pod: Pod): Status | null {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodSchedulingGatesEliminated },
        hint: (pod, _old, obj) => ((obj as Pod | undefined)?.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip'),
      },
    ];
  }
}
