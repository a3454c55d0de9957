/**
 * A DaemonSet's status (pkg/controller/daemon/daemon_controller.go updateDaemonSetStatus):
 * counted over the nodes, looking at the oldest pod on each —
 *
 *   desiredNumberScheduled  nodes that should run it;
 *   currentNumberScheduled  of those, nodes that have a pod;
 *   numberMisscheduled      nodes that have a pod but should not;
 *   numberReady / numberAvailable   ready, and ready for minReadySeconds;
 *   updatedNumberScheduled  nodes whose pod is of the current revision;
 *   numberUnavailable       desired minus available.
 *
 * `kubectl rollout status ds/x` compares updatedNumberScheduled and numberAvailable with
 * desiredNumberScheduled.
 */
import type { KubeClient } from '@kubelab/core/client/client';
import { canonicalJson } from '../history/hash.js';
import { type Pod, isPodAvailable, isPodReady } from '../replicaset/pod-util.js';
import { DAEMON_SETS, type DaemonSet, type DaemonSetStatus, isPodUpdated, templateGeneration } from './daemon-set-types.js';
import { type Node, nodeShouldRunDaemonPod } from './node-eligibility.js';

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name. */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const sa = Boolean(a.spec?.nodeName);
  const sb = Boolean(b.spec?.nodeName);
  if (sa !== sb) return sa ? -1 : 1;
  const ca = a.metadata?.creationTimestamp ?? '';
  const cb = b.metadata?.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function calculateDaemonSetStatus(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>, hash: string, now: number): DaemonSetStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const [shouldRun] = nodeShouldRunDaemonPod(node, ds.spec?.template);
    const pods = nodeToPods.get(node.metadata!.name!) ?? [];
    if (!shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, now)) available++;
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  const status: DaemonSetStatus = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
  };
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available) status.numberUnavailable = desired - available;
  if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
  if (ds.status?.conditions) status.conditions = ds.status.conditions;
  return status;
}

/** storeDaemonSetStatus: written when a count (or, if asked, observedGeneration) changed. */
export async function storeDaemonSetStatus(client: KubeClient, ds: DaemonSet, status: DaemonSetStatus, updateObservedGen: boolean): Promise<void> {
  const generation = ds.metadata?.generation ?? 0;
  const observed = updateObservedGen ? generation : ds.status?.observedGeneration;
  const next: DaemonSetStatus = { ...status };
  if (observed) next.observedGeneration = observed;
  if (canonicalJson(next) === canonicalJson(ds.status ?? {})) return;
  await client.updateStatus(DAEMON_SETS, { ...ds, status: next });
}

/** With minReadySeconds, look again once ready pods may have become available. */
export function resyncAfterMs(ds: DaemonSet, status: DaemonSetStatus): number | undefined {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  return minReady > 0 && status.numberReady !== (status.numberAvailable ?? 0) ? minReady * 1000 : undefined;
}
