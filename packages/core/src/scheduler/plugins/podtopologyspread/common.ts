/**
 * PodTopologySpread's constraints, compiled (podtopologyspread/common.go): the pod's own
 * constraints of one kind (DoNotSchedule for Filter, ScheduleAnyway for Score), or — when it
 * has none — the profile's default constraints with the selector of the pod's siblings.
 *
 * Defaults follow kube-scheduler: minDomains 1, nodeAffinityPolicy Honor (nodes the pod
 * could not go to do not count), nodeTaintsPolicy Ignore; matchLabelKeys add the pod's own
 * values of those labels to the selector.
 */
import { type Requirement, Selector, selectorFromLabelSelector } from '../../../labels/selector.js';
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, type Node, type Pod, type TopologySpreadConstraint } from '../../api/types.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { NodeMatcher } from '../../helpers/node-affinity.js';
import { type LabelMatcher, labelMatcher } from '../../helpers/label-match.js';
import { findMatchingUntoleratedTaint } from '../../helpers/taints.js';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  /** selector, compiled for the per-pod loops (set with it). */
  matches: LabelMatcher;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

/** The system defaults (defaultingType System): spread by hostname (skew 3) and zone (skew 5). */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** Compiles the constraints of one whenUnsatisfiable action (filterTopologySpreadConstraints). */
export function filterConstraints(constraints: readonly TopologySpreadConstraint[], podLabels: Record<string, string>, action: string): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorFromLabelSelector(c.labelSelector) ?? new Selector([{ key: '', operator: 'in', values: [] }]);
    const keys = c.matchLabelKeys ?? [];
    if (keys.length > 0) {
      const extra: Requirement[] = [];
      for (const k of keys) if (podLabels[k] !== undefined) extra.push({ key: k, operator: '=', values: [podLabels[k]!] });
      if (extra.length > 0) selector = new Selector([...extra, ...selector.requirements]);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      matches: labelMatcher(selector),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/** Every constraint's topology key is a label of the node. */
export function nodeLabelsMatchSpreadConstraints(labels: Record<string, string> | undefined, constraints: readonly Constraint[]): boolean {
  if (!labels) return constraints.length === 0;
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** The node counts for this constraint under its node inclusion policies. */
export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: Node, required: NodeMatcher): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findMatchingUntoleratedTaint(node.spec?.taints ?? [], pod.spec?.tolerations)) return false;
  return true;
}

/** Pods in ns matching selector, terminating pods excluded (kubernetes#87621). */
export function countPodsMatchSelector(pods: readonly PodInfo[], matches: LabelMatcher, ns: string): number {
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (p.namespace !== ns || !matches(p.labels) || p.pod.metadata?.deletionTimestamp) continue;
    n++;
  }
  return n;
}
