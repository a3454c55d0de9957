/**
 * The short "Scheduling:" section `kubelab describe pod --show-scheduling` adds before the
 * events: the last attempt's outcome, the nodes rejected grouped by the plugin and words
 * that rejected them (as the FailedScheduling message counts them), the best totals, and the
 * command that shows the whole table. kubectl describe has no such section, so kubelab
 * prints it only when asked and stays byte for byte kubectl's otherwise.
 *
 *   Scheduling:
 *     Scheduler:   default-scheduler (attempt 1 at 2026-11-24T06:10:00Z)
 *     Result:      Scheduled on worker-2
 *     Nodes:       4 in the cluster, 4 evaluated, 3 feasible
 *     Rejected:    1 by TaintToleration: node(s) had untolerated taint {…: } (control-plane)
 *     Top scores:  worker-2 412, worker-3 398, worker-1 390
 *     Details:     kubelab why pod/web-1 -n default
 */
import type { SchedulingDecision } from '@kubelab/core/scheduler/framework/decision';
import type { PrefixWriter } from '../describe/writer.js';
import { resultLine, verdictText } from './table.js';

const LEVEL_0 = 0;
const LEVEL_1 = 1;
const NAMES_SHOWN = 3;
const TOP_SCORES = 3;

/** "1 by TaintToleration: node(s) had untolerated taint {…} (control-plane)", most common first. */
export function rejectedGroups(d: SchedulingDecision): string[] {
  const groups = new Map<string, string[]>();
  for (const n of d.nodes) {
    if (n.feasible) continue;
    const v = n.filters.find((f) => f.code !== 'Success');
    if (!v) continue;
    const key = `${v.plugin}: ${verdictText(v)}`;
    const names = groups.get(key) ?? [];
    names.push(n.name);
    groups.set(key, names);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([key, names]) => {
      const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? `, … ${names.length - NAMES_SHOWN} more` : '');
      return `${names.length} by ${key} (${shown})`;
    });
}

export function describeScheduling(d: SchedulingDecision | string, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Scheduling:\n');
  if (typeof d === 'string') {
    w.write(LEVEL_1, `${d}\n`);
    return;
  }
  w.write(LEVEL_1, `Scheduler:\t${d.schedulerName} (attempt ${d.attempt} at ${d.time})\n`);
  w.write(LEVEL_1, `Result:\t${resultLine(d)}\n`);
  const nominated = d.nominatedNodeName ?? d.preemption?.nominatedNodeName;
  if (nominated) w.write(LEVEL_1, `Nominated:\t${nominated}\n`);
  w.write(LEVEL_1, `Nodes:\t${d.totalNodes} in the cluster, ${d.nodes.length} evaluated, ${d.feasibleNodes} feasible\n`);
  rejectedGroups(d).forEach((g, i) => w.write(LEVEL_1, `${i === 0 ? 'Rejected:' : ''}\t${g}\n`));
  const top = d.nodes
    .filter((n) => n.totalScore !== undefined)
    .sort((a, b) => b.totalScore! - a.totalScore! || a.name.localeCompare(b.name, 'en', { numeric: true }))
    .slice(0, TOP_SCORES);
  if (top.length > 0) w.write(LEVEL_1, `Top scores:\t${top.map((n) => `${n.name} ${n.totalScore}`).join(', ')}\n`);
  w.write(LEVEL_1, `Details:\tkubelab why pod/${d.metadata.name} -n ${d.metadata.namespace}\n`);
}
