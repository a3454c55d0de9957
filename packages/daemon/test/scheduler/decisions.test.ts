/**
 * The decision records' store: the last attempt per pod, bounded by the node verdicts it
 * holds, served as SchedulingDecision documents or 404 Statuses.
 */
import type { DecisionRecord } from '@kubelab/core/scheduler/framework/decision';
import { describe, expect, it } from 'vitest';
import { DecisionStore } from '../../src/scheduler/decisions.js';

function record(name: string, feasible: string[], attempt = 1): DecisionRecord {
  return {
    namespace: 'default',
    name,
    uid: `uid-${name}`,
    schedulerName: 'default-scheduler',
    attempt,
    timeMs: Date.UTC(2025, 0, 1),
    result: 'Scheduled',
    nodeName: feasible[0],
    totalNodes: feasible.length,
    evaluatedNodes: feasible.length,
    preFilter: [],
    filterPlugins: ['NodeResourcesFit'],
    scorePlugins: [{ plugin: 'NodeResourcesFit', weight: 1 }],
    feasible: feasible.map((n) => ({ name: n })),
    feasibleCount: feasible.length,
    rejected: [],
    scores: { nodes: feasible.map((n) => ({ name: n })), count: feasible.length, plugins: [{ plugin: 'NodeResourcesFit', weight: 1 }], values: Int32Array.from([...feasible.map((_, i) => 10 * i), ...feasible.map((_, i) => 50 * i)]) },
  };
}

describe('the decision store', () => {
  it('keeps the last attempt of each pod', () => {
    const store = new DecisionStore();
    store.put(record('web', ['n1'], 1));
    store.put(record('web', ['n1'], 2));
    expect(store.size).toBe(1);
    expect(store.get('default', 'web')?.attempt).toBe(2);
  });

  it('drops the oldest records once they hold too many node verdicts', () => {
    const store = new DecisionStore({ maxNodeEntries: 10 });
    store.put(record('a', ['n1', 'n2', 'n3', 'n4']));
    store.put(record('b', ['n1', 'n2', 'n3', 'n4']));
    store.put(record('c', ['n1', 'n2', 'n3', 'n4']));
    expect(store.get('default', 'a')).toBeUndefined();
    expect(store.get('default', 'c')).toBeDefined();
  });

  it('serves a record as a SchedulingDecision with raw, normalised and weighted scores per node', () => {
    const store = new DecisionStore();
    store.put(record('web', ['n1', 'n2']));
    const res = store.serve('GET', '/kubelab/scheduler/namespaces/default/pods/web') as { status: number; body: { nodes: unknown[]; time: string } };
    expect(res.status).toBe(200);
    expect(res.body.time).toBe('2025-01-01T00:00:00Z');
    expect(res.body.nodes).toEqual([
      { name: 'n1', feasible: true, filters: [{ plugin: 'NodeResourcesFit', code: 'Success' }], scores: [{ plugin: 'NodeResourcesFit', raw: 0, normalized: 0, weight: 1, weighted: 0 }], totalScore: 0 },
      { name: 'n2', feasible: true, filters: [{ plugin: 'NodeResourcesFit', code: 'Success' }], scores: [{ plugin: 'NodeResourcesFit', raw: 10, normalized: 50, weight: 1, weighted: 50 }], totalScore: 50 },
    ]);
  });

  it('answers 404 for an unknown pod or path and 405 for a write', () => {
    const store = new DecisionStore();
    expect(store.serve('GET', '/kubelab/scheduler/namespaces/default/pods/none').status).toBe(404);
    expect(store.serve('GET', '/kubelab/scheduler/pods/none').status).toBe(404);
    expect(store.serve('POST', '/kubelab/scheduler/namespaces/default/pods/none').status).toBe(405);
  });

  it('names the schedulerNames its profiles serve at the root, so a client can tell "not ours" from "not yet"', () => {
    const store = new DecisionStore({ schedulerNames: ['default-scheduler', 'batch'] });
    const res = store.serve('GET', '/kubelab/scheduler/');
    expect(res).toEqual({ status: 200, body: { kind: 'SchedulerInfo', apiVersion: 'scheduler.kubelab.dev/v1alpha1', schedulerNames: ['default-scheduler', 'batch'] } });
  });
});
