/**
 * NodeUnschedulable (Filter): a cordoned node (spec.unschedulable, `kubectl cordon`) takes
 * no new pods, unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
import { type Node, type Pod, TAINT_NODE_UNSCHEDULABLE } from '../../api/types.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Code, type Status, newStatus } from '../../framework/status.js';
import { tolerationsTolerateTaint } from '../../helpers/taints.js';
import { Names } from '../names.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeUnschedulable;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (!nodeInfo.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        // Worth a retry only when the node is (now) schedulable.
        hint: (_pod, _old, obj) => ((obj as Node | undefined)?.spec?.unschedulable ? 'QueueSkip' : 'Queue'),
      },
      {
        event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodTolerations },
        hint: (pod, _old, obj) => ((obj as Pod | undefined)?.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip'),
      },
    ];
  }
}
