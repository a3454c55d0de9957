import { describe, expect, it } from 'vitest';
import { newRandom } from '../../src/scheduler/algorithm/random.js';
import { SchedulingAlgorithm } from '../../src/scheduler/algorithm/schedule-pod.js';
import { SeededTieBreak } from '../../src/scheduler/algorithm/tie-break.js';
import { NodeInfo } from '../../src/scheduler/framework/node-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { PodInfo } from '../../src/scheduler/framework/pod-info.js';
import { Snapshot } from '../../src/scheduler/framework/snapshot.js';
import { node, pod, podOn } from './builders.js';
import { harness } from './framework-harness.js';

describe('how many feasible nodes are enough (numFeasibleNodesToFind)', () => {
  const algorithm = new SchedulingAlgorithm({ random: Math.random });
  const cases = [
    { nodes: 50, want: 50, why: 'below 100 nodes, all of them' },
    { nodes: 1000, want: 420, why: '50% − 1000/125 = 42%' },
    { nodes: 5000, want: 500, why: '50% − 40 = 10%' },
    { nodes: 10000, want: 500, why: 'at least 5%' },
    { nodes: 150, want: 100, why: 'at least 100 nodes' },
  ];
  it.each(cases)('$nodes nodes → $want ($why)', ({ nodes, want }) => {
    expect(algorithm.numFeasibleNodesToFind(undefined, nodes)).toBe(want);
  });

  it('honours percentageOfNodesToScore', () => {
    expect(algorithm.numFeasibleNodesToFind(50, 1000)).toBe(500);
  });
});

describe('a scheduling cycle', () => {
  it('picks the best-scoring node', () => {
    const snap = Snapshot.fromObjects([node('busy', { cpu: '4' }), node('idle', { cpu: '4' })], [podOn('a', 'busy', { cpu: '3' })]);
    expect(harness(snap).schedule(pod('p', { cpu: '500m' })).out.suggestedHost).toBe('idle');
  });

  it('breaks ties the same way for the same seed, and spreads them over the tied nodes', () => {
    const names = Array.from({ length: 8 }, (_, i) => `n${i}`);
    const choose = (seed: number) => {
      const snap = Snapshot.fromObjects(names.map((n) => node(n)));
      const h = harness(snap, {}, { seed });
      return Array.from({ length: 6 }, (_, i) => h.schedule(pod(`p${i}`)).out.suggestedHost);
    };
    expect(choose(42)).toEqual(choose(42));
    expect(new Set([...choose(1), ...choose(2), ...choose(3)]).size).toBeGreaterThan(1);
  });

  it('with a seed, breaks a tie by the pod and the tied nodes alone: not by the cycles before it, nor by the node order', () => {
    const names = Array.from({ length: 8 }, (_, i) => `n${i}`);
    const alone = new SchedulingAlgorithm({ random: Math.random, tieBreak: new SeededTieBreak(42) });
    const afterOthers = new SchedulingAlgorithm({ random: Math.random, tieBreak: new SeededTieBreak(42) });
    const nodes = (order: string[]) => order.map((n) => new NodeInfo(node(n)));
    const ties = new Float64Array(8).fill(300);
    for (let i = 0; i < 5; i++) afterOthers.selectHostSeeded(ties, nodes(names), new PodInfo(pod(`other-${i}`)));
    const web = new PodInfo(pod('web'));
    const chosen = nodes(names)[alone.selectHostSeeded(ties, nodes(names), web)]!.name;
    const reversed = [...names].reverse();
    expect(nodes(reversed)[afterOthers.selectHostSeeded(ties, nodes(reversed), web)]!.name).toBe(chosen);
  });

  it("with a seed, spreads a ReplicaSet's replicas (same generateName, random suffixes) over the tied nodes as upstream's random choice would", () => {
    const names = ['n0', 'n1', 'n2', 'n3'];
    const algorithm = new SchedulingAlgorithm({ random: Math.random, tieBreak: new SeededTieBreak(7) });
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const replica = pod(`web-7d4b9-${i.toString(36)}`);
      replica.metadata!.generateName = 'web-7d4b9-';
      const n = names[algorithm.selectHostSeeded(new Float64Array([9, 9, 9, 9]), names.map((x) => new NodeInfo(node(x))), new PodInfo(replica))]!;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    for (const n of names) expect(counts.get(n)).toBeGreaterThan(850);
  });

  it('selects uniformly among equal top scores (reservoir sampling)', () => {
    const algorithm = new SchedulingAlgorithm({ random: newRandom(7) });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[algorithm.selectHost(new Float64Array([5, 9, 9, 9]))]!++;
    expect(counts[0]).toBe(0);
    for (const c of counts.slice(1)) expect(c).toBeGreaterThan(1100);
  });

  it('tries the nominated node first', () => {
    const snap = Snapshot.fromObjects([node('n1'), node('n2'), node('n3')]);
    const r = harness(snap).schedule(pod('p', { nominatedNodeName: 'n3' }));
    expect(r.out.suggestedHost).toBe('n3');
    expect(r.out.nominatedNode).toBe('n3');
  });

  it('records why: every filter verdict of every node it looked at', () => {
    const snap = Snapshot.fromObjects([node('small', { cpu: '1' }), node('big', { cpu: '8' })]);
    const r = harness(snap).schedule(pod('p', { cpu: '2' }));
    expect(r.out.suggestedHost).toBe('big');
    expect(r.out.feasibleNodes.map((n) => n.name)).toEqual(['big']);
    expect(r.out.diagnosis.nodeToStatus.get('small')?.plugin).toBe('NodeResourcesFit');
  });

  it('fails every node at once when PreFilter rejects the pod', () => {
    const snap = Snapshot.fromObjects([node('n1'), node('n2')]);
    const r = harness(snap).schedule(pod('p', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'missing' } }] }));
    expect(r.message).toBe('0/2 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });

  it('has no nodes to offer in an empty cluster', () => {
    const r = harness(Snapshot.fromObjects([])).schedule(pod('p'));
    expect(r.out.noNodes).toBe(true);
  });

  it('starts each cycle where the previous one stopped, so every node gets its turn', () => {
    const names = Array.from({ length: 300 }, (_, i) => `n${String(i).padStart(3, '0')}`);
    const snap = Snapshot.fromObjects(names.map((n) => node(n)));
    const h = harness(snap);
    const pi = new PodInfo(pod('p'));
    const first = h.algorithm.schedulePod(h.fwk, new CycleState(), pi, snap);
    const second = h.algorithm.schedulePod(h.fwk, new CycleState(), pi, snap);
    // 300 nodes: 50% − 300/125 = 48% → 144 per cycle; the second cycle begins at the 145th node.
    expect(first.evaluatedNodes).toBe(144);
    expect(second.feasibleNodes[0]!.name).toBe('n144');
  });
});
