/**
 * What kube-apiserver creates for itself at start: the system namespaces, the `kubernetes`
 * Service in default (the API's own ClusterIP, the first of the service range) with its
 * endpoints (master-endpoints.ts), RBAC's bootstrap roles and the two system priority
 * classes. Idempotent: what exists is left alone, so restarts change nothing.
 */
import { type KubeObject, StatusError } from '@kubelab/core';
import type { ApiServer } from '../apiserver/api-server.js';
import { createObject } from '../apiserver/rest/create.js';
import { standardStorageClass } from '../controllers/volume/provisioner/hostpath-provisioner.js';
import { bootstrapRbac } from './bootstrap-rbac.js';
import { ADVERTISE_ADDRESS, reconcileMasterEndpoints } from './master-endpoints.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function bootstrap(api: ApiServer): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(api, '', 'namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  await ensure(api, 'scheduling.k8s.io', 'priorityclasses', undefined, priorityClass('system-node-critical', 2000001000));
  await ensure(api, 'scheduling.k8s.io', 'priorityclasses', undefined, priorityClass('system-cluster-critical', 2000000000));
  // RBAC's bootstrap policy: cluster-admin, admin/edit/view, and the discovery roles.
  await bootstrapRbac(api);
  // The default StorageClass, served by kubelab's simulated hostpath provisioner.
  await ensure(api, 'storage.k8s.io', 'storageclasses', undefined, standardStorageClass());
  await reconcileMasterEndpoints(api, ADVERTISE_ADDRESS);
}

function priorityClass(name: string, value: number): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    globalDefault: false,
    description: 'Used for system critical pods that must not be moved from their current node.',
    preemptionPolicy: 'PreemptLowerPriority',
  };
}

export async function ensure(api: ApiServer, group: string, plural: string, namespace: string | undefined, obj: KubeObject): Promise<void> {
  const res = api.resource(group, plural);
  if (await res.store.get(namespace, obj.metadata!.name!)) return;
  try {
    await createObject(res, api.systemContext(namespace), obj);
  } catch (err) {
    if (err instanceof StatusError && err.code === 409) return;
    throw err;
  }
}
