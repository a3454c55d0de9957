/**
 * ServiceAccount admission (plugin/pkg/admission/serviceaccount): every pod runs as a
 * service account — "default" unless it names one, which must exist — and, unless it opts
 * out with automountServiceAccountToken: false, gets the projected `kube-api-access-xxxxx`
 * volume (token, the cluster CA, its namespace) mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every container.
 */
import { type KubeObject, forbidden } from '@kubelab/core';
import { generateSuffix } from '../rest/create.js';
import type { AdmissionPlugin } from './admission.js';

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

interface Container {
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  volumes?: Array<{ name: string; [k: string]: unknown }>;
  containers?: Container[];
  initContainers?: Container[];
}

export const serviceAccountAdmission: AdmissionPlugin = {
  name: 'ServiceAccount',
  async admit(attrs, ctx) {
    if (attrs.operation !== 'CREATE' || attrs.rt.group !== '' || attrs.rt.plural !== 'pods' || !attrs.object) return;
    const pod = attrs.object;
    const spec = ((pod['spec'] ??= {}) as PodSpec);
    // Mirror pods (static pods reported by a kubelet) are exempt, as upstream.
    if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) return;
    const name = spec.serviceAccountName || spec.serviceAccount || 'default';
    spec.serviceAccountName = name;
    // The deprecated alias mirrors the name, as the API server still fills it.
    spec.serviceAccount = name;
    const accounts = ctx.lookup('', 'serviceaccounts');
    const sa = await accounts.store.get(attrs.namespace, name);
    // "default" is created by the service account controller just after its namespace; a pod
    // racing it is let through rather than refused.
    if (!sa && name !== 'default') {
      throw forbidden(attrs.rt, pod.metadata?.name ?? '', `error looking up service account ${attrs.namespace}/${name}: serviceaccount "${name}" not found`);
    }
    const automount = spec.automountServiceAccountToken ?? (sa?.object['automountServiceAccountToken'] as boolean | undefined) ?? true;
    if (!automount) return;
    const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    if (containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT))) return;
    const volumeName = `kube-api-access-${generateSuffix()}`;
    (spec.volumes ??= []).push(projectedTokenVolume(volumeName));
    for (const c of containers) (c.volumeMounts ??= []).push({ name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT });
  },
};

function projectedTokenVolume(name: string): { name: string } & KubeObject {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}
