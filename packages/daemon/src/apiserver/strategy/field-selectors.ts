/**
 * Field selectors each kind supports (its GetAttrs / field label conversion upstream), with
 * how to read each field from an object. metadata.name and metadata.namespace work for all.
 */
import type { KubeObject, ResourceType } from '@kubelab/core';

type Getter = (o: KubeObject) => string | undefined;

function path(...segments: string[]): Getter {
  return (o) => {
    let v: unknown = o;
    for (const s of segments) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[s];
    }
    if (v === undefined || v === null) return undefined;
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
}

const BY_KIND: Record<string, Record<string, Getter>> = {
  '/Pod': {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String(Boolean((o['spec'] as { hostNetwork?: boolean } | undefined)?.hostNetwork)),
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  '/Node': { 'spec.unschedulable': (o) => String(Boolean((o['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable)) },
  '/Namespace': { 'status.phase': path('status', 'phase') },
  '/Secret': { type: path('type') },
  '/Service': { 'spec.clusterIP': path('spec', 'clusterIP'), 'spec.type': path('spec', 'type') },
  '/Event': {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: path('source', 'component'),
    type: path('type'),
  },
  'apps/ReplicaSet': { 'status.replicas': path('status', 'replicas') },
  'batch/Job': { 'status.successful': path('status', 'successful') },
};

export function fieldSelectorsFor(rt: ResourceType): ReadonlyMap<string, Getter> {
  const m = new Map<string, Getter>([['metadata.name', path('metadata', 'name')]]);
  if (rt.namespaced) m.set('metadata.namespace', path('metadata', 'namespace'));
  for (const [f, g] of Object.entries(BY_KIND[`${rt.group}/${rt.kind}`] ?? {})) m.set(f, g);
  return m;
}
