/**
 * Helpers for the workload controller tests: until the simulated nodes and the scheduler
 * exist, the tests play them — bind pods through pods/binding as kube-scheduler does, and
 * write pod status through pods/status as a kubelet does (Running, Ready, containerStatuses,
 * a finished phase, finishing a graceful delete).
 */
import { type Clock, type FakeClock, type KubeObject, resourceFor, timestamp } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';

export const NODES = resourceFor('', 'v1', 'nodes')!;
export const PODS = resourceFor('', 'v1', 'pods')!;
export const EVENTS = resourceFor('', 'v1', 'events')!;
export const DEPLOYMENTS = resourceFor('apps', 'v1', 'deployments')!;
export const REPLICA_SETS = resourceFor('apps', 'v1', 'replicasets')!;
export const DAEMON_SETS = resourceFor('apps', 'v1', 'daemonsets')!;
export const STATEFUL_SETS = resourceFor('apps', 'v1', 'statefulsets')!;
export const CONTROLLER_REVISIONS = resourceFor('apps', 'v1', 'controllerrevisions')!;
export const JOBS = resourceFor('batch', 'v1', 'jobs')!;
export const CRON_JOBS = resourceFor('batch', 'v1', 'cronjobs')!;
export const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;
export const PVS = resourceFor('', 'v1', 'persistentvolumes')!;
export const STORAGE_CLASSES = resourceFor('storage.k8s.io', 'v1', 'storageclasses')!;
export const SERVICE_ACCOUNTS = resourceFor('', 'v1', 'serviceaccounts')!;

/** Objects as tests read them: any field may be looked at without ceremony. */
export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function podTemplate(labels: Record<string, string>, image = 'nginx:1.27', extra: Record<string, unknown> = {}) {
  return { metadata: { labels }, spec: { containers: [{ name: 'app', image }], ...extra } };
}

export function deployment(ns: string, name: string, replicas: number, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
  };
}

export function replicaSet(ns: string, name: string, replicas: number, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: ns },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
  };
}

/**
 * A Ready node, as a kubelet registers it and the node lifecycle controller then treats it:
 * the not-ready taint admission adds is lifted, and a cordoned node carries the
 * unschedulable taint.
 */
export async function createNode(client: KubeClient, name: string, extra: { labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean } = {}): Promise<Obj> {
  const node = (await client.create(NODES, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(extra.labels ?? {}) } },
    spec: extra.unschedulable ? { unschedulable: true } : {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  })) as Obj;
  const taints = [...(extra.taints ?? []), ...(extra.unschedulable ? [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] : [])];
  return (await client.update(NODES, { ...node, spec: { ...node.spec, taints } })) as Obj;
}

/** The node a DaemonSet pod is pinned to by its required node affinity. */
export function pinnedNode(pod: Obj): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name') return f.values?.[0];
  return undefined;
}

export async function listPods(client: KubeClient, ns: string, labelSelector?: string): Promise<Obj[]> {
  return (await client.list(PODS, { namespace: ns, labelSelector })).items as Obj[];
}

/** Pods neither finished nor being deleted. */
export function active(pods: Obj[]): Obj[] {
  return pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/** What kube-scheduler does: POST a Binding. */
export async function bindPod(client: KubeClient, pod: Obj, node: string): Promise<void> {
  const m = pod.metadata!;
  const res = await client.transport.request('POST', `/api/v1/namespaces/${m.namespace}/pods/${m.name}/binding`, {
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: m.name }, target: { kind: 'Node', name: node } }),
    contentType: 'application/json',
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`binding ${m.name}: HTTP ${res.status} ${res.body}`);
}

