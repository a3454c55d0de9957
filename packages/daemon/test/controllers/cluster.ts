/**
 * A cluster for controller tests: a real ApiServer over the memory store, on a FakeClock,
 * reached through the in-process transport — the same path the daemon's controllers take.
 */
import { FakeClock, type KubeObject, type ObjectMeta, type ResourceType, resourceFor } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { ControllerManager } from '../../src/controllers/manager.js';
import type { MvccBackend } from '../../src/store/mvcc-backend.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';

export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBkubelabtestca\n-----END CERTIFICATE-----\n';

export const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;
export const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;
export const PODS = resourceFor('', 'v1', 'pods')!;
export const SERVICE_ACCOUNTS = resourceFor('', 'v1', 'serviceaccounts')!;
export const SECRETS = resourceFor('', 'v1', 'secrets')!;
export const EVENTS = resourceFor('', 'v1', 'events')!;
export const DEPLOYMENTS = resourceFor('apps', 'v1', 'deployments')!;
export const REPLICA_SETS = resourceFor('apps', 'v1', 'replicasets')!;
export const CLUSTER_ROLES = resourceFor('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
export const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

export interface TestCluster {
  clock: FakeClock;
  backend: MvccBackend;
  api: ApiServer;
  /** A client of the test's own (a user with kubectl). */
  client: KubeClient;
  manager: ControllerManager | undefined;
  /** Polls check until it passes, letting real I/O run and fake time move step ms per round. */
  eventually<T>(check: () => T | Promise<T>, options?: { stepMs?: number; rounds?: number }): Promise<T>;
  stop(): Promise<void>;
}

export async function startCluster(options: { controllers?: string[]; withManager?: boolean; watchCacheCapacity?: number } = {}): Promise<TestCluster> {
  const clock = new FakeClock();
  const backend = openMemoryBackend();
  const api = new ApiServer({ backend, clock, watchCacheCapacity: options.watchCacheCapacity });
  const client = new KubeClient(new InProcessTransport((req) => api.handle(req), { userAgent: 'kubectl/v1.32.0' }));
  // The namespaces kube-apiserver makes for itself (kubelabd's bootstrap).
  for (const name of ['default', 'kube-system']) await client.create(NAMESPACES, { metadata: { name } });
  let manager: ControllerManager | undefined;
  if (options.withManager !== false) {
    manager = new ControllerManager({
      handler: (req) => api.handle(req),
      clock,
      rootCaPem: CA_PEM,
      controllers: options.controllers,
      random: () => 0,
      log: { info: () => undefined, error: (m) => console.error(m) },
    });
    manager.start();
    if (!(await manager.waitForSync())) throw new Error('controller caches did not sync');
  }
  return {
    clock,
    backend,
    api,
    client,
    manager,
    eventually: (check, opts) => eventually(clock, check, opts),
    async stop() {
      await manager?.stop();
      api.stop();
      await backend.close();
    },
  };
}

export async function eventually<T>(clock: FakeClock, check: () => T | Promise<T>, options: { stepMs?: number; rounds?: number } = {}): Promise<T> {
  // 10 s of fake time by default: long enough for the namespace controller's 5 s grace period.
  const rounds = options.rounds ?? 1000;
  const step = options.stepMs ?? 10;
  let last: unknown;
  for (let i = 0; i < rounds; i++) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 1));
    clock.advance(step);
  }
  throw last;
}

/** The object, or undefined when the server answers 404. */
export async function find(client: KubeClient, rt: ResourceType, name: string, namespace?: string): Promise<KubeObject | undefined> {
  try {
    return await client.get(rt, name, { namespace });
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}

export function configMap(namespace: string, name: string, extra: Partial<ObjectMeta> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...extra }, data: { k: 'v' } };
}

export function pod(namespace: string, name: string, extra: Partial<ObjectMeta> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...extra },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

/** An owner reference to obj. */
export function ownerRef(obj: KubeObject, options: { blockOwnerDeletion?: boolean; controller?: boolean } = {}) {
  return {
    apiVersion: obj.apiVersion!,
    kind: obj.kind!,
    name: obj.metadata!.name!,
    uid: obj.metadata!.uid!,
    ...options,
  };
}
