/**
 * PodTopologySpread's Filter half (podtopologyspread/filtering.go). PreFilter counts, for
 * every DoNotSchedule constraint, the matching pods in each topology domain of the eligible
 * nodes, and keeps the two smallest counts (the "critical paths"). A node passes when, for
 * every constraint,
 *
 *   pods matching in its domain + (1 if the pod matches itself) − global minimum ≤ maxSkew
 *
 * where the global minimum is 0 while fewer than minDomains domains exist.
 *
 *   zone a: 2 pods, zone b: 0 pods, maxSkew 1, pod matches itself
 *   → node in a: 2 + 1 − 0 = 3 > 1, rejected;  node in b: 0 + 1 − 0 = 1, fits
 */
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PodLabelIndex } from '../../framework/pod-label-index.js';
import type { NodeInfoLister } from '../../framework/snapshot.js';
import { singleEquality } from '../../helpers/label-match.js';
import { hasRequiredNodeAffinity, requiredNodeAffinity } from '../../helpers/node-affinity.js';
import { type Constraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from './common.js';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = "node(s) didn't match pod topology spread constraints (missing required label)";

interface CriticalPath {
  topologyValue: string;
  matchNum: number;
}

/** The two smallest domains: [0] holds the minimum (criticalPaths). */
export class CriticalPaths {
  paths: [CriticalPath, CriticalPath] = [
    { topologyValue: '', matchNum: Number.MAX_SAFE_INTEGER },
    { topologyValue: '', matchNum: Number.MAX_SAFE_INTEGER },
  ];

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.paths = [{ ...this.paths[0] }, { ...this.paths[1] }];
    return c;
  }

  update(tpVal: string, num: number): void {
    const p = this.paths;
    const i: 0 | 1 | -1 = tpVal === p[0].topologyValue ? 0 : tpVal === p[1].topologyValue ? 1 : -1;
    if (i !== -1) {
      p[i].matchNum = num;
      if (p[0].matchNum > p[1].matchNum) this.paths = [p[1], p[0]];
    } else if (num < p[0].matchNum) {
      this.paths = [{ topologyValue: tpVal, matchNum: num }, p[0]];
    } else if (num < p[1].matchNum) {
      p[1] = { topologyValue: tpVal, matchNum: num };
    }
  }
}

export class PreFilterState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly criticalPaths: CriticalPaths[],
    readonly tpValueToMatchNum: Map<string, number>[],
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.criticalPaths.map((c) => c.clone()),
      this.tpValueToMatchNum.map((m) => new Map(m)),
    );
  }

  /** The global minimum for constraint i (0 while fewer than minDomains domains exist). */
  minMatchNum(i: number): number {
    if (this.tpValueToMatchNum[i]!.size < this.constraints[i]!.minDomains) return 0;
    return this.criticalPaths[i]!.paths[0].matchNum;
  }

  /** Counts podToUpdate on node in or out (AddPod/RemovePod: nominated pods, preemption). */
  updateWithPod(podToUpdate: PodInfo, preemptor: PodInfo, nodeInfo: NodeInfo, delta: number): void {
    const node = nodeInfo.node;
    if (!node || podToUpdate.namespace !== preemptor.namespace) return;
    if (!nodeLabelsMatchSpreadConstraints(node.metadata?.labels, this.constraints)) return;
    const required = requiredNodeAffinity(preemptor.pod);
    this.constraints.forEach((c, i) => {
      if (!c.matches(podToUpdate.labels)) return;
      if (!matchNodeInclusionPolicies(c, preemptor.pod, node, required)) return;
      const v = node.metadata!.labels![c.topologyKey]!;
      const n = (this.tpValueToMatchNum[i]!.get(v) ?? 0) + delta;
      this.tpValueToMatchNum[i]!.set(v, n);
      this.criticalPaths[i]!.update(v, n);
    });
  }
}

/**
 * Counts matching pods per domain over all nodes (calPreFilterState). With a label index
 * and a key=value selector the matching pods are looked up, not searched for; the walk over
 * the nodes stays, since every eligible node's domain counts even with no pod in it.
 */
