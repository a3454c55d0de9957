/**
 * NodePorts: a pod asking for a host port fits only nodes where no pod holds that
 * protocol/port on the same (or the any, 0.0.0.0) host IP —
 * "node(s) didn't have free ports for the requested pod ports".
 */
import type { ContainerPort } from '../../api/types.js';
import { type CycleState, ImmutableState, StateKey } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interface.js';
import { type NodeInfo, podHostPorts } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, type Status, newStatus, skip } from '../../framework/status.js';
import { Names } from '../names.js';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

class PreFilterState extends ImmutableState {
  constructor(readonly ports: ContainerPort[]) {
    super();
  }
}

const PRE_FILTER = new StateKey<PreFilterState>(`PreFilter${Names.NodePorts}`);

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodePorts;

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const ports = podHostPorts(pod.pod);
    if (ports.length === 0) return skip();
    state.write(PRE_FILTER, new PreFilterState(ports));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const ports = state.read(PRE_FILTER)?.ports ?? podHostPorts(pod.pod);
    for (const p of ports) {
      if (nodeInfo.usedPorts.checkConflict(p.hostIP, p.protocol, p.hostPort)) return newStatus(Code.Unschedulable, ERR_REASON_PORTS);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'AssignedPod', actionType: ActionType.Delete } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeLabel } },
    ];
  }
}
