/**
 * The "why" of one scheduling attempt: every plugin's verdict on every node the attempt
 * looked at, and every score — raw, normalised and weighted — so a user can see why a pod
 * went where it went, or why it is Pending (`kubelab why pod/NAME`). kube-scheduler keeps
 * none of this; kubelab records it from what the cycle computed anyway (no extra plugin
 * calls), and serves it as a SchedulingDecision document:
 *
 *   kind: SchedulingDecision
 *   apiVersion: scheduler.kubelab.dev/v1alpha1
 *   metadata: {namespace: default, name: web-1, uid: ...}
 *   schedulerName: default-scheduler
 *   attempt: 1
 *   result: Scheduled | Unschedulable | Error
 *   nodeName: worker-2                # the chosen node
 *   message: "0/4 nodes are available: ..."   # when not scheduled
 *   nodes:
 *   - name: worker-1
 *     feasible: false
 *     filters: [{plugin: NodeUnschedulable, code: Success}, {plugin: TaintToleration,
 *               code: UnschedulableAndUnresolvable, reasons: [...]}]
 *   - name: worker-2
 *     feasible: true
 *     filters: [... all Success ...]
 *     scores: [{plugin: NodeResourcesFit, raw: 87, normalized: 87, weight: 1, weighted: 87}, ...]
 *     totalScore: 412
 *
 * Like kube-scheduler, a cycle stops filtering once it has found enough feasible nodes
 * (numFeasibleNodesToFind); nodes it never looked at are counted in notEvaluatedNodes.
 */
import type { CycleOutcome } from '../algorithm/schedule-pod.js';
import type { PluginScores } from './framework.js';
import type { PodInfo } from './pod-info.js';
import { type CodeName, type Status, codeName } from './status.js';

export const DECISION_API_VERSION = 'scheduler.kubelab.dev/v1alpha1';
export const DECISION_KIND = 'SchedulingDecision';

export type DecisionResult = 'Scheduled' | 'Unschedulable' | 'Error';

export interface Verdict {
  plugin: string;
  code: CodeName;
  reasons?: string[];
}

