/**
 * InterPodAffinity's Score half (interpodaffinity/scoring.go). For each existing pod P on
 * a node N, and each topology key k of N, the domain (k, N[k]) collects:
 *
 *   + w   for each preferred affinity term of the incoming pod that P matches
 *   − w   for each preferred anti-affinity term of the incoming pod that P matches
 *   + hardPodAffinityWeight  for each required affinity term of P the incoming pod matches
 *   + w / − w  for P's own preferred (anti-)affinity terms the incoming pod matches
 *
 * A node's raw score sums its domains' values; normalisation maps [min, max] to [0, 100].
 */
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type AffinityTerm, type PodInfo, type WeightedAffinityTerm, termSelects } from '../../framework/pod-info.js';
import { MAX_NODE_SCORE } from '../../framework/status.js';

/** topology key → value → score. */
export type ScoreMap = Map<string, Map<string, number>>;

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: ScoreMap) {}

  clone(): StateData {
    return this;
  }
}

function processTerm(m: ScoreMap, term: AffinityTerm, weight: number, pod: PodInfo, nsLabels: Record<string, string> | undefined, nodeLabels: Record<string, string>, multiplier: number): void {
  if (!termSelects(term, pod.namespace, pod.labels, nsLabels)) return;
  const v = nodeLabels[term.topologyKey];
  if (v === undefined) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: PodInfo, nsLabels: Record<string, string> | undefined, nodeLabels: Record<string, string>, multiplier: number): void {
  for (const t of terms) processTerm(m, t.term, t.weight, pod, nsLabels, nodeLabels, multiplier);
}

export interface IncomingTerms {
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
}

export function processExistingPod(
  m: ScoreMap,
  incoming: PodInfo,
  terms: IncomingTerms,
  nsLabels: Record<string, string> | undefined,
  existing: PodInfo,
  nodeInfo: NodeInfo,
  hardPodAffinityWeight: number,
): void {
  const nodeLabels = nodeInfo.labels;
  if (nodeInfo.labelCount === 0) return;
  // The incoming pod's terms have their namespace selectors resolved: no labels needed.
  processTerms(m, terms.preferredAffinityTerms, existing, undefined, nodeLabels, 1);
  processTerms(m, terms.preferredAntiAffinityTerms, existing, undefined, nodeLabels, -1);
  if (hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms) processTerm(m, t, hardPodAffinityWeight, incoming, nsLabels, nodeLabels, 1);
  }
  processTerms(m, existing.preferredAffinityTerms, incoming, nsLabels, nodeLabels, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incoming, nsLabels, nodeLabels, -1);
}

export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo): number {
  const labels = nodeInfo.labels;
  let score = 0;
  for (const [key, byValue] of s.topologyScore) {
    const v = labels[key];
    if (v !== undefined) score += byValue.get(v) ?? 0;
  }
  return score;
}

export function normalizeScores(scores: number[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = Number.MIN_SAFE_INTEGER;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
  }
}
