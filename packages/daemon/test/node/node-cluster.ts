/**
 * A cluster for kubelet tests: a real ApiServer over the memory store on a FakeClock, the
 * node manager's kubelets as in the daemon, pods/log and pods/exec routed to them, and a
 * client of the test's own. No scheduler: tests set spec.nodeName themselves.
 */
import { FakeClock, type KubeObject, resourceFor } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { ApiServer } from '../../src/apiserver/api-server.js';
import type { KubeletConfiguration } from '../../src/node/kubelet/config.js';
import type { Pod } from '../../src/node/kubelet/pod-types.js';
import { type NodeDefaults, NodeManager } from '../../src/node/node-manager.js';
import { kubeletRoutes } from '../../src/node/routes/index.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';
import type { MvccBackend } from '../../src/store/mvcc-backend.js';

export const PODS = resourceFor('', 'v1', 'pods')!;
export const NODES = resourceFor('', 'v1', 'nodes')!;
export const EVENTS = resourceFor('', 'v1', 'events')!;
export const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;
export const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;
export const SECRETS = resourceFor('', 'v1', 'secrets')!;
const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;

export interface NodeCluster {
  clock: FakeClock;
  api: ApiServer;
  backend: MvccBackend;
  client: KubeClient;
  nodes: NodeManager;
  /** Polls check until it passes, letting real I/O run and moving fake time stepMs per round. */
  eventually<T>(check: () => T | Promise<T>, options?: { stepMs?: number; rounds?: number }): Promise<T>;
  /** Moves fake time forward ms in steps, letting work run between them. */
  advance(ms: number, stepMs?: number): Promise<void>;
  pod(name: string): Promise<Pod>;
  /** Events about an object, oldest first, as "Reason: message". */
  events(name: string): Promise<string[]>;
  /** GET of a subresource path (pods/log), as text; throws the server's Status on errors. */
  raw(method: string, path: string, body?: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export async function startNodeCluster(options: { nodes?: number; defaults?: Partial<NodeDefaults>; kubelet?: Partial<KubeletConfiguration> } = {}): Promise<NodeCluster> {
  const clock = new FakeClock();
  const backend = openMemoryBackend();
  const api = new ApiServer({ backend, clock });
  const client = new KubeClient(new InProcessTransport((req) => api.handle(req), { userAgent: 'kubectl/v1.32.0' }));
  for (const name of ['default', 'kube-system', 'kube-node-lease']) await client.create(NAMESPACES, { metadata: { name } });
  // What the root CA publisher would have made: every pod's service account volume needs it.
  await client.create(CONFIG_MAPS, { metadata: { name: 'kube-root-ca.crt', namespace: 'default' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n' } });
  const nodes = new NodeManager({ handler: (req) => api.handle(req), clock, defaults: options.defaults, kubelet: options.kubelet, random: () => 0, log: { info: () => undefined, error: () => undefined } });
  for (const r of kubeletRoutes(nodes)) api.addRoute(r);
  const startup = nodes.start(options.nodes ?? 1);
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const eventually = async <T>(check: () => T | Promise<T>, opts: { stepMs?: number; rounds?: number } = {}): Promise<T> => {
    const rounds = opts.rounds ?? 2000;
    let last: unknown;
    for (let i = 0; i < rounds; i++) {
      try {
        return await check();
      } catch (err) {
        last = err;
      }
      await settle();
      clock.advance(opts.stepMs ?? 100);
    }
    throw last;
  };
  while (!(await Promise.race([startup.then(() => true), settle().then(() => false)]))) clock.advance(10);
  return {
    clock,
    api,
    backend,
    client,
    nodes,
    eventually,
    async advance(ms, stepMs = 100) {
      for (let t = 0; t < ms; t += stepMs) {
        await settle();
        clock.advance(Math.min(stepMs, ms - t));
      }
      await settle();
    },
    pod: (name) => client.get<Pod>(PODS, name, { namespace: 'default' }),
    async events(name) {
      const list = await client.list(EVENTS, { namespace: 'default', fieldSelector: `involvedObject.name=${name}` });
      return list.items
        .sort((a, b) => String(a['firstTimestamp']).localeCompare(String(b['firstTimestamp'])) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1))
        .map((e) => `${e['reason']}: ${e['message']}`);
    },
    async raw(method, path, body) {
      const res = await client.transport.request(method, path, body === undefined ? {} : { body, contentType: 'text/plain' });
      return { status: res.status, body: res.body };
    },
    async stop() {
      await nodes.stop();
      await backend.close();
    },
  };
}

/** A pod bound to node (no scheduler needed). */
export function podOn(node: string, name: string, spec: Partial<Pod['spec']> & { containers: Pod['spec']['containers'] }, metadata: Partial<KubeObject['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...metadata }, spec: { nodeName: node, ...spec } } as Pod;
}

export function condition(pod: Pod, type: string): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === type)?.status;
}
