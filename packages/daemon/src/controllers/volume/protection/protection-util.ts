/**
 * The storage protection finalizers (pkg/controller/volume/protectionutil and
 * pkg/volume/util's finalizer names). A claim in use by a pod, or a volume bound to a claim,
 * carries a finalizer, so deleting it leaves it Terminating until it is no longer in use.
 * Upstream the StorageObjectInUseProtection admission plugin adds the finalizers at
 * creation; its controllers add them to objects that lack them and remove them once the
 * object being deleted is free.
 */
import type { KubeObject } from '@kubelab/core';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** IsDeletionCandidate: being deleted, and the finalizer still holds it. */
export function isDeletionCandidate(obj: KubeObject, finalizer: string): boolean {
  return Boolean(obj.metadata?.deletionTimestamp) && (obj.metadata?.finalizers ?? []).includes(finalizer);
}

/** NeedToAddFinalizer: not being deleted, and without the finalizer. */
export function needToAddFinalizer(obj: KubeObject, finalizer: string): boolean {
  return !obj.metadata?.deletionTimestamp && !(obj.metadata?.finalizers ?? []).includes(finalizer);
}

/** A mutation for retryUpdate: the finalizer added (false: already there). */
export function addFinalizer(finalizer: string): (obj: KubeObject) => boolean {
  return (obj) => {
    if (!needToAddFinalizer(obj, finalizer)) return false;
    obj.metadata = { ...obj.metadata, finalizers: [...(obj.metadata?.finalizers ?? []), finalizer] };
    return true;
  };
}

/** A mutation for retryUpdate: the finalizer removed (false: not there). */
export function removeFinalizer(finalizer: string): (obj: KubeObject) => boolean {
  return (obj) => {
    const finalizers = obj.metadata?.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return false;
    obj.metadata = { ...obj.metadata, finalizers: finalizers.filter((f) => f !== finalizer) };
    return true;
  };
}
