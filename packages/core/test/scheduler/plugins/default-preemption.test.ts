import { describe, expect, it } from 'vitest';
import type { PodDisruptionBudget } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { node, nodeWithTaints, pod, podOn } from '../builders.js';
import { harness } from '../framework-harness.js';

const pdb = (app: string, disruptionsAllowed: number): PodDisruptionBudget => ({
  metadata: { name: `${app}-pdb`, namespace: 'default' },
  spec: { selector: { matchLabels: { app } } },
  status: { disruptionsAllowed },
});

describe('DefaultPreemption', () => {
  it('evicts the lowest-priority pods that make room and nominates their node', async () => {
    const snap = Snapshot.fromObjects([node('n1', { cpu: '2' })], [podOn('low', 'n1', { cpu: '1', priority: 0 }), podOn('mid', 'n1', { cpu: '1', priority: 50 })]);
    const h = harness(snap);
    const r = h.schedule(pod('urgent', { cpu: '1', priority: 100 }));
    expect(r.postFilter?.result).toEqual({ nominatedNodeName: 'n1', mode: 'Override' });
    expect(r.postFilter?.status).toBeNull();
    expect(await r.postFilter!.prepare!()).toBeNull();
    // Only the least important pod goes: one core is enough.
    expect(h.api.calls).toEqual(['preempt low for urgent on n1']);
    expect(h.events[0]).toMatch(/^Normal Preempted low: Preempted by pod uid-urgent-\d+ on node n1$/);
  });

  it('prefers victims whose eviction keeps a PodDisruptionBudget whole', async () => {
    const snap = Snapshot.fromObjects(
      [node('n1', { cpu: '1' }), node('n2', { cpu: '1' })],
      [podOn('guarded', 'n1', { cpu: '1', labels: { app: 'guarded' } }), podOn('free', 'n2', { cpu: '1', labels: { app: 'free' } })],
    );
    const h = harness(snap, { pdbs: [pdb('guarded', 0)] });
    const r = h.schedule(pod('urgent', { cpu: '1', priority: 100 }));
    expect(r.postFilter?.result?.nominatedNodeName).toBe('n2');
  });

  it('still preempts when every candidate violates a budget, choosing the fewest violations', () => {
    const snap = Snapshot.fromObjects([node('n1', { cpu: '1' })], [podOn('guarded', 'n1', { cpu: '1', labels: { app: 'guarded' } })]);
    const h = harness(snap, { pdbs: [pdb('guarded', 0)] });
    expect(h.schedule(pod('urgent', { cpu: '1', priority: 100 })).postFilter?.result?.nominatedNodeName).toBe('n1');
  });

  it('finds no victims among pods of equal or higher priority, and says so', () => {
    const snap = Snapshot.fromObjects([node('n1', { cpu: '1' })], [podOn('peer', 'n1', { cpu: '1', priority: 100 })]);
    const r = harness(snap).schedule(pod('p', { cpu: '1', priority: 100 }));
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    expect(r.postFilter?.result).toEqual({ nominatedNodeName: '', mode: 'Override' });
  });

  it('composes the upstream message: taints are not helped by preemption, full nodes have no victims', () => {
    const cp = nodeWithTaints('control-plane', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    const workers = ['worker-1', 'worker-2', 'worker-3'].map((n) => node(n, { cpu: '2' }));
    const busy = workers.map((w, i) => podOn(`busy-${i}`, w.metadata!.name!, { cpu: '1500m', priority: 1000 }));
    const r = harness(Snapshot.fromObjects([cp, ...workers], busy)).schedule(pod('web-1', { cpu: '1' }));
    expect(r.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
  });

  it('does not preempt for a pod with preemptionPolicy Never', () => {
    const snap = Snapshot.fromObjects([node('n1', { cpu: '1' })], [podOn('low', 'n1', { cpu: '1' })]);
    const r = harness(snap).schedule(pod('p', { cpu: '1', priority: 100, preemptionPolicy: 'Never' }));
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('waits while a victim it evicted earlier is still terminating on the nominated node', () => {
    const terminating = podOn('victim', 'n1', { cpu: '1', deleting: true });
    terminating.status!.conditions = [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }];
    const snap = Snapshot.fromObjects([node('n1', { cpu: '1' })], [terminating]);
    const r = harness(snap).schedule(pod('p', { cpu: '1', priority: 100, nominatedNodeName: 'n1' }));
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');
  });
});
