import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { BalancedAllocation } from '../../../src/scheduler/plugins/noderesources/balanced-allocation.js';
import { Fit } from '../../../src/scheduler/plugins/noderesources/fit.js';
import { node, pod, podOn } from '../builders.js';
import { filterVerdict, scores } from './harness.js';

describe('NodeResourcesFit filter', () => {
  const cases: Array<{ name: string; pod: Pod; node: Node; existing?: Pod[]; want: string }> = [
    { name: 'a pod that fits in what is left fits', pod: pod('p', { cpu: '1', memory: '1Gi' }), node: node('n1', { cpu: '2', memory: '2Gi' }), existing: [podOn('a', 'n1', { cpu: '1' })], want: 'Success' },
    {
      name: 'too little cpu left is Insufficient cpu (preemption may help)',
      pod: pod('p', { cpu: '1500m' }),
      node: node('n1', { cpu: '2' }),
      existing: [podOn('a', 'n1', { cpu: '1' })],
      want: 'Unschedulable: Insufficient cpu',
    },
    {
      name: 'every shortfall is a reason',
      pod: pod('p', { cpu: '1500m', memory: '2Gi' }),
      node: node('n1', { cpu: '2', memory: '2Gi' }),
      existing: [podOn('a', 'n1', { cpu: '1', memory: '1Gi' })],
      want: 'Unschedulable: Insufficient cpu, Insufficient memory',
    },
    {
      name: 'asking for more than the whole node is UnschedulableAndUnresolvable',
      pod: pod('p', { cpu: '8' }),
      node: node('n1', { cpu: '4' }),
      want: 'UnschedulableAndUnresolvable: Insufficient cpu',
    },
    { name: 'a full node has Too many pods', pod: pod('p'), node: node('n1', { pods: '1' }), existing: [podOn('a', 'n1')], want: 'Unschedulable: Too many pods' },
    {
      name: 'init containers count at their peak',
      pod: pod('p', { cpu: '100m', initContainers: [{ name: 'init', resources: { requests: { cpu: '3' } } }] }),
      node: node('n1', { cpu: '2' }),
      want: 'UnschedulableAndUnresolvable: Insufficient cpu',
    },
    { name: 'overhead counts', pod: pod('p', { cpu: '1', overhead: { cpu: '1500m' } }), node: node('n1', { cpu: '2' }), want: 'UnschedulableAndUnresolvable: Insufficient cpu' },
    {
      name: 'extended resources are checked by name',
      pod: pod('p', { containers: [{ name: 'c', resources: { requests: { 'example.com/gpu': '2' } } }] }),
      node: node('n1', { scalar: { 'example.com/gpu': '1' } }),
      want: 'UnschedulableAndUnresolvable: Insufficient example.com/gpu',
    },
    { name: 'a best-effort pod only needs a pod slot', pod: pod('p'), node: node('n1', { cpu: '1' }), existing: [podOn('a', 'n1', { cpu: '1' })], want: 'Success' },
  ];
  it.each(cases)('$name', ({ pod: p, node: n, existing, want }) => {
    const snap = Snapshot.fromObjects([n], existing ?? []);
    expect(filterVerdict(new Fit(), p, snap.get('n1')!)).toBe(want);
  });

  it('ignores extended resources listed in ignoredResources and ignoredResourceGroups', () => {
    const snap = Snapshot.fromObjects([node('n1')]);
    const gpuPod = pod('p', { containers: [{ name: 'c', resources: { requests: { 'example.com/gpu': '2' } } }] });
    expect(filterVerdict(new Fit({ ignoredResources: ['example.com/gpu'] }), gpuPod, snap.get('n1')!)).toBe('Success');
    expect(filterVerdict(new Fit({ ignoredResourceGroups: ['example.com'] }), gpuPod, snap.get('n1')!)).toBe('Success');
  });
});

describe('NodeResourcesFit score', () => {
  // Two nodes with 4 cores / 8 GiB; "busy" already runs 2 cores / 4 GiB.
  const snap = () => Snapshot.fromObjects([node('idle', { cpu: '4', memory: '8Gi' }), node('busy', { cpu: '4', memory: '8Gi' })], [podOn('a', 'busy', { cpu: '2', memory: '4Gi' })]);
  const incoming = pod('p', { cpu: '1', memory: '2Gi' });
  const cases = [
    // idle: cpu (4−1)/4 = 75, memory (8−2)/8 = 75 → 75; busy: (4−3)/4 = 25, (8−6)/8 = 25 → 25
    { name: 'LeastAllocated (the default) prefers the emptier node', args: {}, want: [75, 25] },
    { name: 'MostAllocated bin-packs onto the fuller node', args: { scoringStrategy: { type: 'MostAllocated' as const } }, want: [25, 75] },
    {
      name: 'RequestedToCapacityRatio follows its shape (0% → 10, 100% → 0, scaled ×10)',
      args: { scoringStrategy: { type: 'RequestedToCapacityRatio' as const, requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } },
      want: [75, 25],
    },
    {
      name: 'resource weights tilt the average',
      args: { scoringStrategy: { type: 'LeastAllocated' as const, resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] } },
      want: [75, 25],
    },
  ];
  it.each(cases)('$name', ({ args, want }) => {
    const s = snap();
    expect(scores(new Fit(args), incoming, s.list()).raw).toEqual(want);
  });

  it('scores a pod without requests with the non-zero defaults (100m, 200Mi)', () => {
    const s = Snapshot.fromObjects([node('n1', { cpu: '1', memory: '1000Mi' })]);
    // cpu (1000−100)/1000 = 90; memory (1000−200)/1000 = 80 → 85
    expect(scores(new Fit(), pod('p'), s.list()).raw).toEqual([85]);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers the node whose cpu and memory would be used in equal proportion', () => {
    const s = Snapshot.fromObjects([node('even', { cpu: '4', memory: '8Gi' }), node('skewed', { cpu: '4', memory: '8Gi' })], [podOn('a', 'skewed', { cpu: '1', memory: '0' })]);
    // even: 1/4 and 2/8 → std 0 → 100; skewed: 2/4 and 2/8 → std 0.125 → 87
    expect(scores(new BalancedAllocation(), pod('p', { cpu: '1', memory: '2Gi' }), s.list()).raw).toEqual([100, 87]);
  });
});
