import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { DAY, meta, row } from '../builders.js';

interface NodeOptions {
  ready?: 'True' | 'False' | 'Unknown';
  conditions?: Array<{ type: string; status: string }>;
  cordoned?: boolean;
  labels?: Record<string, string>;
  addresses?: Array<{ type: string; address: string }>;
  nodeInfo?: Record<string, string>;
}

function node(o: NodeOptions = {}): KubeObject {
  const conditions = o.conditions ?? (o.ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: o.ready }] : []);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta('node-1', 3 * DAY), namespace: undefined, labels: o.labels ?? {} },
    spec: o.cordoned ? { unschedulable: true } : {},
    status: { conditions, addresses: o.addresses ?? [], nodeInfo: o.nodeInfo ?? {} },
  };
}

describe('node STATUS', () => {
  it.each<[string, NodeOptions, string]>([
    ['is Ready when the Ready condition is True', { ready: 'True' }, 'Ready'],
    ['is NotReady when the Ready condition is False', { ready: 'False' }, 'NotReady'],
    ['is NotReady when the node stopped reporting (Unknown)', { ready: 'Unknown' }, 'NotReady'],
    ['is Unknown before the node reports a Ready condition', {}, 'Unknown'],
    ['adds SchedulingDisabled for a cordoned node', { ready: 'True', cordoned: true }, 'Ready,SchedulingDisabled'],
    ['adds SchedulingDisabled to an unknown node too', { cordoned: true }, 'Unknown,SchedulingDisabled'],
    [
      'takes the last Ready condition when there are several',
      { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Ready', status: 'True' }] },
      'Ready',
    ],
  ])('%s', (_name, options, want) => {
    expect(row('', 'Node', node(options))['Status']).toBe(want);
  });
});

describe('node ROLES', () => {
  it.each<[string, Record<string, string>, string]>([
    ['is <none> without role labels', { 'kubernetes.io/hostname': 'node-1' }, '<none>'],
    ['names the role of a node-role label key', { 'node-role.kubernetes.io/control-plane': '' }, 'control-plane'],
    [
      'lists every role once, sorted, from both label forms',
      {
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/control-plane': 'true',
        'kubernetes.io/role': 'worker',
        'node-role.kubernetes.io/': '',
      },
      'control-plane,worker',
    ],
    ['ignores an empty kubernetes.io/role label', { 'kubernetes.io/role': '' }, '<none>'],
  ])('%s', (_name, labels, want) => {
    expect(row('', 'Node', node({ labels }))['Roles']).toBe(want);
  });
});

describe('node version and wide columns', () => {
  it('shows the kubelet version, the first internal and external IPs and the system info', () => {
    const n = node({
      ready: 'True',
      addresses: [
        { type: 'Hostname', address: 'node-1' },
        { type: 'ExternalIP', address: '203.0.113.9' },
        { type: 'InternalIP', address: '10.0.0.11' },
        { type: 'InternalIP', address: '10.0.0.12' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.4',
        osImage: 'Ubuntu 24.04 LTS',
        kernelVersion: '6.8.0-45-generic',
        containerRuntimeVersion: 'containerd://1.7.22',
      },
    });
    expect(row('', 'Node', n)).toEqual({
      Name: 'node-1',
      Status: 'Ready',
      Roles: '<none>',
      Age: '3d',
      Version: 'v1.32.4',
      'Internal-IP': '10.0.0.11',
      'External-IP': '203.0.113.9',
      'OS-Image': 'Ubuntu 24.04 LTS',
      'Kernel-Version': '6.8.0-45-generic',
      'Container-Runtime': 'containerd://1.7.22',
    });
  });

  it('shows <none> for missing addresses and <unknown> for missing system info', () => {
    expect(row('', 'Node', node())).toMatchObject({
      Version: '',
      'Internal-IP': '<none>',
      'External-IP': '<none>',
      'OS-Image': '<unknown>',
      'Kernel-Version': '<unknown>',
      'Container-Runtime': '<unknown>',
    });
  });

  it('shows <unknown> as the age of a node without a creation time', () => {
    const n = node();
    delete n.metadata!.creationTimestamp;
    expect(row('', 'Node', n)['Age']).toBe('<unknown>');
  });
});
