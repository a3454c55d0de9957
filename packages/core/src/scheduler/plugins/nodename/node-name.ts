/**
 * NodeName (Filter): a pod that names its node (spec.nodeName) fits only that node.
 */
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Code, type Status, newStatus } from '../../framework/status.js';
import { Names } from '../names.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeName;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const want = pod.pod.spec?.nodeName;
    if (!want || want === nodeInfo.name) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_NAME);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: ActionType.Add } }];
  }
}
