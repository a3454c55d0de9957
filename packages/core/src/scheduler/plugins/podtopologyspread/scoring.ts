/**
 * PodTopologySpread's Score half (podtopologyspread/scoring.go), for ScheduleAnyway
 * constraints (the pod's, or the defaults). A node's raw score is, over its constraints,
 *
 *   Σ matchingPods(domain) × log(domains + 2) + (maxSkew − 1)
 *
 * — fewer matching pods is better — and the normaliser maps it to
 * 100 × (max + min − score) / max, giving 0 to nodes missing a required topology label.
 * With the system defaults, nodes without a zone label still spread by hostname.
 */
import { LABEL_HOSTNAME } from '../../api/types.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { MAX_NODE_SCORE } from '../../framework/status.js';
import { requiredNodeAffinity } from '../../helpers/node-affinity.js';
import { type Constraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from './common.js';

export class PreScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    /** Nodes missing a topology key: scored 0. */
    readonly ignoredNodes: Set<string>,
    /** Per constraint: matching pods per domain (hostname domains are counted in Score). */
    readonly topologyValueToPodCounts: Map<string, number>[],
    readonly topologyNormalizingWeight: number[],
  ) {}

  clone(): StateData {
    return this;
  }
}

export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/** Builds the PreScore state over the filtered nodes, counting over all nodes. */
export function calPreScoreState(
  pod: PodInfo,
  constraints: Constraint[],
  filteredNodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  requireAllTopologies: boolean,
): PreScoreState {
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  const topoSize = constraints.map(() => 0);
  for (const info of filteredNodes) {
    const labels = info.labels;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
      ignored.add(info.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const v = labels[c.topologyKey] ?? '';
      if (!counts[i]!.has(v)) {
        counts[i]!.set(v, 0);
        topoSize[i]!++;
      }
    });
  }
  const weights = constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : topoSize[i]!));
  const required = requiredNodeAffinity(pod.pod);
  for (const info of allNodes) {
    const node = info.node!;
    const labels = info.labels;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod.pod, node, required)) return;
      const v = labels[c.topologyKey] ?? '';
      const m = counts[i]!;
      const cur = m.get(v);
      // Domains with no candidate node are not counted; hostname domains are counted in Score.
      if (cur === undefined) return;
      m.set(v, cur + countPodsMatchSelector(info.pods, c.matches, pod.namespace));
    });
  }
  return new PreScoreState(constraints, ignored, counts, weights);
}

export function scoreNode(s: PreScoreState, pod: PodInfo, info: NodeInfo): number {
  if (s.ignoredNodes.has(info.name)) return 0;
  const labels = info.labels;
  let score = 0;
  s.constraints.forEach((c, i) => {
    const v = labels[c.topologyKey];
    if (v === undefined) return;
    const cnt = c.topologyKey === LABEL_HOSTNAME ? countPodsMatchSelector(info.pods, c.matches, pod.namespace) : (s.topologyValueToPodCounts[i]!.get(v) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
  });
  return Math.round(score);
}

export function normalizeScores(s: PreScoreState, scores: number[], nodes: readonly NodeInfo[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  const ignored = new Array<boolean>(scores.length);
  for (let i = 0; i < scores.length; i++) {
    if (s.ignoredNodes.has(nodes[i]!.name)) {
      ignored[i] = true;
      continue;
    }
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    if (ignored[i]) {
      scores[i] = 0;
      continue;
    }
    scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  }
}
