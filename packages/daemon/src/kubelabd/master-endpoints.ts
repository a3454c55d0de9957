/**
 * The `kubernetes` Service and where it leads, as kube-apiserver's endpoint reconciler keeps
 * them (pkg/controlplane/reconcilers): the Service (ClusterIP 10.96.0.1, port 443 named
 * https, targeting the secure port), and an Endpoints object and an EndpointSlice named
 * `kubernetes` listing the API server's advertised address. The Service is created once; the
 * endpoints are rewritten at every start when the address changed (a new port, the kubeadm
 * shape turned on), as the reconciler does — so kube-proxy routes pods' connections to
 * kubernetes.default to the API server.
 */
import { type KubeObject, StatusError } from '@kubelab/core';
import type { ApiServer } from '../apiserver/api-server.js';
import { createObject } from '../apiserver/rest/create.js';
import { updateObject } from '../apiserver/rest/update.js';
import { ensure } from './bootstrap.js';

export interface Advertise {
  ip: string;
  port: number;
}

/**
 * kube-apiserver's --advertise-address and --secure-port: the control-plane node's address,
 * where its kube-apiserver static pod listens in the kubeadm shape. Endpoints may not name a
 * loopback address (validation refuses 127.0.0.0/8), so a daemon without that node still
 * advertises it; connections to kubernetes.default then find no host, as they would.
 */
export const ADVERTISE_ADDRESS: Advertise = { ip: '172.18.0.2', port: 6443 };

export async function reconcileMasterEndpoints(api: ApiServer, at: Advertise): Promise<void> {
  await ensure(api, '', 'services', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: at.port }],
      sessionAffinity: 'None',
    },
  });
  await upsert(api, '', 'endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    // The reconciler writes the slice itself: the mirroring controller is told to skip it.
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: at.ip }], ports: [{ name: 'https', port: at.port, protocol: 'TCP' }] }],
  });
  await upsert(api, 'discovery.k8s.io', 'endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [at.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: at.port, protocol: 'TCP' }],
  });
}

/** Creates the object, or rewrites what the reconciler owns when it differs. */
async function upsert(api: ApiServer, group: string, plural: string, want: KubeObject): Promise<void> {
  const res = api.resource(group, plural);
  const ctx = api.systemContext('default');
  const name = want.metadata!.name!;
  if (!(await res.store.get('default', name))) {
    try {
      await createObject(res, ctx, want);
      return;
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
    }
  }
  await updateObject(res, ctx, name, (cur) => {
    const { apiVersion: _a, kind: _k, metadata, ...body } = want;
    const next: KubeObject = { ...cur, ...body };
    next.metadata = { ...cur.metadata, labels: { ...(cur.metadata?.labels ?? {}), ...(metadata?.labels ?? {}) } };
    return next;
  });
}
