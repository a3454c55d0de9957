import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { NodeName } from '../../../src/scheduler/plugins/nodename/node-name.js';
import { NodePorts } from '../../../src/scheduler/plugins/nodeports/node-ports.js';
import { NodeUnschedulable } from '../../../src/scheduler/plugins/nodeunschedulable/node-unschedulable.js';
import { node, nodeInfo, pod, podOn, podWithTolerations } from '../builders.js';
import { filterVerdict } from './harness.js';

describe('NodeUnschedulable', () => {
  const cases: Array<{ name: string; pod: Pod; node: Node; want: string }> = [
    { name: 'a schedulable node takes any pod', pod: pod('p'), node: node('n1'), want: 'Success' },
    { name: 'a cordoned node takes no new pod', pod: pod('p'), node: node('n1', { unschedulable: true }), want: "UnschedulableAndUnresolvable: node(s) were unschedulable" },
    {
      name: 'a cordoned node takes a pod tolerating node.kubernetes.io/unschedulable:NoSchedule',
      pod: podWithTolerations('p', [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }]),
      node: node('n1', { unschedulable: true }),
      want: 'Success',
    },
    { name: 'a toleration of everything tolerates cordoning too', pod: podWithTolerations('p', [{ operator: 'Exists' }]), node: node('n1', { unschedulable: true }), want: 'Success' },
  ];
  it.each(cases)('$name', ({ pod: p, node: n, want }) => {
    expect(filterVerdict(new NodeUnschedulable(), p, nodeInfo(n))).toBe(want);
  });
});

describe('NodeName', () => {
  const cases = [
    { name: 'a pod naming no node fits any node', pod: pod('p'), want: 'Success' },
    { name: 'a pod naming this node fits it', pod: pod('p', { nodeName: 'n1' }), want: 'Success' },
    { name: 'a pod naming another node does not fit', pod: pod('p', { nodeName: 'n2' }), want: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name" },
  ];
  it.each(cases)('$name', ({ pod: p, want }) => {
    expect(filterVerdict(new NodeName(), p, nodeInfo(node('n1')))).toBe(want);
  });
});

describe('NodePorts', () => {
  const busy = (ip?: string, protocol?: string) => [podOn('holder', 'n1', { hostPorts: [{ hostPort: 8080, hostIP: ip, protocol }] })];
  const cases: Array<{ name: string; pod: Pod; existing: Pod[]; want: string }> = [
    { name: 'a pod without host ports skips the check', pod: pod('p'), existing: busy(), want: 'Success' },
    { name: 'a free host port fits', pod: pod('p', { hostPorts: [{ hostPort: 9090 }] }), existing: busy(), want: 'Success' },
    {
      name: 'a host port taken on all addresses does not fit',
      pod: pod('p', { hostPorts: [{ hostPort: 8080 }] }),
      existing: busy(),
      want: "Unschedulable: node(s) didn't have free ports for the requested pod ports",
    },
    {
      name: 'a specific address conflicts with the same port on 0.0.0.0',
      pod: pod('p', { hostPorts: [{ hostPort: 8080, hostIP: '10.0.0.1' }] }),
      existing: busy(),
      want: "Unschedulable: node(s) didn't have free ports for the requested pod ports",
    },
    { name: 'two specific addresses do not conflict', pod: pod('p', { hostPorts: [{ hostPort: 8080, hostIP: '10.0.0.2' }] }), existing: busy('10.0.0.1'), want: 'Success' },
    { name: 'the same port over another protocol does not conflict', pod: pod('p', { hostPorts: [{ hostPort: 8080, protocol: 'UDP' }] }), existing: busy(), want: 'Success' },
  ];
  it.each(cases)('$name', ({ pod: p, existing, want }) => {
    const snap = Snapshot.fromObjects([node('n1')], existing);
    expect(filterVerdict(new NodePorts(), p, snap.get('n1')!)).toBe(want);
  });
});
