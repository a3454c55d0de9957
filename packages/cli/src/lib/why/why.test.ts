/**
 * kubelab why's text and describe's Scheduling section, from SchedulingDecision documents as
 * the daemon serves them; and the words for pods without a record.
 */
import type { SchedulingDecision } from '@kubelab/core/scheduler/framework/decision';
import { describe, expect, it } from 'vitest';
import { tabbed } from '../describe/writer.js';
import { whyMissing } from './fetch.js';
import { describeScheduling } from './summary.js';
import { whyText } from './table.js';

const FILTERS = ['NodeUnschedulable', 'TaintToleration', 'NodeResourcesFit'];
const TAINT = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
/** The TaintToleration column: as wide as the taint's words, and 3 spaces of padding. */
const col = (text: string) => text.padEnd(TAINT.length + 3);
const ok = (plugin: string) => ({ plugin, code: 'Success' as const });

function decision(over: Partial<SchedulingDecision>): SchedulingDecision {
  return {
    kind: 'SchedulingDecision',
    apiVersion: 'scheduler.kubelab.dev/v1alpha1',
    metadata: { namespace: 'default', name: 'web-1', uid: 'u1' },
    schedulerName: 'default-scheduler',
    attempt: 2,
    time: '2026-11-24T06:10:00Z',
    result: 'Scheduled',
    totalNodes: 3,
    evaluatedNodes: 3,
    feasibleNodes: 2,
    notEvaluatedNodes: 0,
    preFilter: [{ plugin: 'NodeAffinity', code: 'Skip' }, ok('NodeResourcesFit')],
    filterPlugins: FILTERS,
    scorePlugins: [
      { plugin: 'TaintToleration', weight: 3 },
      { plugin: 'NodeResourcesFit', weight: 1 },
    ],
    nodes: [],
    ...over,
  };
}

const scheduled = decision({
  nodeName: 'worker-2',
  nodes: [
    { name: 'worker-10', feasible: true, filters: FILTERS.map(ok), scores: [{ plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3, weighted: 300 }, { plugin: 'NodeResourcesFit', raw: 40, normalized: 40, weight: 1, weighted: 40 }], totalScore: 340 },
    { name: 'worker-2', feasible: true, filters: FILTERS.map(ok), scores: [{ plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3, weighted: 300 }, { plugin: 'NodeResourcesFit', raw: 87, normalized: 87, weight: 1, weighted: 87 }], totalScore: 387 },
    { name: 'control-plane', feasible: false, filters: [ok('NodeUnschedulable'), { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [TAINT] }] },
  ],
});

describe('kubelab why', () => {
  it('prints every filter verdict per node, "-" after a rejection, and the scores best first with the chosen node marked', () => {
    expect(whyText(scheduled)).toBe(
      [
        'Pod:         default/web-1',
        'Scheduler:   default-scheduler (attempt 2 at 2026-11-24T06:10:00Z)',
        'Result:      Scheduled on worker-2',
        'Nodes:       3 in the cluster, 3 evaluated, 2 feasible',
        'Skipped:     NodeAffinity (nothing to check for this pod)',
        '',
        'Filter ("-": not run, an earlier filter rejected the node)',
        `  NODE            NodeUnschedulable   ${col('TaintToleration')}NodeResourcesFit`,
        `  control-plane   ok                  ${col(TAINT)}-`,
        `* worker-2        ok                  ${col('ok')}ok`,
        `  worker-10       ok                  ${col('ok')}ok`,
        '',
        "Score (raw/normalized/weighted, weighted = normalized × the plugin's weight)",
        '  NODE        TaintToleration ×3   NodeResourcesFit ×1   TOTAL',
        '* worker-2    0/100/300            87/87/87              387',
        '  worker-10   0/100/300            40/40/40              340',
        '',
      ].join('\n'),
    );
  });

  it('shows the FailedScheduling message and no scores when no node fits', () => {
    const d = decision({
      result: 'Unschedulable',
      feasibleNodes: 0,
      message: `0/2 nodes are available: 1 ${TAINT}, 1 Insufficient cpu.`,
      nodes: [
        { name: 'worker-1', feasible: false, filters: [ok('NodeUnschedulable'), ok('TaintToleration'), { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] }] },
        { name: 'control-plane', feasible: false, filters: [ok('NodeUnschedulable'), { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [TAINT] }] },
      ],
      totalNodes: 2,
      evaluatedNodes: 2,
    });
    const text = whyText(d);
    expect(text).toContain(`Result:      Unschedulable\nMessage:     0/2 nodes are available: 1 ${TAINT}, 1 Insufficient cpu.\n`);
    expect(text).toContain(`  worker-1        ok                  ${col('ok')}Insufficient cpu\n`);
    expect(text).not.toContain('Score');
  });

  it('says when the only feasible node made scoring unnecessary', () => {
    const d = decision({ nodeName: 'worker-1', feasibleNodes: 1, totalNodes: 1, evaluatedNodes: 1, nodes: [{ name: 'worker-1', feasible: true, filters: FILTERS.map(ok) }] });
    expect(whyText(d)).toContain('Score: not run, worker-1 was the only feasible node');
  });
});

describe("describe's Scheduling section", () => {
  it('summarises the outcome, the rejections by plugin and the best totals', () => {
    expect(tabbed((w) => describeScheduling(scheduled, w))).toBe(
      [
        'Scheduling:',
        '  Scheduler:   default-scheduler (attempt 2 at 2026-11-24T06:10:00Z)',
        '  Result:      Scheduled on worker-2',
        '  Nodes:       3 in the cluster, 3 evaluated, 2 feasible',
        `  Rejected:    1 by TaintToleration: ${TAINT} (control-plane)`,
        '  Top scores:  worker-2 387, worker-10 340',
        '  Details:     kubelab why pod/web-1 -n default',
        '',
      ].join('\n'),
    );
  });
});

describe('a pod without a decision record', () => {
  const pod = (spec: Record<string, unknown>) => ({ metadata: { name: 'p', namespace: 'default' }, spec });
  const served = ['default-scheduler'];

  it.each([
    ['waits for another scheduler', pod({ schedulerName: 'my-scheduler' }), served, 'pod/p is not kubelab\'s to schedule: its schedulerName is "my-scheduler" and kubelab\'s scheduler serves "default-scheduler"; it stays Pending until a scheduler named "my-scheduler" binds it'],
    ['was bound by another scheduler', pod({ schedulerName: 'my-scheduler', nodeName: 'worker-1' }), served, 'pod/p was bound to worker-1 by "my-scheduler", not by kubelab\'s scheduler (which serves "default-scheduler"): no scheduling decision is recorded for it'],
    ['was created on a node', pod({ nodeName: 'worker-1' }), served, 'pod/p is on worker-1 but kubelab\'s scheduler recorded no attempt for it'],
    ['is gated', pod({ schedulingGates: [{ name: 'wait-for-quota' }] }), served, 'pod/p has not been attempted: it waits for its scheduling gates to be removed (wait-for-quota)'],
    ['is queued', pod({}), served, "pod/p has not been attempted yet by kubelab's scheduler"],
    ['lives in a cluster that is not a kubelab', pod({}), undefined, "this cluster does not serve kubelab's scheduler records"],
  ])('%s', (_, p, names, words) => {
    expect(whyMissing(p, names)).toContain(words);
  });
});
