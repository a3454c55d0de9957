import type { KubeObject } from '@kubelab/core/api/meta';
import { describe, expect, it } from 'vitest';
import { clusterReadiness } from './wait-cluster-ready.js';

const node = (name: string, status: string, heartbeat: string): KubeObject =>
  ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status, lastHeartbeatTime: heartbeat }] } }) as KubeObject;
const pod = (name: string, ready: string, startedAt: string, phase = 'Running'): KubeObject =>
  ({
    metadata: { name },
    status: { phase, conditions: [{ type: 'Ready', status: ready }], containerStatuses: [{ state: { running: { startedAt } } }] },
  }) as KubeObject;
const none = { daemonSets: [], deployments: [] };

describe('clusterReadiness', () => {
  it('waits for nodes yet to register, NotReady nodes and pods, and names them', () => {
    const r = clusterReadiness({ ...none, nodes: [node('cp', 'True', '2026-01-01T00:00:05Z'), node('w1', 'False', '2026-01-01T00:00:05Z')], systemPods: [pod('dns', 'False', '2026-01-01T00:00:05Z')] }, { expectNodes: 3 });
    expect(r.waitingFor).toEqual(['2 of 3 nodes registered', 'node w1 is NotReady', 'pod kube-system/dns is not Ready (Running)']);
  });

  it('takes statuses written before this daemon started as stale, in whole seconds, and counts completed pods as done', () => {
    const startedAt = Date.parse('2026-01-01T00:00:05.700Z');
    const objects = {
      ...none,
      nodes: [node('cp', 'True', '2026-01-01T00:00:05Z'), node('w1', 'True', '2026-01-01T00:00:04Z')],
      systemPods: [pod('dns', 'True', '2026-01-01T00:00:03Z'), pod('proxy', 'True', '2026-01-01T00:00:06Z'), pod('job', 'False', '2026-01-01T00:00:01Z', 'Succeeded')],
    };
    expect(clusterReadiness(objects, { expectNodes: 2, startedAt }).waitingFor).toEqual([
      'node w1 has not reported since kubelab started',
      'pod kube-system/dns has not restarted since kubelab started',
    ]);
    // A daemon that was already running: what the API says is current.
    expect(clusterReadiness(objects, { expectNodes: 0 })).toEqual({ nodes: 2, systemPods: 2, waitingFor: [] });
  });

  it('waits for kube-system workloads to report every replica ready', () => {
    const ds = { metadata: { name: 'kube-proxy', generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 2 } } as KubeObject;
    const deploy = { metadata: { name: 'coredns', generation: 2 }, spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2 } } as KubeObject;
    expect(clusterReadiness({ nodes: [], systemPods: [], daemonSets: [ds], deployments: [deploy] }, { expectNodes: 0 }).waitingFor).toEqual([
      'daemonset kube-system/kube-proxy: 2 of 3 pods ready',
      'deployment kube-system/coredns: its controller has not acted on its latest spec yet',
    ]);
  });
});
