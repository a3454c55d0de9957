/**
 * InterPodAffinity's Filter half (interpodaffinity/filtering.go). PreFilter counts, per
 * topology pair (key, value):
 *
 *   existingAntiAffinityCounts  existing pods whose required anti-affinity selects the pod
 *   affinityCounts              existing pods matching ALL of the pod's required affinity terms
 *   antiAffinityCounts          existing pods matching each of the pod's anti-affinity terms
 *
 * and a node then passes when
 *   - every affinity term's topology domain of the node holds a matching pod — or no pod in
 *     the cluster matches yet and the pod matches its own terms (the first of a group);
 *     "node(s) didn't match pod affinity rules" (UnschedulableAndUnresolvable);
 *   - no anti-affinity term's domain of the node holds a matching pod;
 *     "node(s) didn't match pod anti-affinity rules";
 *   - no existing pod's anti-affinity covers any of the node's domains;
 *     "node(s) didn't satisfy existing pods anti-affinity rules".
 */
import type { Node } from '../../api/types.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type AffinityTerm, type PodInfo, termSelects } from '../../framework/pod-info.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/**
 * Counts by topology pair (key, value), held per key so that a node is checked with one
 * lookup per topology key the counts use — usually just kubernetes.io/hostname — rather than
 * one per node label, and without building "key=value" strings. size counts the pairs.
 */
export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  size = 0;

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  add(key: string, value: string, delta: number): void {
    let byValue = this.byKey.get(key);
    if (!byValue) this.byKey.set(key, (byValue = new Map()));
    const before = byValue.get(value) ?? 0;
    const n = before + delta;
    if (n === 0) {
      if (byValue.delete(value)) this.size--;
      if (byValue.size === 0) this.byKey.delete(key);
    } else {
      if (before === 0 && !byValue.has(value)) this.size++;
      byValue.set(value, n);
    }
  }

  /** Some label (k, v) of the node has a positive count. */
  anyPositiveIn(labels: Record<string, string>): boolean {
    for (const [key, byValue] of this.byKey) {
      const v = labels[key];
      if (v !== undefined && (byValue.get(v) ?? 0) > 0) return true;
    }
    return false;
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, byValue] of this.byKey) c.byKey.set(k, new Map(byValue));
    c.size = this.size;
    return c;
  }
}

/** The pod matches every term (podMatchesAllAffinityTerms); false for no terms. */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termSelects(t, pod.namespace, pod.labels, undefined)) return false;
  return true;
}

export function updateWithAffinityTerms(m: TopologyCounts, terms: readonly AffinityTerm[], pod: PodInfo, node: Node, value: number): void {
  if (!podMatchesAllAffinityTerms(terms, pod)) return;
  const labels = node.metadata?.labels ?? {};
  for (const t of terms) {
    const v = labels[t.topologyKey];
    if (v !== undefined) m.add(t.topologyKey, v, value);
  }
}

export function updateWithAntiAffinityTerms(
  m: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: PodInfo,
  nsLabels: Record<string, string> | undefined,
  node: Node,
  value: number,
): void {
  if (terms.length === 0) return;
  const labels = node.metadata?.labels ?? {};
  for (const t of terms) {
    if (!termSelects(t, pod.namespace, pod.labels, nsLabels)) continue;
    const v = labels[t.topologyKey];
    if (v !== undefined) m.add(t.topologyKey, v, value);
  }
}

export class PreFilterState implements StateData {
  constructor(
    /** The incoming pod, with namespace selectors of its required terms resolved to names. */
    readonly requiredAffinityTerms: AffinityTerm[],
    readonly requiredAntiAffinityTerms: AffinityTerm[],
    readonly podInfo: PodInfo,
    readonly namespaceLabels: Record<string, string> | undefined,
    readonly existingAntiAffinityCounts: TopologyCounts,
    readonly affinityCounts: TopologyCounts,
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.requiredAffinityTerms,
      this.requiredAntiAffinityTerms,
      this.podInfo,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  /** Counts pi on node in or out (AddPod / RemovePod). */
  updateWithPod(pi: PodInfo, node: Node, multiplier: number): void {
    updateWithAntiAffinityTerms(this.existingAntiAffinityCounts, pi.requiredAntiAffinityTerms, this.podInfo, this.namespaceLabels, node, multiplier);
    updateWithAffinityTerms(this.affinityCounts, this.requiredAffinityTerms, pi, node, multiplier);
    updateWithAntiAffinityTerms(this.antiAffinityCounts, this.requiredAntiAffinityTerms, pi, undefined, node, multiplier);
  }
}

export function satisfyPodAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  let podsExist = true;
  const labels = nodeInfo.labels;
  for (const t of s.requiredAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when nothing matches yet.
  return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinityTerms, s.podInfo);
}

export function satisfyPodAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.labels;
  for (const t of s.requiredAntiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
  }
  return true;
}

export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  return !s.existingAntiAffinityCounts.anyPositiveIn(nodeInfo.labels);
}
