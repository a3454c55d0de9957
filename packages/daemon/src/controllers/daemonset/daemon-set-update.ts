/**
 * A DaemonSet's RollingUpdate (pkg/controller/daemon/update.go rollingUpdate): on each node
 * the pod of an old revision is replaced by one of the current revision.
 *
 *   maxSurge 0 (the default): delete old pods, at most maxUnavailable nodes without an
 *     available pod at a time (old pods that are not available anyway go first, and do not
 *     count); the manage loop then creates the new pods on the emptied nodes.
 *   maxSurge > 0: create the new pod next to the old one on up to maxSurge nodes, and delete
 *     the old pod once the new one is available — no node is ever without a ready pod.
 *
 * maxUnavailable and maxSurge are counts or percentages of the nodes that should run the
 * DaemonSet, rounded up; if both come to 0, one node may be unavailable.
 */
import { isPodAvailable } from '../replicaset/pod-util.js';
import type { Pod } from '../replicaset/pod-util.js';
import { scaledValue } from '../deployment/deployment-util.js';
import { type DaemonSet, isPodUpdated, templateGeneration } from './daemon-set-types.js';
import { type Node, nodeShouldRunDaemonPod } from './node-eligibility.js';

/** What a rolling step wants done: pods to delete, nodes to create a pod on. */
export interface RollingStep {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/** findUpdatedPodsOnNode: [new pod, old pod]; undefined when a node has more than one of either. */
export function findUpdatedPodsOnNode(ds: DaemonSet, pods: readonly Pod[], hash: string): [Pod | undefined, Pod | undefined] | undefined {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return [newPod, oldPod];
}

/**
 * updatedDesiredNodeCounts: [maxSurge, maxUnavailable, desired] — and every node that should
 * run the DaemonSet appears in nodeToPods (with no pods if it has none).
 */
export function updatedDesiredNodeCounts(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>): [number, number, number] {
  let desired = 0;
  for (const node of nodes) {
    const [shouldRun] = nodeShouldRunDaemonPod(node, ds.spec?.template);
    if (!shouldRun) continue;
    desired++;
    if (!nodeToPods.has(node.metadata!.name!)) nodeToPods.set(node.metadata!.name!, []);
  }
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  let maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
  const maxSurge = scaledValue(ru?.maxSurge ?? 0, desired, true);
  if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return [maxSurge, maxUnavailable, desired];
}

export function rollingUpdateStep(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>, hash: string, now: number): RollingStep {
  const [maxSurge, maxUnavailable] = updatedDesiredNodeCounts(ds, nodes, nodeToPods);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, now);

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const pods of nodeToPods.values()) {
      const found = findUpdatedPodsOnNode(ds, pods, hash);
      if (!found) {
        numUnavailable++;
        continue;
      }
      const [newPod, oldPod] = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) replacements.push(oldPod!.metadata!.name!);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!.metadata!.name!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replacements, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }

  let numSurge = 0;
  const allowedNewNodes: string[] = [];
  const candidateNewNodes: string[] = [];
  const podsToDelete: string[] = [];
  const byName = new Map(nodes.map((n) => [n.metadata!.name!, n]));
  for (const [nodeName, pods] of nodeToPods) {
    const found = findUpdatedPodsOnNode(ds, pods, hash);
    if (!found) continue;
    const [newPod, oldPod] = found;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        const node = byName.get(nodeName);
        if (!node || !nodeShouldRunDaemonPod(node, ds.spec?.template)[0]) {
          podsToDelete.push(oldPod.metadata!.name!);
          continue;
        }
        allowedNewNodes.push(nodeName);
      } else if (numSurge < maxSurge) candidateNewNodes.push(nodeName);
      continue;
    }
    // Surged here already: wait for the new pod, then the old one goes.
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    podsToDelete.push(oldPod.metadata!.name!);
  }
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)] };
}
