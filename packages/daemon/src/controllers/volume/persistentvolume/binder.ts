/**
 * Matching claims to volumes (pkg/controller/volume/persistentvolume/index.go and
 * pv_controller.go's helpers): the typed view of PersistentVolumes and claims, the
 * annotations the binder writes, and findBestMatchForClaim — the smallest available volume
 * of the claim's class that offers every access mode it asks for, at least the storage it
 * requests, its volume mode, and the labels its selector wants; a volume pre-bound to the
 * claim (spec.claimRef naming it) wins outright.
 */
import { type KubeObject, type LabelSelector, selectorFromLabelSelector } from '@kubelab/core';
import { compareQuantities, parseExactQuantity } from '@kubelab/core/defaults/canonical-quantity';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

export interface ClaimRef {
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    claimRef?: ClaimRef | null;
    persistentVolumeReclaimPolicy?: string;
    storageClassName?: string;
    volumeMode?: string;
    mountOptions?: string[];
    hostPath?: { path: string; type?: string };
    [field: string]: unknown;
  };
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    accessModes?: string[];
    resources?: { requests?: Record<string, string> };
    storageClassName?: string | null;
    volumeName?: string;
    volumeMode?: string;
    selector?: LabelSelector | null;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string> };
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  mountOptions?: string[];
  parameters?: Record<string, string>;
}

/** GetPersistentVolumeClaimClass: the claim's storage class name ("" for none). */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.spec?.storageClassName ?? '';
}

export function volumeClass(volume: PersistentVolume): string {
  return volume.spec?.storageClassName ?? '';
}

/** IsVolumeBoundToClaim: the volume's claimRef names this claim (with its uid, or none yet). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.namespace !== claim.metadata?.namespace || ref.name !== claim.metadata?.name) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

export function claimKey(claim: { namespace?: string; name?: string }): string {
  return `${claim.namespace}/${claim.name}`;
}

function requestOf(claim: PersistentVolumeClaim) {
  const r = claim.spec?.resources?.requests?.['storage'];
  return r === undefined ? undefined : parseExactQuantity(r);
}

function capacityOf(volume: PersistentVolume) {
  const c = volume.spec?.capacity?.['storage'];
  return c === undefined ? undefined : parseExactQuantity(c);
}

/** findBestMatchForClaim (findMatchingVolume with delayBinding false). */
export function findBestMatchForClaim(volumes: readonly PersistentVolume[], claim: PersistentVolumeClaim): PersistentVolume | undefined {
  const request = requestOf(claim);
  const selector = claim.spec?.selector ? selectorFromLabelSelector(claim.spec.selector) : undefined;
  const wantedModes = claim.spec?.accessModes ?? [];
  const mode = claim.spec?.volumeMode ?? 'Filesystem';
  let best: PersistentVolume | undefined;
  for (const volume of volumes) {
    if ((volume.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(volume, claim)) return volume;
    // Bound (or pre-bound) to someone else.
    if (volume.spec?.claimRef) continue;
    if (volume.status?.phase === 'Released' || volume.status?.phase === 'Failed') continue;
    if (volumeClass(volume) !== claimClass(claim)) continue;
    if (selector && !selector.matches(volume.metadata?.labels)) continue;
    const offered = volume.spec?.accessModes ?? [];
    if (!wantedModes.every((m) => offered.includes(m))) continue;
    const capacity = capacityOf(volume);
    if (!capacity || (request && compareQuantities(capacity, request) < 0)) continue;
    if (!best || compareQuantities(capacity, capacityOf(best)!) < 0) best = volume;
  }
  return best;
}

/** The claim reference a volume bound to this claim carries (GetReference). */
export function claimRefTo(claim: PersistentVolumeClaim): ClaimRef {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata!.namespace,
    name: claim.metadata!.name,
    uid: claim.metadata!.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata!.resourceVersion,
  };
}
