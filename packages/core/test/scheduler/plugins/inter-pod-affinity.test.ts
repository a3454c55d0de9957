import { describe, expect, it } from 'vitest';
import type { Affinity, Node, Pod, PodAffinityTerm } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { InterPodAffinity } from '../../../src/scheduler/plugins/interpodaffinity/inter-pod-affinity.js';
import { type FakeCluster, fakeHandle, node, pod } from '../builders.js';
import { filterVerdict, scores } from './harness.js';

const zoned = (name: string, z: string): Node => node(name, { labels: { zone: z } });
const term = (app: string, topologyKey = 'zone', extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey, ...extra });
const affinity = (...t: PodAffinityTerm[]): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: t } });
const anti = (...t: PodAffinityTerm[]): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: t } });

function plugin(snapshot: Snapshot, cluster: FakeCluster = {}) {
  return new InterPodAffinity({}, fakeHandle(snapshot, cluster));
}

describe('InterPodAffinity filter', () => {
  // zone a: a1 runs a "db" pod; zone b: b1 runs nothing.
  const nodes = [zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b')];
  const db = pod('db', { labels: { app: 'db' }, nodeName: 'a1' });
  const cases: Array<{ name: string; pod: Pod; existing?: Pod[]; node: string; want: string }> = [
    { name: 'affinity to db fits a node in db\'s zone', pod: pod('p', { affinity: affinity(term('db')) }), node: 'a2', want: 'Success' },
    {
      name: "affinity to db does not fit a zone without db",
      pod: pod('p', { affinity: affinity(term('db')) }),
      node: 'b1',
      want: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    },
    {
      name: 'the first pod of a group with affinity to itself may go anywhere',
      pod: pod('p', { labels: { app: 'cache' }, affinity: affinity(term('cache')) }),
      node: 'b1',
      want: 'Success',
    },
    {
      name: 'anti-affinity to db keeps the pod out of db\'s zone',
      pod: pod('p', { affinity: anti(term('db')) }),
      node: 'a2',
      want: "Unschedulable: node(s) didn't match pod anti-affinity rules",
    },
    { name: 'anti-affinity to db fits another zone', pod: pod('p', { affinity: anti(term('db')) }), node: 'b1', want: 'Success' },
    {
      name: "an existing pod's anti-affinity keeps a matching pod out of its zone",
      pod: pod('p', { labels: { app: 'web' } }),
      existing: [pod('loner', { nodeName: 'a1', affinity: anti(term('web')) })],
      node: 'a2',
      want: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
    },
    {
      name: 'terms select pods in the pod\'s own namespace unless they name others',
      pod: pod('p', { namespace: 'other', affinity: affinity(term('db')) }),
      node: 'a2',
      want: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    },
    {
      name: 'a namespace selector reaches pods in the namespaces it selects',
      pod: pod('p', { namespace: 'other', affinity: affinity(term('db', 'zone', { namespaceSelector: { matchLabels: { team: 'data' } } })) }),
      node: 'a2',
      want: 'Success',
    },
    {
      name: 'a node without the topology key does not satisfy affinity',
      pod: pod('p', { affinity: affinity(term('db', 'rack')) }),
      node: 'a2',
      want: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    },
  ];
  it.each(cases)('$name', ({ pod: p, existing, node: n, want }) => {
    const snap = Snapshot.fromObjects(nodes, [db, ...(existing ?? [])]);
    const cluster: FakeCluster = { namespaces: [{ metadata: { name: 'default', labels: { team: 'data' } } }, { metadata: { name: 'other' } }] };
    expect(filterVerdict(plugin(snap, cluster), p, snap.get(n)!, snap.list())).toBe(want);
  });

  it('spreads replicas with anti-affinity on kubernetes.io/hostname one per node', () => {
    const hostAnti = anti(term('web', 'kubernetes.io/hostname'));
    const snap = Snapshot.fromObjects([node('n1'), node('n2')], [pod('w1', { labels: { app: 'web' }, affinity: hostAnti, nodeName: 'n1' })]);
    const next = pod('w2', { labels: { app: 'web' }, affinity: hostAnti });
    expect(filterVerdict(plugin(snap), next, snap.get('n1')!, snap.list())).toBe("Unschedulable: node(s) didn't match pod anti-affinity rules");
    expect(filterVerdict(plugin(snap), next, snap.get('n2')!, snap.list())).toBe('Success');
  });
});

describe('InterPodAffinity score', () => {
  it('prefers the zone of pods the pod prefers, and avoids the zone of pods it prefers to avoid', () => {
    const snap = Snapshot.fromObjects(
      [zoned('a1', 'a'), zoned('b1', 'b'), zoned('c1', 'c')],
      [pod('db', { labels: { app: 'db' }, nodeName: 'a1' }), pod('noisy', { labels: { app: 'noisy' }, nodeName: 'b1' })],
    );
    const p = pod('p', {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db') }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('noisy') }] },
      },
    });
    // raw a1 +10, b1 −5, c1 0 → normalised over [−5, 10]
    expect(scores(plugin(snap), p, snap.list())).toEqual({ raw: [10, -5, 0], normalized: [100, 0, 33] });
  });

  it("counts an existing pod's required affinity to the incoming pod (hardPodAffinityWeight 1)", () => {
    const snap = Snapshot.fromObjects([zoned('a1', 'a'), zoned('b1', 'b')], [pod('fan', { nodeName: 'a1', affinity: affinity(term('web')) })]);
    expect(scores(plugin(snap), pod('p', { labels: { app: 'web' } }), snap.list())).toEqual({ raw: [1, 0], normalized: [100, 0] });
  });

  it('skips scoring when no pod anywhere has affinity', () => {
    const snap = Snapshot.fromObjects([zoned('a1', 'a')], [pod('x', { nodeName: 'a1' })]);
    expect(scores(plugin(snap), pod('p'), snap.list()).skipped).toBe(true);
  });
});
