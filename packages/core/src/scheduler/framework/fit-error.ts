/**
 * Why a pod fits nowhere (framework.Diagnosis, FitError), and the message kube-scheduler
 * writes into the FailedScheduling event and the PodScheduled condition:
 *
 *   0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 *   3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for
 *   scheduling, 3 No preemption victims found for incoming pod.
 *
 * Each node's rejection reasons are counted, "<count> <reason>" strings are sorted as
 * strings and joined with ", "; a PreFilter rejection replaces the node histogram with its
 * own message; both end with ".". PostFilter's message follows as it is (preemption's is
 * itself a FitError message, full stop included).
 */
import type { PodInfo } from './pod-info.js';
import { Code, Status } from './status.js';

/**
 * The status of every node a cycle rejected (framework.NodeToStatus); nodes not in the map
 * take absentNodesStatus — e.g. when PreFilter rejects the pod for every node, or narrowed
 * the search to a few nodes.
 */
export class NodeToStatus {
  private readonly statuses = new Map<string, Status>();
  absentNodesStatus: Status | undefined;

  set(nodeName: string, status: Status): void {
    this.statuses.set(nodeName, status);
  }

  /** The node's status: its own, else the absent-nodes status, else undefined (it passed). */
  get(nodeName: string): Status | undefined {
    return this.statuses.get(nodeName) ?? this.absentNodesStatus;
  }

  /** Only the nodes with their own status. */
  entries(): IterableIterator<[string, Status]> {
    return this.statuses.entries();
  }

  get size(): number {
    return this.statuses.size;
  }

  /** Names of nodes (from all) whose status has this code (NodesForStatusCode). */
  nodesWithCode(allNodes: readonly string[], code: Code): string[] {
    return allNodes.filter((n) => this.get(n)?.code === code);
  }
}

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new NodeToStatus(), unschedulablePlugins: new Set(), pendingPlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** Notes which plugin rejected the pod (Diagnosis.AddPluginStatus). */
export function addPluginStatus(d: Diagnosis, s: Status): void {
  if (!s.plugin) return;
  if (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable) d.unschedulablePlugins.add(s.plugin);
  else if (s.code === Code.Pending) d.pendingPlugins.add(s.plugin);
}

export const NO_NODE_AVAILABLE_MSG = (n: number) => `0/${n} nodes are available`;

/** The pod fits on no node: what the cycle learnt (framework.FitError). */
export class FitError {
  constructor(
    readonly pod: PodInfo,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
    /** All node names, so nodes covered by absentNodesStatus are counted too. */
    readonly allNodeNames: readonly string[] = [],
  ) {}

  /** FitError.Error(): the message of the event and the condition. */
  get message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis, this.allNodeNames);
  }
}

/** The FitError text (FitError.Error()). */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis, allNodeNames: readonly string[] = []): string {
  let msg = `${NO_NODE_AVAILABLE_MSG(numAllNodes)}:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(d.nodeToStatus, allNodeNames);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  // The PostFilter message brings its own full stop (it is a FitError message itself).
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** "<count> <reason>" per distinct reason, sorted as strings (sortReasonsHistogram). */
export function reasonHistogram(m: NodeToStatus, allNodeNames: readonly string[] = []): string[] {
  const counts = new Map<string, number>();
  const count = (s: Status) => {
    for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  };
  for (const [, s] of m.entries()) count(s);
  if (m.absentNodesStatus) {
    for (const n of allNodeNames) if (m.get(n) === m.absentNodesStatus) count(m.absentNodesStatus);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(compareStrings);
}

/** Go's sort.Strings order (byte-wise), not localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
