/**
 * Which pods go first when a controller has too many (controller_utils.go ActivePods and
 * ActivePodsWithRanks): the least useful first, so scaling down costs as little as possible.
 *
 *   1. unscheduled before scheduled;
 *   2. Pending before Unknown before Running;
 *   3. not ready before ready;
 *   4. lower controller.kubernetes.io/pod-deletion-cost first (ranked sort only);
 *   5. pods doubled up on a node with related pods first (ranked sort only);
 *   6. ready for less time first;
 *   7. more container restarts first;
 *   8. newer first.
 *
 * The ranked sort is LogarithmicScaleDown's (GA in 1.31): ready times and ages are compared
 * in powers-of-two buckets of their distance from now, and pods in the same bucket are
 * ordered by uid — effectively at random — so that scaling down does not always pick the
 * very newest pods and leave a skew across failure domains.
 */
import { type Pod, isPodActive, isPodReady, maxContainerRestarts, podDeletionCost, podReadyTime, timeOf } from './pod-util.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrder(pod: Pod): number {
  return PHASE_ORDER[pod.status?.phase ?? ''] ?? 0;
}

/** afterOrZero: t1 is after t2, a missing time counting as later than any. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** The first three rules, shared by both orders; undefined when they tie. */
function compareLifecycle(a: Pod, b: Pod): boolean | undefined {
  const assignedA = Boolean(a.spec?.nodeName);
  const assignedB = Boolean(b.spec?.nodeName);
  if (assignedA !== assignedB) return !assignedA;
  if (phaseOrder(a) !== phaseOrder(b)) return phaseOrder(a) < phaseOrder(b);
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  return undefined;
}

/** controller.ActivePods Less: true when a should go before b. */
export function activePodLess(a: Pod, b: Pod): boolean {
  const lifecycle = compareLifecycle(a, b);
  if (lifecycle !== undefined) return lifecycle;
  if (isPodReady(a) && isPodReady(b)) {
    const ra = podReadyTime(a);
    const rb = podReadyTime(b);
    if (ra !== rb) return afterOrZero(ra, rb);
  }
  const restartsA = maxContainerRestarts(a);
  const restartsB = maxContainerRestarts(b);
  if (restartsA !== restartsB) return restartsA > restartsB;
  const ca = timeOf(a.metadata?.creationTimestamp);
  const cb = timeOf(b.metadata?.creationTimestamp);
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** Sorts pods in ActivePods order (the Job controller's removal order). */
export function sortActivePods<T extends Pod>(pods: T[]): T[] {
  return pods.sort((a, b) => (activePodLess(a, b) ? -1 : activePodLess(b, a) ? 1 : 0));
}

/** logarithmicRankDiff: the difference of floor(log2(now - t)) in nanoseconds. */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return rank(t1) - rank(t2);
}

function compareTimes(ta: number | undefined, tb: number | undefined, a: Pod, b: Pod, now: number): boolean {
  if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logarithmicRankDiff(ta, tb, now);
  if (diff === 0) return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
  return diff < 0;
}

export interface RankedPod<T extends Pod = Pod> {
  pod: T;
  /** How many related active pods share the pod's node (more: deleted sooner). */
  rank: number;
}

/** ActivePodsWithRanks Less. */
export function rankedPodLess(a: RankedPod, b: RankedPod, now: number): boolean {
  const lifecycle = compareLifecycle(a.pod, b.pod);
  if (lifecycle !== undefined) return lifecycle;
  const costA = podDeletionCost(a.pod);
  const costB = podDeletionCost(b.pod);
  if (costA !== costB) return costA < costB;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (isPodReady(a.pod) && isPodReady(b.pod)) {
    const ra = podReadyTime(a.pod);
    const rb = podReadyTime(b.pod);
    if (ra !== rb) return compareTimes(ra, rb, a.pod, b.pod, now);
  }
  const restartsA = maxContainerRestarts(a.pod);
  const restartsB = maxContainerRestarts(b.pod);
  if (restartsA !== restartsB) return restartsA > restartsB;
  const ca = timeOf(a.pod.metadata?.creationTimestamp);
  const cb = timeOf(b.pod.metadata?.creationTimestamp);
  if (ca !== cb) return compareTimes(ca, cb, a.pod, b.pod, now);
  return false;
}

/**
 * getPodsRankedByRelatedPodsOnSameNode + sort: each pod ranked by how many active related
 * pods (of this controller and its siblings under the same owner) run on its node.
 */
export function podsInDeletionOrder<T extends Pod>(pods: readonly T[], related: readonly Pod[], now: number): T[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked: RankedPod<T>[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => (rankedPodLess(a, b, now) ? -1 : rankedPodLess(b, a, now) ? 1 : 0));
  return ranked.map((r) => r.pod);
}
