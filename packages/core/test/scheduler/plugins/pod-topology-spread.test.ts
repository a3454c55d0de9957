import { describe, expect, it } from 'vitest';
import type { Node, Pod, TopologySpreadConstraint } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { PodTopologySpread } from '../../../src/scheduler/plugins/podtopologyspread/pod-topology-spread.js';
import { type FakeCluster, fakeHandle, node, pod } from '../builders.js';
import { filterVerdict, scores } from './harness.js';

const zone = (name: string, z: string): Node => node(name, { labels: { 'topology.kubernetes.io/zone': z } });
const spread = (maxSkew: number, when: string, key = 'topology.kubernetes.io/zone', extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew,
  topologyKey: key,
  whenUnsatisfiable: when,
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});
const web = (name: string, o: Parameters<typeof pod>[1] = {}) => pod(name, { labels: { app: 'web' }, ...o });
const NOT_MATCH = "Unschedulable: node(s) didn't match pod topology spread constraints";

function plugin(snapshot: Snapshot, cluster: FakeCluster = {}, args = {}) {
  return new PodTopologySpread(args, fakeHandle(snapshot, cluster));
}

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  // zone a: a1, a2 with two web pods; zone b: b1 with none.
  const nodes = [zone('a1', 'a'), zone('a2', 'a'), zone('b1', 'b')];
  const existing = [web('w1', { nodeName: 'a1' }), web('w2', { nodeName: 'a2' })];
  const cases: Array<{ name: string; pod: Pod; node: string; nodes?: Node[]; want: string }> = [
    { name: 'the emptier zone takes the pod', pod: web('p', { topologySpreadConstraints: [spread(1, 'DoNotSchedule')] }), node: 'b1', want: 'Success' },
    { name: 'the fuller zone would exceed maxSkew 1', pod: web('p', { topologySpreadConstraints: [spread(1, 'DoNotSchedule')] }), node: 'a1', want: NOT_MATCH },
    { name: 'maxSkew 3 allows the fuller zone', pod: web('p', { topologySpreadConstraints: [spread(3, 'DoNotSchedule')] }), node: 'a1', want: 'Success' },
    {
      name: "a pod that does not match its own selector does not count itself",
      pod: pod('p', { labels: { app: 'other' }, topologySpreadConstraints: [spread(2, 'DoNotSchedule')] }),
      node: 'a1',
      want: 'Success',
    },
    {
      name: 'a node without the topology label is out',
      pod: web('p', { topologySpreadConstraints: [spread(1, 'DoNotSchedule')] }),
      node: 'bare',
      nodes: [...nodes, node('bare')],
      want: "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)",
    },
    {
      name: 'minDomains above the domains there are makes the global minimum 0',
      // 2 pods in a, 0 in b: with minDomains 3 the minimum is 0 anyway; in b: 0 + 1 − 0 = 1 ≤ 1.
      pod: web('p', { topologySpreadConstraints: [spread(1, 'DoNotSchedule', 'topology.kubernetes.io/zone', { minDomains: 3 })] }),
      node: 'b1',
      want: 'Success',
    },
    {
      name: 'ScheduleAnyway constraints never filter',
      pod: web('p', { topologySpreadConstraints: [spread(1, 'ScheduleAnyway')] }),
      node: 'a1',
      want: 'Success',
    },
    {
      name: 'nodes the pod could not go to do not count (nodeAffinityPolicy Honor)',
      // Only zone a counts: it is its own minimum (2), so a1 gives 2 + 1 − 2 = 1 ≤ 1.
      pod: web('p', { nodeSelector: { 'topology.kubernetes.io/zone': 'a' }, topologySpreadConstraints: [spread(1, 'DoNotSchedule')] }),
      node: 'a1',
      want: 'Success',
    },
  ];
  it.each(cases)('$name', ({ pod: p, node: n, nodes: ns, want }) => {
    const snap = Snapshot.fromObjects(ns ?? nodes, existing);
    expect(filterVerdict(plugin(snap), p, snap.get(n)!, snap.list())).toBe(want);
  });
});

describe('PodTopologySpread score (ScheduleAnyway)', () => {
  it('prefers the zone with fewer matching pods', () => {
    const snap = Snapshot.fromObjects([zone('a1', 'a'), zone('b1', 'b')], [web('w1', { nodeName: 'a1' }), web('w2', { nodeName: 'a1' })]);
    const s = scores(plugin(snap), web('p', { topologySpreadConstraints: [spread(1, 'ScheduleAnyway')] }), snap.list());
    // raw: a1 2 × log(2+2) + 0 = 2.77 → 3; b1 0 → 0. normalised 100 × (3 + 0 − s) / 3
    expect(s).toEqual({ raw: [3, 0], normalized: [0, 100] });
  });

  it('spreads a ReplicaSet over hosts by default, using its selector (system default constraints)', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-1', controller: true };
    const rs = { metadata: { name: 'web-abc', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } } };
    const snap = Snapshot.fromObjects([node('n1'), node('n2')], [web('w1', { nodeName: 'n1', ownerReferences: [owner] })]);
    const s = scores(plugin(snap, { replicaSets: [rs] }), web('p', { ownerReferences: [owner] }), snap.list());
    // Hostname skew 3: n1 1 × log(2+2) + 2 = 3.39 → 3; n2 0 + 2 → 2. Zone is missing: the
    // system defaults tolerate that. normalised: 100 × (3 + 2 − s) / 3
    expect(s).toEqual({ raw: [3, 2], normalized: [66, 100] });
  });

  it('has nothing to say about a pod no workload or service selects', () => {
    const snap = Snapshot.fromObjects([node('n1')]);
    expect(scores(plugin(snap), pod('p'), snap.list()).skipped).toBe(true);
  });

  it('refuses default constraints with the System defaulting type', () => {
    expect(() => plugin(Snapshot.fromObjects([]), {}, { defaultingType: 'System', defaultConstraints: [spread(1, 'ScheduleAnyway')] })).toThrow(
      'when .defaultingType is "System", .defaultConstraints must be empty',
    );
  });
});

describe('PodTopologySpread preemption support', () => {
  it('recounts when a pod is removed from a node (RemovePod), so evicting it can help', async () => {
    const { CycleState } = await import('../../../src/scheduler/framework/cycle-state.js');
    const { PodInfo } = await import('../../../src/scheduler/framework/pod-info.js');
    const snap = Snapshot.fromObjects([zone('a1', 'a'), zone('b1', 'b')], [web('w1', { nodeName: 'a1' }), web('w2', { nodeName: 'a1' }), web('w3', { nodeName: 'b1' })]);
    const pl = plugin(snap);
    const p = new PodInfo(web('p', { topologySpreadConstraints: [spread(1, 'DoNotSchedule')] }));
    const state = new CycleState();
    pl.preFilter(state, p, snap.list());
    const a1 = snap.get('a1')!.clone();
    expect(pl.filter(state, p, a1)?.message()).toBe("node(s) didn't match pod topology spread constraints");
    const victim = a1.pods[0]!;
    a1.removePod(victim);
    pl.preFilterExtensions().removePod(state, p, victim, a1);
    expect(pl.filter(state, p, a1)).toBeNull();
  });
});
