/**
 * PersistentVolume and PersistentVolumeClaim defaults (SetDefaults_PersistentVolume,
 * SetDefaults_PersistentVolumeClaim, SetDefaults_PersistentVolumeClaimSpec): Retain and
 * Filesystem for volumes, Filesystem for claims, Pending phases, canonical quantities.
 */
import type { KubeObject } from '../api/meta.js';
import { defaultResourceList } from './canonical-quantity.js';
import { type Obj, child, isObj, setDefault, setDefaultIfZero } from './util.js';

export function defaultPVCSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
  if (isObj(spec['resources'])) {
    defaultResourceList(spec['resources']['requests']);
    defaultResourceList(spec['resources']['limits']);
  }
}

export function defaultPersistentVolumeClaim(pvc: KubeObject): void {
  defaultPVCSpec(child(pvc, 'spec'));
  setDefaultIfZero(child(pvc, 'status'), 'phase', 'Pending');
}

export function defaultPersistentVolume(pv: KubeObject): void {
  const spec = child(pv, 'spec');
  setDefaultIfZero(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  defaultResourceList(spec['capacity']);
  if (isObj(spec['hostPath'])) setDefault(spec['hostPath'], 'type', '');
  setDefaultIfZero(child(pv, 'status'), 'phase', 'Pending');
}