/** What a kubelet writes once the containers run: Running, and Ready when asked. */
export async function setRunning(client: KubeClient, clock: Pick<Clock, 'now'>, pod: Obj, options: { ready?: boolean; restartCount?: number } = {}): Promise<Obj> {
  const ready = options.ready ?? true;
  const now = timestamp(clock.now());
  const fresh = (await client.get(PODS, pod.metadata!.name!, { namespace: pod.metadata!.namespace })) as Obj;
  const conditions = [
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
    { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
  ];
  const containers = (fresh.spec?.containers ?? []) as Array<{ name: string; image: string }>;
  fresh.status = {
    ...fresh.status,
    phase: 'Running',
    conditions,
    hostIP: '10.0.0.2',
    podIP: '10.244.1.10',
    startTime: fresh.status?.startTime ?? now,
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready,
      started: true,
      restartCount: options.restartCount ?? 0,
      state: { running: { startedAt: now } },
    })),
  };
  return (await client.updateStatus(PODS, fresh)) as Obj;
}

/** A kubelet reporting the pod's containers as exited: phase Succeeded or Failed. */
export async function finishPod(client: KubeClient, clock: Pick<Clock, 'now'>, pod: Obj, phase: 'Succeeded' | 'Failed'): Promise<Obj> {
  const now = timestamp(clock.now());
  const fresh = (await client.get(PODS, pod.metadata!.name!, { namespace: pod.metadata!.namespace })) as Obj;
  const exitCode = phase === 'Succeeded' ? 0 : 1;
  const containers = (fresh.spec?.containers ?? []) as Array<{ name: string; image: string }>;
  fresh.status = {
    ...fresh.status,
    phase,
    conditions: [
      { type: 'Ready', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: now },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    ],
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: now, finishedAt: now } },
    })),
  };
  return (await client.updateStatus(PODS, fresh)) as Obj;
}

/** The kubelet finishing a graceful delete: the pod goes at once. */
export async function completeDeletion(client: KubeClient, pod: Obj): Promise<void> {
  try {
    await client.delete(PODS, pod.metadata!.name!, { namespace: pod.metadata!.namespace, gracePeriodSeconds: 0 });
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
  }
}

/**
 * One round of a scheduler and a kubelet for a namespace: unscheduled pods are bound (to
 * `node`), scheduled ones are reported running and ready, and pods being deleted are removed.
 * Pods a test wants to keep unready are passed in `hold`.
 */
export async function kubeletStep(
  client: KubeClient,
  clock: Pick<Clock, 'now'>,
  ns: string,
  options: { node?: string | ((pod: Obj) => string | undefined); hold?: (pod: Obj) => boolean; ready?: boolean } = {},
): Promise<void> {
  for (const pod of await listPods(client, ns)) {
    if (pod.metadata?.deletionTimestamp) {
      if (!(pod.metadata.finalizers ?? []).length) await completeDeletion(client, pod);
      continue;
    }
    if (options.hold?.(pod)) continue;
    if (!pod.spec?.nodeName) {
      const node = typeof options.node === 'function' ? options.node(pod) : (options.node ?? 'node-1');
      if (node) await bindPod(client, pod, node);
      continue;
    }
    if (pod.status?.phase === 'Pending') await setRunning(client, clock, pod, { ready: options.ready ?? true });
  }
}

export interface EventSummary {
  type: string;
  reason: string;
  message: string;
  kind?: string;
  name?: string;
  count?: number;
}

export async function eventsOf(client: KubeClient, ns: string, name?: string): Promise<EventSummary[]> {
  const items = (await client.list(EVENTS, { namespace: ns })).items as Obj[];
  return items
    .filter((e) => !name || e.involvedObject?.name === name)
    .sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)))
    .map((e) => ({ type: e.type, reason: e.reason, message: e.message, kind: e.involvedObject?.kind, name: e.involvedObject?.name, count: e.count }));
}

export function condition(obj: Obj, type: string): Obj | undefined {
  return (obj.status?.conditions ?? []).find((c: Obj) => c.type === type);
}

/** Lets real I/O run and fake time move, `rounds` times. */
export async function settle(clock: FakeClock, rounds = 20, stepMs = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 1));
    clock.advance(stepMs);
  }
}
