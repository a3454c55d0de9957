/**
 * `kubelab why pod/NAME`'s text: the last scheduling attempt as a nodes × plugins table.
 * kube-scheduler shows only the summary (the FailedScheduling message); this shows what it
 * summarises — each filter plugin's verdict on each node it looked at, in the plugin's own
 * words, and each score plugin's raw score, the score after NormalizeScore (0–100) and that
 * times the plugin's weight, summed into the node's total. The chosen node is marked "*".
 *
 *   Pod:        default/web-1
 *   Scheduler:  default-scheduler (attempt 2 at 2026-11-24T06:10:00Z)
 *   Result:     Scheduled on worker-2
 *   Nodes:      4 in the cluster, 4 evaluated, 3 feasible
 *
 *   Filter ("-": not run, an earlier filter rejected the node)
 *     NODE            NodeUnschedulable   TaintToleration                          NodeResourcesFit
 *     control-plane   ok                  node(s) had untolerated taint {…: }      -
 *   * worker-2        ok                  ok                                       ok
 *
 *   Score (raw/normalized/weighted; the weight after ×)
 *     NODE       TaintToleration ×3   NodeResourcesFit ×1   TOTAL
 *   * worker-2   0/100/300            87/87/87              387
 */
import type { NodeDecision, SchedulingDecision, Verdict } from '@kubelab/core/scheduler/framework/decision';
import { TabWriter } from '@kubelab/core/print/tabwriter';

const LAYOUT = { minWidth: 0, tabWidth: 8, padding: 3, padChar: ' ', rememberWidths: false };

/** Node names in the order people sort them: worker-2 before worker-10. */
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en', { numeric: true });

function table(rows: string[][]): string {
  let out = '';
  const tw = new TabWriter((c) => (out += c), LAYOUT);
  for (const r of rows) tw.write(`${r.join('\t')}\n`);
  tw.flush();
  return out;
}

/** A verdict in the plugin's words: "ok", or its reasons as Status.Message() joins them. */
export function verdictText(v: Verdict): string {
  if (v.code === 'Success') return 'ok';
  const words = v.reasons?.join(', ') ?? '';
  if (v.code === 'Error') return `error: ${words}`;
  return words || v.code;
}

function mark(d: SchedulingDecision, node: string): string {
  return `${node === d.nodeName ? '*' : ' '} ${node}`;
}

/** The header lines both `why` and describe's section share the facts of. */
export function resultLine(d: SchedulingDecision): string {
  if (d.result === 'Scheduled') {
    const bound = d.binding?.result === 'Failed' ? ` (binding failed: ${d.binding.message ?? ''})` : d.binding?.result === 'InProgress' ? ' (binding in progress)' : '';
    return `Scheduled on ${d.nodeName}${bound}`;
  }
  return d.result;
}

function header(d: SchedulingDecision): string[][] {
  const rows: string[][] = [
    ['Pod:', `${d.metadata.namespace}/${d.metadata.name}`],
    ['Scheduler:', `${d.schedulerName} (attempt ${d.attempt} at ${d.time})`],
    ['Result:', resultLine(d)],
  ];
  if (d.message) rows.push(['Message:', d.message]);
  const nominated = d.nominatedNodeName ?? d.preemption?.nominatedNodeName;
  if (nominated) {
    const victims = d.preemption?.victims?.length ? ` (preempting ${d.preemption.victims.join(', ')})` : '';
    rows.push(['Nominated:', `${nominated}${victims}`]);
  }
  if (d.preemption?.message && !d.message?.includes(d.preemption.message)) rows.push(['Preemption:', d.preemption.message]);
  const notEvaluated = d.notEvaluatedNodes > 0 ? ` (the search stopped once it had enough feasible nodes, as kube-scheduler's does: ${d.notEvaluatedNodes} not looked at)` : '';
  rows.push(['Nodes:', `${d.totalNodes} in the cluster, ${d.nodes.length} evaluated, ${d.feasibleNodes} feasible${notEvaluated}`]);
  for (const v of d.preFilter) {
    if (v.code !== 'Success' && v.code !== 'Skip') rows.push(['PreFilter:', `${v.plugin}: ${verdictText(v)}`]);
  }
  const skipped = d.preFilter.filter((v) => v.code === 'Skip').map((v) => v.plugin);
  if (skipped.length > 0) rows.push(['Skipped:', `${skipped.join(', ')} (nothing to check for this pod)`]);
  return rows;
}

function filterTable(d: SchedulingDecision, nodes: NodeDecision[]): string {
  // Plugins that answered for nodes without being a run filter (a PreFilter's verdict for
  // every node, such as NodeAffinity's when spec.nodeName names another node) get a column too.
  const plugins = [...d.filterPlugins];
  for (const n of nodes) for (const f of n.filters) if (!plugins.includes(f.plugin)) plugins.push(f.plugin);
  const rows = [['  NODE', ...plugins]];
  for (const n of nodes) {
    const cells = plugins.map((p) => {
      const v = n.filters.find((f) => f.plugin === p);
      return v ? verdictText(v) : '-';
    });
    rows.push([mark(d, n.name), ...cells]);
  }
  return table(rows);
}

function scoreTable(d: SchedulingDecision, nodes: NodeDecision[]): string {
  const plugins = nodes[0]?.scores?.map((s) => `${s.plugin} ×${s.weight}`) ?? d.scorePlugins.map((p) => `${p.plugin} ×${p.weight}`);
  const rows = [['  NODE', ...plugins, 'TOTAL']];
  for (const n of nodes) rows.push([mark(d, n.name), ...(n.scores ?? []).map((s) => `${s.raw}/${s.normalized}/${s.weighted}`), String(n.totalScore ?? 0)]);
  return table(rows);
}

/** The whole explanation. */
export function whyText(d: SchedulingDecision): string {
  let out = table(header(d));
  const nodes = [...d.nodes].sort(byName);
  if (nodes.length > 0) {
    out += `\nFilter ("-": not run, an earlier filter rejected the node)\n`;
    out += filterTable(d, nodes);
  }
  const scored = nodes.filter((n) => n.scores).sort((a, b) => (b.totalScore ?? 0) - (a.totalScore ?? 0) || byName(a, b));
  if (scored.length > 0) {
    out += `\nScore (raw/normalized/weighted, weighted = normalized × the plugin's weight)\n`;
    out += scoreTable(d, scored);
  } else if (d.feasibleNodes === 1 && d.result === 'Scheduled') {
    out += `\nScore: not run, ${d.nodeName} was the only feasible node (kube-scheduler scores only when there is a choice)\n`;
  }
  return out;
}
