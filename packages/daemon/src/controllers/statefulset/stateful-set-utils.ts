/**
 * What a StatefulSet promises its pods (pkg/controller/statefulset/stateful_set_utils.go):
 * a stable identity — the name "<set>-<ordinal>", hostname and subdomain, the labels
 * statefulset.kubernetes.io/pod-name and apps.kubernetes.io/pod-index — and stable storage:
 * for each volumeClaimTemplate a claim "<template>-<set>-<ordinal>" mounted by the pod with
 * that ordinal, whatever pod object carries it.
 */
import { type KubeObject, type LabelSelector, resourceFor } from '@kubelab/core';
import type { ControllerRevision } from '../history/controller-history.js';
import { type Pod, type PodTemplateSpec, isPodAvailable, isPodReady } from '../replicaset/pod-util.js';

export const STATEFUL_SETS = resourceFor('apps', 'v1', 'statefulsets')!;
export const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** The pod label naming the ControllerRevision (its full name) the pod was made from. */
export const STATEFUL_SET_REVISION_LABEL = 'controller-revision-hash';

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas: number;
  conditions?: unknown[];
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
}

export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    volumeClaimTemplates?: PersistentVolumeClaim[];
    revisionHistoryLimit?: number;
    minReadySeconds?: number;
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
    ordinals?: { start?: number };
  };
  status?: StatefulSetStatus;
}

export const replicasOfSet = (set: StatefulSet): number => set.spec?.replicas ?? 1;
export const startOrdinal = (set: StatefulSet): number => set.spec?.ordinals?.start ?? 0;
export const endOrdinal = (set: StatefulSet): number => startOrdinal(set) + replicasOfSet(set) - 1;

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata!.name}-${ordinal}`;
}

/** getParentNameAndOrdinal: "web-12" → ["web", 12]; ordinal -1 for names that do not fit. */
export function parentAndOrdinal(pod: KubeObject): [string, number] {
  const m = /^(.*)-([0-9]+)$/.exec(pod.metadata?.name ?? '');
  if (!m) return ['', -1];
  const n = Number.parseInt(m[2]!, 10);
  return Number.isSafeInteger(n) ? [m[1]!, n] : ['', -1];
}

export const ordinalOf = (pod: KubeObject): number => parentAndOrdinal(pod)[1];

export function podInOrdinalRange(pod: KubeObject, set: StatefulSet): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** isMemberOf: named after the set. */
export function isMemberOf(set: StatefulSet, pod: KubeObject): boolean {
  return parentAndOrdinal(pod)[0] === set.metadata?.name;
}

export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata?.name ?? ''}-${set.metadata!.name}-${ordinal}`;
}

/** getPersistentVolumeClaims: the claims of the pod with this ordinal, by template name. */
export function claimsFor(set: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const claim: PersistentVolumeClaim = structuredClone(template);
    const { status: _status, ...rest } = claim as PersistentVolumeClaim & { status?: unknown };
    const c: PersistentVolumeClaim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...rest };
    c.metadata = { ...(c.metadata ?? {}), name: claimName(set, template, ordinal), namespace: set.metadata?.namespace };
    c.metadata.labels = { ...(c.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    claims.set(template.metadata?.name ?? '', c);
  }
  return claims;
}

/** updateIdentity: name, namespace, hostname, subdomain and the identity labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  pod.metadata = { ...pod.metadata, name: podName(set, ordinal), namespace: set.metadata?.namespace };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ordinal) };
  pod.spec = { ...pod.spec, hostname: pod.metadata.name };
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
}

/** updateStorage: a volume per claim template, pointing at this ordinal's claim. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, ordinalOf(pod));
  const volumes: Array<{ name: string; [k: string]: unknown }> = [];
  for (const [name, claim] of claims) volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata!.name } });
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec = { ...pod.spec, volumes };
}

export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const [parent, ordinal] = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    pod.metadata?.name === podName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[POD_NAME_LABEL] === pod.metadata?.name
  );
}

export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const [name, claim] of claimsFor(set, ordinal)) {
    const v = volumes.get(name) as { persistentVolumeClaim?: { claimName?: string } } | undefined;
    if (v?.persistentVolumeClaim?.claimName !== claim.metadata!.name) return false;
  }
  return true;
}

/** ApplyRevision: the set with the revision's template in place of its own. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone: StatefulSet = structuredClone(set);
  const template = (revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (template) {
    const { $patch: _patch, ...rest } = template;
    clone.spec = { ...clone.spec, template: structuredClone(rest) as PodTemplateSpec };
  }
  return clone;
}

export const getPodRevision = (pod: KubeObject): string => pod.metadata?.labels?.[STATEFUL_SET_REVISION_LABEL] ?? '';
export const isCreated = (pod: Pod): boolean => Boolean(pod.status?.phase);
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isTerminating = (pod: Pod): boolean => Boolean(pod.metadata?.deletionTimestamp);
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, now: number): boolean =>
  pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now);
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);