export interface NodeScore {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface NodeDecision {
  name: string;
  feasible: boolean;
  filters: Verdict[];
  scores?: NodeScore[];
  totalScore?: number;
}

export interface SchedulingDecision {
  kind: typeof DECISION_KIND;
  apiVersion: typeof DECISION_API_VERSION;
  metadata: { namespace: string; name: string; uid: string };
  schedulerName: string;
  attempt: number;
  time: string;
  result: DecisionResult;
  nodeName?: string;
  message?: string;
  nominatedNodeName?: string;
  preemption?: { message?: string; nominatedNodeName?: string; victims?: string[] };
  binding?: { result: 'Bound' | 'Failed' | 'InProgress'; message?: string };
  totalNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  notEvaluatedNodes: number;
  preFilter: Verdict[];
  filterPlugins: string[];
  scorePlugins: Array<{ plugin: string; weight: number }>;
  nodes: NodeDecision[];
}

/**
 * What is kept of one attempt: the node lists the cycle built anyway (referenced, not
 * copied or joined — joining 500 names a cycle cost more than the rest of the record), every
 * score in one Int32Array.
 */
export interface DecisionRecord {
  namespace: string;
  name: string;
  uid: string;
  schedulerName: string;
  attempt: number;
  timeMs: number;
  result: DecisionResult;
  nodeName?: string;
  message?: string;
  nominatedNodeName?: string;
  preemption?: SchedulingDecision['preemption'];
  binding?: SchedulingDecision['binding'];
  totalNodes: number;
  evaluatedNodes: number;
  preFilter: Array<{ plugin: string; status: Status | null }>;
  filterPlugins: string[];
  scorePlugins: Array<{ plugin: string; weight: number }>;
  /** The feasible nodes (the cycle's own list; only the names are read). */
  feasible: readonly NamedNode[];
  feasibleCount: number;
  rejected: Array<[string, Status]>;
  /** The status of every node not in rejected (a PreFilter rejection, a PreFilterResult). */
  absentStatus?: Status;
  allNodeNames?: string[];
  /**
   * Scores of the scored nodes: for plugin p and node i, raw at values[(2p) × n + i],
   * normalised at values[(2p + 1) × n + i].
   */
  scores?: { nodes: readonly NamedNode[]; count: number; plugins: Array<{ plugin: string; weight: number }>; values: Int32Array };
}

/** A node as a record keeps it: its name is all that is read. */
export interface NamedNode {
  readonly name: string;
}

function packScores(nodes: readonly NamedNode[], plugins: readonly PluginScores[]): NonNullable<DecisionRecord['scores']> {
  const n = nodes.length;
  const values = new Int32Array(2 * plugins.length * n);
  plugins.forEach((p, k) => {
    values.set(p.raw, 2 * k * n);
    values.set(p.normalized, (2 * k + 1) * n);
  });
  return { nodes, count: n, plugins: plugins.map((p) => ({ plugin: p.plugin, weight: p.weight })), values };
}

/** Keeps what the cycle computed (cheap: arrays are referenced, not copied). */
export function recordDecision(
  pod: PodInfo,
  schedulerName: string,
  attempt: number,
  timeMs: number,
  scorePlugins: Array<{ plugin: string; weight: number }>,
  out: CycleOutcome,
): DecisionRecord {
  const d = out.diagnosis;
  const result: DecisionResult = out.suggestedHost ? 'Scheduled' : out.fitError || out.noNodes ? 'Unschedulable' : 'Error';
  const rec: DecisionRecord = {
    namespace: pod.namespace,
    name: pod.pod.metadata?.name ?? '',
    uid: pod.uid,
    schedulerName,
    attempt,
    timeMs,
    result,
    totalNodes: out.totalNodes,
    evaluatedNodes: out.evaluatedNodes,
    preFilter: out.preFilter?.verdicts ?? [],
    filterPlugins: out.filterPlugins,
    scorePlugins,
    feasible: out.feasibleNodes,
    feasibleCount: out.feasibleNodes.length,
    rejected: [...d.nodeToStatus.entries()],
  };
  if (out.suggestedHost) rec.nodeName = out.suggestedHost;
  if (out.fitError) rec.message = out.fitError.message;
  else if (out.noNodes) rec.message = 'no nodes available to schedule pods';
  else if (out.error) rec.message = out.error.message();
  if (d.nodeToStatus.absentNodesStatus) {
    rec.absentStatus = d.nodeToStatus.absentNodesStatus;
    rec.allNodeNames = out.fitError?.allNodeNames as string[] | undefined;
  }
  if (out.scores) rec.scores = packScores(out.scores.nodes, out.scores.plugins);
  return rec;
}

function verdictOf(plugin: string, s: Status | null): Verdict {
  if (!s) return { plugin, code: 'Success' };
  const v: Verdict = { plugin, code: codeName(s.code) };
  if (s.reasons.length > 0) v.reasons = [...s.reasons];
  return v;
}

/** The document served for a record. */
export function decisionDocument(r: DecisionRecord): SchedulingDecision {
  const nodes = new Map<string, NodeDecision>();
  const passAll = (): Verdict[] => r.filterPlugins.map((p) => ({ plugin: p, code: 'Success' }));
  for (const { name } of r.feasible) nodes.set(name, { name, feasible: true, filters: passAll() });
  for (const [name, s] of r.rejected) {
    const filters: Verdict[] = [];
    for (const p of r.filterPlugins) {
      if (p === s.plugin) break;
      filters.push({ plugin: p, code: 'Success' });
    }
    filters.push(verdictOf(s.plugin || 'Filter', s));
    nodes.set(name, { name, feasible: false, filters });
  }
  if (r.absentStatus) {
    for (const name of r.allNodeNames ?? []) {
      if (!nodes.has(name)) nodes.set(name, { name, feasible: false, filters: [verdictOf(r.absentStatus.plugin || 'PreFilter', r.absentStatus)] });
    }
  }
  if (r.scores) {
    const { count, plugins, values } = r.scores;
    r.scores.nodes.forEach(({ name }, i) => {
      const n = nodes.get(name);
      if (!n) return;
      n.scores = plugins.map((p, k) => {
        const normalized = values[(2 * k + 1) * count + i]!;
        return { plugin: p.plugin, raw: values[2 * k * count + i]!, normalized, weight: p.weight, weighted: normalized * p.weight };
      });
      n.totalScore = n.scores.reduce((sum, s) => sum + s.weighted, 0);
    });
  }
  const doc: SchedulingDecision = {
    kind: DECISION_KIND,
    apiVersion: DECISION_API_VERSION,
    metadata: { namespace: r.namespace, name: r.name, uid: r.uid },
    schedulerName: r.schedulerName,
    attempt: r.attempt,
    time: new Date(r.timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    result: r.result,
    totalNodes: r.totalNodes,
    evaluatedNodes: r.evaluatedNodes,
    feasibleNodes: r.feasibleCount,
    notEvaluatedNodes: Math.max(0, r.totalNodes - nodes.size),
    preFilter: r.preFilter.map((v) => verdictOf(v.plugin, v.status)),
    filterPlugins: r.filterPlugins,
    scorePlugins: r.scorePlugins,
    nodes: [...nodes.values()],
  };
  if (r.nodeName) doc.nodeName = r.nodeName;
  if (r.message) doc.message = r.message;
  if (r.nominatedNodeName) doc.nominatedNodeName = r.nominatedNodeName;
  if (r.preemption) doc.preemption = r.preemption;
  if (r.binding) doc.binding = r.binding;
  return doc;
}
