/**
 * A cluster for scheduler tests: the API server over the memory store on a FakeClock (the
 * controller tests' cluster, without controllers) and kube-scheduler as kubelabd runs it —
 * its component, its decision records served by the API server. Nodes are created through
 * the API the way simulated nodes will register, then their not-ready taint is lifted as the
 * node lifecycle controller does for Ready nodes.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import type { CompletedConfiguration } from '@kubelab/core/scheduler/config/types';
import { SchedulerComponent } from '../../src/scheduler/component.js';
import { type TestCluster, startCluster } from '../controllers/cluster.js';

export const NODES = resourceFor('', 'v1', 'nodes')!;
export const PODS = resourceFor('', 'v1', 'pods')!;
export const EVENTS = resourceFor('', 'v1', 'events')!;
export const PRIORITY_CLASSES = resourceFor('scheduling.k8s.io', 'v1', 'priorityclasses')!;

export interface SchedulerCluster extends TestCluster {
  scheduler: SchedulerComponent;
}

export async function startSchedulerCluster(options: { config?: CompletedConfiguration; seed?: number; identity?: string } = {}): Promise<SchedulerCluster> {
  const cluster = await startCluster({ withManager: false });
  const scheduler = new SchedulerComponent({
    handler: (req) => cluster.api.handle(req),
    clock: cluster.clock,
    config: options.config,
    seed: options.seed,
    identity: options.identity,
    random: () => 0,
    log: { info: () => undefined, error: (m) => console.error(m) },
  });
  cluster.api.addRoute(scheduler.decisions.route());
  scheduler.start();
  const stop = cluster.stop;
  return Object.assign(cluster, {
    scheduler,
    async stop() {
      await scheduler.stop();
      await stop();
    },
  });
}

export interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
}

/** A Ready node with its allocatable, as a kubelet would register it. */
export async function addNode(client: KubeClient, name: string, s: NodeSpec = {}): Promise<void> {
  const allocatable = { cpu: s.cpu ?? '2', memory: s.memory ?? '4Gi', pods: s.pods ?? '110' };
  await client.create(NODES, {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(s.labels ?? {}) } },
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
  });
  // Registered with node.kubernetes.io/not-ready: lifted once Ready, as the node lifecycle controller would.
  await client.patch(NODES, name, 'merge', { spec: { taints: s.taints ?? null } });
}

export function podSpec(name: string, o: { cpu?: string; schedulerName?: string; priorityClassName?: string; labels?: Record<string, string>; extra?: Record<string, unknown> } = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', labels: o.labels },
    spec: {
      schedulerName: o.schedulerName,
      priorityClassName: o.priorityClassName,
      containers: [{ name: 'app', image: 'nginx:1.27', resources: o.cpu ? { requests: { cpu: o.cpu } } : {} }],
      ...(o.extra ?? {}),
    },
  };
}

/** The messages of a pod's events, "Reason: message". */
export async function eventsOf(client: KubeClient, podName: string): Promise<string[]> {
  const list = await client.list(EVENTS, { namespace: 'default' });
  return list.items
    .filter((e) => (e['involvedObject'] as { name?: string }).name === podName)
    .map((e) => `${e['reason']}: ${e['message']}`);
}

export function nodeNameOf(p: KubeObject): string | undefined {
  return (p['spec'] as { nodeName?: string }).nodeName;
}

export function condition(p: KubeObject, type: string): Record<string, unknown> | undefined {
  return ((p['status'] as { conditions?: Array<Record<string, unknown>> }).conditions ?? []).find((c) => c['type'] === type);
}
