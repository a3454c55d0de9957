/**
 * Choosing preemption victims and the node to preempt on (framework/preemption and
 * plugins/defaultpreemption):
 *
 *   victims on a node   remove every lower-priority pod; if the preemptor still does not
 *                       fit, the node is no candidate. Otherwise add pods back, most
 *                       important first — first those whose eviction would violate a
 *                       PodDisruptionBudget, then the others — keeping each that still
 *                       lets the preemptor fit. What stays removed are the victims.
 *   the node            fewest PDB violations, then the lowest highest-victim priority, then
 *                       the smallest sum of victim priorities, then the fewest victims, then
 *                       the latest start among the highest-priority victims, then the first.
 */
import { selectorFromLabelSelector } from '../../../labels/selector.js';
import type { Pod, PodDisruptionBudget } from '../../api/types.js';
import type { PodInfo } from '../../framework/pod-info.js';

export interface Victims {
  pods: PodInfo[];
  numPDBViolations: number;
}

export interface Candidate {
  nodeName: string;
  victims: Victims;
}

/** When the pod started (GetPodStartTime): status.startTime, else now. */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime;
  const ms = t ? Date.parse(t) : Number.NaN;
  return Number.isNaN(ms) ? now : ms;
}

/** a is more important than b: higher priority, then started earlier (util.MoreImportantPod). */
export function moreImportantPod(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a.pod, now) < podStartTime(b.pod, now);
}

/**
 * Splits pods (order kept) by whether evicting them all would violate a PDB
 * (filterPodsWithPDBViolation): each matching budget's disruptionsAllowed is spent pod by
 * pod; a pod already in the budget's disruptedPods spends nothing.
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    try {
      const s = selectorFromLabelSelector(p.spec?.selector);
      return s && !s.empty ? s : undefined;
    } catch {
      return undefined;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    let violated = false;
    if (Object.keys(pi.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata?.namespace !== pi.namespace) return;
        const sel = selectors[i];
        if (!sel || !sel.matches(pi.labels)) return;
        if (pdb.status?.disruptedPods?.[pi.pod.metadata?.name ?? ''] !== undefined) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/** The node to preempt on (pickOneNodeForPreemption), see the file comment. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const highest = (c: Candidate) => c.victims.pods[0]?.priority ?? 0;
  const scoreFuncs: Array<(c: Candidate) => number> = [
    (c) => -c.victims.numPDBViolations,
    (c) => -highest(c),
    // 2^31 added to each priority keeps sums of negative priorities ordered sensibly.
    (c) => -c.victims.pods.reduce((sum, p) => sum + p.priority + 2147483648, 0),
    (c) => -c.victims.pods.length,
    (c) => {
      const top = highest(c);
      let earliest = Number.POSITIVE_INFINITY;
      for (const p of c.victims.pods) if (p.priority === top) earliest = Math.min(earliest, podStartTime(p.pod, now));
      return earliest;
    },
  ];
  let all = [...candidates];
  for (const f of scoreFuncs) {
    let max = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const c of all) {
      const s = f(c);
      if (s > max) {
        max = s;
        selected = [];
      }
      if (s === max) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    all = selected;
  }
  return all[0];
}