export function calPreFilterState(pod: PodInfo, constraints: Constraint[], allNodes: readonly NodeInfo[], index?: PodLabelIndex, lister?: NodeInfoLister): PreFilterState {
  const byNode = constraints.map((c) => (index ? matchingPodsByNode(index, c, pod.namespace) : undefined));
  const fast = lister && allNodes === lister.list() && countByDomains(pod, constraints, byNode, lister);
  if (fast) return fast;
  const counts = constraints.map(() => new Map<string, number>());
  const required = requiredNodeAffinity(pod.pod);
  for (const info of allNodes) {
    const node = info.node!;
    const labels = node.metadata?.labels;
    if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (!matchNodeInclusionPolicies(c, pod.pod, node, required)) continue;
      const v = labels![c.topologyKey]!;
      const m = counts[i]!;
      const found = byNode[i];
      m.set(v, (m.get(v) ?? 0) + (found ? (found.get(info.name) ?? 0) : countPodsMatchSelector(info.pods, c.matches, pod.namespace)));
    }
  }
  const paths = counts.map((m) => {
    const p = new CriticalPaths();
    for (const [v, n] of m) p.update(v, n);
    return p;
  });
  return new PreFilterState(constraints, paths, counts);
}

/**
 * calPreFilterState over the lister's precomputed domains, when every node of a domain counts
 * alike — the pod restricts no nodes (no nodeSelector or required node affinity) and no
 * constraint honours taints — and every constraint's matching pods are indexed: the domains
 * come from typed arrays, the counts from the matching pods alone, the same figures as the
 * walk over every node's labels. Undefined when it does not apply.
 */
function countByDomains(pod: PodInfo, constraints: Constraint[], byNode: Array<Map<string, number> | undefined>, lister: NodeInfoLister): PreFilterState | undefined {
  if (!lister.domains || !lister.positionOf || hasRequiredNodeAffinity(pod.pod)) return undefined;
  if (constraints.some((c, i) => c.nodeTaintsPolicy === 'Honor' || !byNode[i])) return undefined;
  const domains = constraints.map((c) => lister.domains!(c.topologyKey));
  const n = lister.list().length;
  // A node counts only when it carries every constraint's key (nodeLabelsMatchSpreadConstraints).
  const eligible = (pos: number) => {
    for (const d of domains) if (d.of[pos]! < 0) return false;
    return true;
  };
  const counts = domains.map((d, i) => {
    const present = new Uint8Array(d.values.length);
    const order: number[] = [];
    for (let pos = 0; pos < n; pos++) {
      const v = d.of[pos]!;
      if (v < 0 || present[v] || (domains.length > 1 && !eligible(pos))) continue;
      present[v] = 1;
      order.push(v);
    }
    const num = new Float64Array(d.values.length);
    for (const [nodeName, k] of byNode[i]!) {
      const pos = lister.positionOf!(nodeName);
      if (pos < 0 || !eligible(pos)) continue;
      const v = d.of[pos]!;
      num[v] = num[v]! + k;
    }
    // Domains in the order the walk over the nodes would have met them.
    return new Map(order.map((v) => [d.values[v]!, num[v]!]));
  });
  const paths = counts.map((m) => {
    const p = new CriticalPaths();
    for (const [v, k] of m) p.update(v, k);
    return p;
  });
  return new PreFilterState(constraints, paths, counts);
}

/** For a key=value selector: how many pods in ns it selects on each node (countPodsMatchSelector's rules). */
function matchingPodsByNode(index: PodLabelIndex, c: Constraint, ns: string): Map<string, number> | undefined {
  const eq = singleEquality(c.selector);
  if (!eq) return undefined;
  const out = new Map<string, number>();
  const candidates = index.podsWith(eq[0], eq[1]);
  if (!candidates) return out;
  for (const { pod: p, nodeName } of candidates.values()) {
    if (p.namespace !== ns || !c.matches(p.labels) || p.pod.metadata?.deletionTimestamp) continue;
    out.set(nodeName, (out.get(nodeName) ?? 0) + 1);
  }
  return out;
}
