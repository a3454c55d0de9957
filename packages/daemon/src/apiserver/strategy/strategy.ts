/**
 * Per-kind behaviour of the generic REST store, as each kind's strategy.go upstream defines
 * it: what create resets, what an update of the main resource keeps from the old object
 * (status), what a status update keeps (everything else), whether spec changes bump
 * metadata.generation, which field selectors the kind supports, and how long a graceful
 * delete waits. Defaulting and validation come from @kubelab/core.
 */
import { type KubeObject, type ResourceType, podQosClass } from '@kubelab/core';
import { fieldSelectorsFor } from './field-selectors.js';

export interface Strategy {
  readonly rt: ResourceType;
  /** Spec changes bump metadata.generation (Deployments, ReplicaSets, Jobs, ...). */
  readonly tracksGeneration: boolean;
  /** A PUT of a missing object creates it (Endpoints, Events, Leases). */
  readonly allowCreateOnUpdate: boolean;
  readonly hasStatus: boolean;
  /** Field selectors besides metadata.name/namespace, with how to read each. */
  readonly fields: ReadonlyMap<string, (o: KubeObject) => string | undefined>;
  prepareForCreate(obj: KubeObject): void;
  /** A write of the main resource: status changes are dropped (they go through /status). */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** A write of /status: only status (and no metadata but managedFields) changes. */
  prepareForStatusUpdate(obj: KubeObject, old: KubeObject): void;
  /** Seconds a delete waits for a graceful shutdown; 0 deletes at once. */
  gracePeriod(obj: KubeObject, requested: number | undefined): number;
}

/** Kinds whose strategy bumps generation on spec changes. */
const GENERATION_KINDS = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
  'batch/CronJob',
  'policy/PodDisruptionBudget',
]);

const CREATE_ON_UPDATE_KINDS = new Set(['/Endpoints', '/Event', 'coordination.k8s.io/Lease']);

/** Kinds that, upstream, keep the status a client sends on create (nodes report their own). */
const KEEPS_STATUS_ON_CREATE = new Set(['/Node', '/Event']);

export function strategyFor(rt: ResourceType): Strategy {
  const key = `${rt.group}/${rt.kind}`;
  const hasStatus = rt.subresources.includes('status');
  return {
    rt,
    tracksGeneration: GENERATION_KINDS.has(key),
    allowCreateOnUpdate: CREATE_ON_UPDATE_KINDS.has(key),
    hasStatus,
    fields: fieldSelectorsFor(rt),
    prepareForCreate(obj) {
      if (key === '/Secret') mergeStringData(obj);
      if (hasStatus && !KEEPS_STATUS_ON_CREATE.has(key)) delete obj['status'];
      if (GENERATION_KINDS.has(key)) obj.metadata!.generation = 1;
      initialStatus(key, obj);
    },
    prepareForUpdate(obj, old) {
      if (key === '/Secret') mergeStringData(obj);
      if (hasStatus) {
        if (old['status'] === undefined) delete obj['status'];
        else obj['status'] = old['status'];
      }
      if (GENERATION_KINDS.has(key)) {
        const changed = JSON.stringify(obj['spec'] ?? null) !== JSON.stringify(old['spec'] ?? null);
        obj.metadata!.generation = (old.metadata?.generation ?? 1) + (changed ? 1 : 0);
      }
    },
    prepareForStatusUpdate(obj, old) {
      for (const field of Object.keys(obj)) {
        if (field !== 'status' && field !== 'metadata' && field !== 'apiVersion' && field !== 'kind') delete obj[field];
      }
      for (const field of Object.keys(old)) {
        if (field !== 'status' && field !== 'metadata') obj[field] = old[field];
      }
      // Status writes may not change metadata, but managedFields follow the writer.
      const managedFields = obj.metadata?.managedFields;
      obj.metadata = { ...old.metadata, resourceVersion: obj.metadata?.resourceVersion };
      if (managedFields) obj.metadata.managedFields = managedFields;
      if (key === '/Pod') keepPodQos(obj, old);
    },
    gracePeriod(obj, requested) {
      if (key !== '/Pod') return 0;
      const spec = (obj['spec'] ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
      const phase = (obj['status'] as { phase?: string } | undefined)?.phase;
      // An unscheduled or finished pod has no kubelet to wait for (pod strategy CheckGracefulDelete).
      if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
      return Math.max(0, requested ?? spec.terminationGracePeriodSeconds ?? 30);
    },
  };
}

function initialStatus(key: string, obj: KubeObject): void {
  switch (key) {
    case '/Pod': {
      const status = (obj['status'] ?? {}) as Record<string, unknown>;
      obj['status'] = { phase: 'Pending', ...status, qosClass: podQosClass(obj) };
      break;
    }
    case '/Namespace': {
      obj['status'] = { phase: 'Active' };
      // The namespace controller's finalizer: content goes before the namespace does.
      const spec = (obj['spec'] ?? {}) as { finalizers?: string[] };
      obj['spec'] = { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] };
      break;
    }
    case '/PersistentVolume':
    case '/PersistentVolumeClaim':
      obj['status'] = { phase: 'Pending' };
      break;
    case '/Service':
      obj['status'] = { loadBalancer: {} };
      break;
  }
}

/** qosClass is computed once at create; updates cannot change it (pod strategy). */
function keepPodQos(obj: KubeObject, old: KubeObject): void {
  const oldQos = (old['status'] as { qosClass?: string } | undefined)?.qosClass;
  if (oldQos && obj['status'] && typeof obj['status'] === 'object') (obj['status'] as Record<string, unknown>)['qosClass'] = oldQos;
}

/**
 * A Secret's stringData is a write-only convenience: its entries are base64-encoded into
 * data (overriding keys already there) and stringData itself is never stored, as the
 * core/v1 → internal conversion does upstream.
 */
function mergeStringData(secret: KubeObject): void {
  const stringData = secret['stringData'] as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((secret['data'] as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  secret['data'] = data;
  delete secret['stringData'];
}
