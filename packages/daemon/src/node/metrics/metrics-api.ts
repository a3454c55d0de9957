/**
 * The Metrics API (metrics.k8s.io/v1beta1) that metrics-server serves and `kubectl top`
 * reads, answered in-process from the simulated nodes' container runtimes (their
 * ListContainerStats, what cAdvisor would measure):
 *
 *   GET /apis/metrics.k8s.io/v1beta1/nodes[/NAME]                     NodeMetrics(List)
 *   GET /apis/metrics.k8s.io/v1beta1/[namespaces/NS/]pods[/NAME]      PodMetrics(List)
 *
 * Lists take labelSelector. A node's usage is its containers' plus what its own daemons
 * (kubelet, container runtime, system services) use; a node whose kubelet is stopped cannot
 * be scraped and is left out, as metrics-server leaves out a node it cannot reach — kubectl
 * top then shows it as <unknown>. CPU is reported in nanocores and memory in KiB, as
 * metrics-server reports them.
 */
import { type KubeObject, ROUTED_RESOURCES, parseSelector, statusError, timestamp } from '@kubelab/core';
import type { ApiResponse } from '../../apiserver/api-request.js';
import type { ExtraRoute } from '../../apiserver/api-server.js';
import type { ContainerStats } from '../runtime/cri.js';

const PREFIX = '/apis/metrics.k8s.io/v1beta1/';
const API_VERSION = 'metrics.k8s.io/v1beta1';
/** metrics-server's default resolution: each figure is the rate over this window. */
const WINDOW = '15s';
/** What a node's own daemons use, before any pod: kubelet, containerd, systemd, journald. */
const NODE_OVERHEAD = { cpuNanoCores: 45_000_000, memoryBytes: 420 * 1024 * 1024 };

/** A node as the metrics source sees it: its name, whether it can be scraped, its stats. */
export interface MetricsNode {
  name: string;
  scrapeable: boolean;
  stats(): Promise<ContainerStats[]>;
}

export interface MetricsSourceOptions {
  nodes(): MetricsNode[];
  /** The Node and Pod objects (for labels and creation times), from the API server's caches. */
  nodeObject(name: string): KubeObject | undefined;
  podObject(namespace: string, name: string): KubeObject | undefined;
  clock: { now(): number };
}

const usage = (cpu: number, memory: number) => ({ cpu: `${Math.round(cpu)}n`, memory: `${Math.round(memory / 1024)}Ki` });

export function metricsRoute(options: MetricsSourceOptions): ExtraRoute {
  return {
    match: PREFIX,
    discovery: METRICS_RESOURCES,
    handle: async (input) => {
      const { req, url } = input as { req: { method: string }; url: { pathname: string; searchParams: URLSearchParams } };
      if (req.method !== 'GET') throw statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const path = url.pathname.slice(PREFIX.length).replace(/\/+$/, '').split('/');
      const selector = parseSelector(url.searchParams.get('labelSelector') ?? '');
      const now = timestamp(options.clock.now());
      if (path[0] === 'nodes' && path.length <= 2) return nodeMetrics(options, path[1], selector, now);
      if (path[0] === 'pods' && path.length === 1) return podMetrics(options, undefined, undefined, selector, now);
      if (path[0] === 'namespaces' && path[2] === 'pods' && path.length <= 4) return podMetrics(options, path[1], path[3], selector, now);
      throw statusError(404, 'NotFound', 'the server could not find the requested resource');
    },
  };
}

type Selector = ReturnType<typeof parseSelector>;

async function nodeMetrics(o: MetricsSourceOptions, name: string | undefined, selector: Selector, now: string): Promise<ApiResponse> {
  const items: KubeObject[] = [];
  for (const node of o.nodes()) {
    if (name !== undefined && node.name !== name) continue;
    const obj = o.nodeObject(node.name);
    if (!node.scrapeable || !obj || !selector.matches(obj.metadata?.labels)) continue;
    let cpu = NODE_OVERHEAD.cpuNanoCores;
    let memory = NODE_OVERHEAD.memoryBytes;
    for (const s of await node.stats()) {
      cpu += s.cpuNanoCores;
      memory += s.memoryWorkingSetBytes;
    }
    items.push({ metadata: { name: node.name, creationTimestamp: now, labels: obj.metadata?.labels }, timestamp: now, window: WINDOW, usage: usage(cpu, memory) });
  }
  if (name !== undefined) {
    if (!items[0]) throw statusError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${name}" not found`, { name, group: 'metrics.k8s.io', kind: 'nodes' });
    return { status: 200, body: { kind: 'NodeMetrics', apiVersion: API_VERSION, ...items[0] } };
  }
  return { status: 200, body: { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items } };
}

async function podMetrics(o: MetricsSourceOptions, namespace: string | undefined, name: string | undefined, selector: Selector, now: string): Promise<ApiResponse> {
  const pods = new Map<string, { namespace: string; name: string; containers: Array<{ name: string; usage: ReturnType<typeof usage> }> }>();
  for (const node of o.nodes()) {
    if (!node.scrapeable) continue;
    for (const s of await node.stats()) {
      if (namespace !== undefined && s.pod.namespace !== namespace) continue;
      if (name !== undefined && s.pod.name !== name) continue;
      const key = `${s.pod.namespace}/${s.pod.name}`;
      let pod = pods.get(key);
      if (!pod) pods.set(key, (pod = { namespace: s.pod.namespace, name: s.pod.name, containers: [] }));
      pod.containers.push({ name: s.metadata.name, usage: usage(s.cpuNanoCores, s.memoryWorkingSetBytes) });
    }
  }
  const items: KubeObject[] = [];
  for (const pod of [...pods.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))) {
    const obj = o.podObject(pod.namespace, pod.name);
    if (!obj || !selector.matches(obj.metadata?.labels)) continue;
    items.push({
      metadata: { name: pod.name, namespace: pod.namespace, creationTimestamp: now, labels: obj.metadata?.labels },
      timestamp: now,
      window: WINDOW,
      containers: pod.containers.sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  if (name !== undefined) {
    if (!items[0]) throw statusError(404, 'NotFound', `podmetrics.metrics.k8s.io "${namespace}/${name}" not found`, { name, group: 'metrics.k8s.io', kind: 'pods' });
    return { status: 200, body: { kind: 'PodMetrics', apiVersion: API_VERSION, ...items[0] } };
  }
  return { status: 200, body: { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items } };
}

const METRICS_RESOURCES = ROUTED_RESOURCES.filter((r) => r.group === 'metrics.k8s.io');
