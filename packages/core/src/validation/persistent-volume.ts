/**
 * PersistentVolumes (ValidatePersistentVolumeSpec and ValidatePersistentVolumeUpdate in
 * pkg/apis/core/validation): access modes, a storage capacity, a reclaim policy, exactly one
 * volume source (local volumes need node affinity); the source cannot change later.
 */
import type { KubeObject } from '../api/meta.js';
import { formatQuantity } from '../defaults/canonical-quantity.js';
import { type Errs, forbidden, immutable, invalid, notSupported, required, semanticEqual } from './field.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validatePathNoBacksteps } from './paths.js';
import { VOLUME_MODES, validateAccessModes } from './persistent-volume-claim.js';
import { parseQuantityAt } from './resources.js';
import { validateNodeSelector } from './scheduling.js';
import { type Obj, isObj, present, rec, str, strs } from './shape.js';
import { HOST_PATH_TYPES, validateCSIDriverName } from './volume.js';

const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
/** PV sources in upstream's order; flexVolume is counted without the "more than 1" check, as upstream does. */
const PV_SOURCES: Array<[string, string]> = [
  ['hostPath', 'hostPath'], ['gcePersistentDisk', 'gcePersistentDisk'], ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['nfs', 'nfs'], ['rbd', 'rbd'], ['quobyte', 'quobyte'], ['cephfs', 'cephFS'],
  ['iscsi', 'iscsi'], ['cinder', 'cinder'], ['fc', 'fc'], ['flexVolume', 'flexVolume'], ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'], ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'], ['scaleIO', 'scaleIO'], ['local', 'local'], ['storageos', 'storageos'], ['csi', 'csi'],
];
export const PV_SOURCE_FIELDS = PV_SOURCES.map(([f]) => f);

function validateSource(kind: string, s: Obj, field: string, nodeAffinity: boolean): Errs {
  switch (kind) {
    case 'hostPath': {
      const path = str(s['path']);
      if (path === '') return [required(`${field}.path`)];
      const errs = validatePathNoBacksteps(path, `${field}.path`);
      if (present(s['type']) && !HOST_PATH_TYPES.includes(str(s['type']))) errs.push(notSupported(`${field}.type`, s['type'], HOST_PATH_TYPES));
      return errs;
    }
    case 'nfs': {
      const errs: Errs = [];
      if (str(s['server']) === '') errs.push(required(`${field}.server`));
      if (str(s['path']) === '') errs.push(required(`${field}.path`));
      if (!str(s['path']).startsWith('/')) errs.push(invalid(`${field}.path`, str(s['path']), 'must be an absolute path'));
      return errs;
    }
    case 'local': {
      const path = str(s['path']);
      const errs = path === '' ? [required(`${field}.path`)] : validatePathNoBacksteps(path, `${field}.path`);
      if (!nodeAffinity) errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
      return errs;
    }
    case 'csi': {
      const errs = validateCSIDriverName(str(s['driver']), `${field}.driver`);
      if (str(s['volumeHandle']) === '') errs.push(required(`${field}.volumeHandle`));
      for (const ref of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
        if (!isObj(s[ref])) continue;
        const name = str(s[ref]['name']);
        const ns = str(s[ref]['namespace']);
        if (name === '') errs.push(required(`${field}.${ref}.name`));
        else for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${field}.${ref}.name`, name, m));
        if (ns === '') errs.push(required(`${field}.${ref}.namespace`));
        else for (const m of isDNS1123Label(ns)) errs.push(invalid(`${field}.${ref}.namespace`, ns, m));
      }
      return errs;
    }
    default:
      return [];
  }
}

export function validatePersistentVolume(pv: KubeObject): Errs {
  const spec = rec(pv['spec']);
  const errs: Errs = [];
  const modes = strs(spec['accessModes']);
  if (modes.length === 0) errs.push(required('spec.accessModes'));
  errs.push(...validateAccessModes(modes, 'spec.accessModes'));
  const capacity = rec(spec['capacity']);
  if (Object.keys(capacity).length === 0) errs.push(required('spec.capacity'));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) errs.push(notSupported('spec.capacity', capacity, ['storage']));
  for (const [name, value] of Object.entries(capacity)) {
    const f = `spec.capacity[${name}]`;
    const { q, errs: qe } = parseQuantityAt(value, f);
    errs.push(...qe);
    if (q && q.mant < 0n) errs.push(invalid(f, formatQuantity(q), 'must be a valid resource quantity'));
    if (q && q.mant <= 0n) errs.push(invalid(f, formatQuantity(q), 'must be greater than zero'));
  }
  const policy = str(spec['persistentVolumeReclaimPolicy']);
  if (policy !== '' && !RECLAIM_POLICIES.includes(policy)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  let nodeAffinity = false;
  if (isObj(spec['nodeAffinity'])) {
    nodeAffinity = true;
    const na = spec['nodeAffinity'];
    if (isObj(na['required'])) errs.push(...validateNodeSelector(na['required'], 'spec.nodeAffinity.required'));
    else errs.push(required('spec.nodeAffinity.required', 'must specify required node constraints'));
  }
  let count = 0;
  for (const [key, reportedAs] of PV_SOURCES) {
    if (!present(spec[key])) continue;
    if (count > 0 && key !== 'flexVolume') {
      errs.push(forbidden(`spec.${reportedAs}`, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateSource(key, rec(spec[key]), `spec.${key}`, nodeAffinity));
  }
  if (count === 0) errs.push(required('spec', 'must specify a volume type'));
  const hostPath = str(rec(spec['hostPath'])['path']);
  if (present(spec['hostPath']) && hostPath.replace(/\/+$/, '') === '' && hostPath.startsWith('/') && policy === 'Recycle') {
    errs.push(forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const className = str(spec['storageClassName']);
  if (className !== '') for (const m of isDNS1123Subdomain(className)) errs.push(invalid('spec.storageClassName', className, m));
  if (present(spec['volumeMode']) && !VOLUME_MODES.includes(str(spec['volumeMode']))) {
    errs.push(notSupported('spec.volumeMode', spec['volumeMode'], VOLUME_MODES));
  }
  return errs;
}

export function validatePersistentVolumeUpdate(pv: KubeObject, old: KubeObject): Errs {
  const spec = rec(pv['spec']);
  const oldSpec = rec(old['spec']);
  const errs = validatePersistentVolume(pv);
  const source = (s: Obj): Obj => Object.fromEntries(PV_SOURCE_FIELDS.map((f) => [f, s[f]]));
  const next = source(spec);
  // A CSI volume may gain a controllerExpandSecretRef.
  if (isObj(oldSpec['csi']) && !present(oldSpec['csi']['controllerExpandSecretRef']) && isObj(next['csi'])) {
    next['csi'] = { ...next['csi'], controllerExpandSecretRef: undefined };
  }
  if (!semanticEqual(next, source(oldSpec))) {
    errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  errs.push(...immutable(spec['volumeMode'], oldSpec['volumeMode'], 'volumeMode'));
  if (isObj(oldSpec['nodeAffinity']) && !semanticEqual(spec['nodeAffinity'], oldSpec['nodeAffinity'])) {
    errs.push(invalid('nodeAffinity', spec['nodeAffinity'] ?? null, 'field is immutable, except for updating from beta label to GA'));
  }
  return errs;
}
