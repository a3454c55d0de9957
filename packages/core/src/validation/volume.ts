/**
 * Pod volumes (ValidateVolumes and validateVolumeSource in pkg/apis/core/validation): unique
 * DNS-label names and exactly one source each. The sources lab users meet are checked in
 * detail (emptyDir, hostPath, secret, configMap, persistentVolumeClaim, nfs, downwardAPI,
 * projected, csi, ephemeral, image); the remaining plugins only take part in the
 * one-source rule.
 */
import { canonicalQuantity } from '../defaults/canonical-quantity.js';
import { type Errs, forbidden, invalid, notSupported, required, tooLong } from './field.js';
import { VOLUME_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './env.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateFileMode, validateLocalDescendingPath, validateLocalNonReservedPath, validatePathNoBacksteps } from './paths.js';
import { validatePVCSpec } from './persistent-volume-claim.js';
import { validateLabelMap } from './label-selector.js';
import { validateAnnotations } from './object-meta.js';
import { type Obj, isObj, num, present, rec, recs, str } from './shape.js';

/**
 * Volume sources in upstream's checking order, with the path upstream names in the
 * "more than 1 volume type" error (two of them differ from the JSON field: cephfs is
 * reported as cephFS, and downwardAPI with upstream's typo "downwarAPI").
 */
const SOURCES: Array<[field: string, reportedAs: string]> = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'],
  ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'], ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

export const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** Validates spec.volumes; returns the errors and the volumes that passed, by name. */
export function validateVolumes(volumes: unknown, podName: string | undefined, field: string): { errs: Errs; volumes: Map<string, Obj> } {
  const errs: Errs = [];
  const valid = new Map<string, Obj>();
  const names = new Set<string>();
  recs(volumes).forEach((vol, i) => {
    const p = `${field}[${i}]`;
    const name = str(vol['name']);
    const el = validateVolumeSource(vol, name, podName, p);
    if (name === '') el.push(required(`${p}.name`));
    else for (const m of isDNS1123Label(name)) el.push(invalid(`${p}.name`, name, m));
    if (names.has(name)) el.push({ field: `${p}.name`, type: 'FieldValueDuplicate', value: name });
    if (el.length === 0) {
      names.add(name);
      valid.set(name, vol);
    } else {
      errs.push(...el);
    }
  });
  return { errs, volumes: valid };
}

function validateVolumeSource(vol: Obj, volName: string, podName: string | undefined, field: string): Errs {
  const errs: Errs = [];
  let count = 0;
  for (const [key, reportedAs] of SOURCES) {
    if (!present(vol[key])) continue;
    if (count > 0) {
      errs.push(forbidden(`${field}.${reportedAs}`, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateSource(key, rec(vol[key]), volName, podName, `${field}.${key}`));
  }
  if (count === 0) errs.push(required(field, 'must specify a volume type'));
  return errs;
}

function validateSource(kind: string, s: Obj, volName: string, podName: string | undefined, field: string): Errs {
  switch (kind) {
    case 'emptyDir': {
      const limit = s['sizeLimit'];
      const q = present(limit) ? canonicalQuantity(limit) : undefined;
      return q?.startsWith('-') ? [forbidden(`${field}.sizeLimit`, 'SizeLimit field must be a valid resource quantity')] : [];
    }
    case 'hostPath': {
      const path = str(s['path']);
      if (path === '') return [required(`${field}.path`)];
      const errs = validatePathNoBacksteps(path, `${field}.path`);
      if (present(s['type']) && !HOST_PATH_TYPES.includes(str(s['type']))) errs.push(notSupported(`${field}.type`, s['type'], HOST_PATH_TYPES));
      return errs;
    }
    case 'gitRepo': {
      const errs = str(s['repository']) === '' ? [required(`${field}.repository`)] : [];
      return [...errs, ...validateLocalDescendingPath(str(s['directory']), `${field}.directory`)];
    }
    case 'secret':
    case 'configMap': {
      const nameField = kind === 'secret' ? 'secretName' : 'name';
      const errs = str(s[nameField]) === '' ? [required(`${field}.${nameField}`)] : [];
      errs.push(...validateFileMode(s['defaultMode'], `${field}.defaultMode`));
      recs(s['items']).forEach((kp, i) => errs.push(...validateKeyToPath(kp, `${field}.items[${i}]`)));
      return errs;
    }
    case 'persistentVolumeClaim':
      return str(s['claimName']) === '' ? [required(`${field}.claimName`)] : [];
    case 'nfs': {
      const errs: Errs = [];
      if (str(s['server']) === '') errs.push(required(`${field}.server`));
      if (str(s['path']) === '') errs.push(required(`${field}.path`));
      if (!str(s['path']).startsWith('/')) errs.push(invalid(`${field}.path`, str(s['path']), 'must be an absolute path'));
      return errs;
    }
    case 'downwardAPI': {
      const errs = validateFileMode(s['defaultMode'], `${field}.defaultMode`);
      for (const file of recs(s['items'])) errs.push(...validateDownwardAPIFile(file, field));
      return errs;
    }
    case 'projected':
      return [...validateFileMode(s['defaultMode'], `${field}.defaultMode`), ...validateProjectionSources(s, field)];
    case 'csi': {
      const errs = validateCSIDriverName(str(s['driver']), `${field}.driver`);
      if (isObj(s['nodePublishSecretRef'])) {
        const name = str(s['nodePublishSecretRef']['name']);
        if (name === '') errs.push(required(`${field}.nodePublishSecretRef.name`));
        else for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${field}.name`, name, m));
      }
      return errs;
    }
    case 'ephemeral':
      return validateEphemeral(s, volName, podName, field);
    case 'image': {
      const errs = str(s['reference']) === '' ? [required(`${field}.reference`)] : [];
      const policy = str(s['pullPolicy']);
      if (policy === '') errs.push(required(`${field}.pullPolicy`));
      else if (!['Always', 'IfNotPresent', 'Never'].includes(policy)) errs.push(notSupported(`${field}.pullPolicy`, policy, ['Always', 'IfNotPresent', 'Never']));
      return errs;
    }
    default:
      return [];
  }
}

function validateKeyToPath(kp: Obj, field: string): Errs {
  const errs: Errs = [];
  if (str(kp['key']) === '') errs.push(required(`${field}.key`));
  if (str(kp['path']) === '') errs.push(required(`${field}.path`));
  errs.push(...validateLocalNonReservedPath(str(kp['path']), `${field}.path`));
  errs.push(...validateFileMode(kp['mode'], `${field}.mode`));
  return errs;
}

function validateDownwardAPIFile(file: Obj, field: string): Errs {
  const errs: Errs = [];
  const path = str(file['path']);
  if (path === '') errs.push(required(`${field}.path`));
  errs.push(...validateLocalNonReservedPath(path, `${field}.path`));
  if (isObj(file['fieldRef'])) {
    errs.push(...validateObjectFieldSelector(file['fieldRef'], VOLUME_FIELD_PATHS, `${field}.fieldRef`));
    if (present(file['resourceFieldRef'])) errs.push(invalid(field, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObj(file['resourceFieldRef'])) {
    errs.push(...validateResourceFieldSelector(file['resourceFieldRef'], true, `${field}.resourceFieldRef`));
  } else {
    errs.push(required(field, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file['mode'], `${field}.mode`));
  return errs;
}

function validateProjectionSources(projected: Obj, field: string): Errs {
  const errs: Errs = [];
  const paths = new Set<string>();
  const claim = (path: string, value: string): void => {
    if (path === '') return;
    if (paths.has(path)) errs.push(invalid(field, value, 'conflicting duplicate paths'));
    else paths.add(path);
  };
  recs(projected['sources']).forEach((source, i) => {
    const src = `${field}.sources[${i}]`;
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isObj(source[kind])) continue;
      count++;
      const s = source[kind];
      if (str(s['name']) === '') errs.push(required(`${src}.${kind}.name`));
      recs(s['items']).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, `${src}.${kind}.items[${j}]`));
        claim(str(kp['path']), str(s['name']));
      });
    }
    if (isObj(source['downwardAPI'])) {
      count++;
      for (const file of recs(source['downwardAPI']['items'])) {
        errs.push(...validateDownwardAPIFile(file, `${src}.downwardAPI`));
        claim(str(file['path']), str(file['path']));
      }
    }
    if (isObj(source['serviceAccountToken'])) {
      count++;
      const t = source['serviceAccountToken'];
      const p = `${src}.serviceAccountToken`;
      const exp = num(t['expirationSeconds']) ?? 0;
      if (exp < 600) errs.push(invalid(`${p}.expirationSeconds`, exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(`${p}.expirationSeconds`, exp, 'may not specify a duration larger than 2^32 seconds'));
      // Upstream reports the token path at the projected volume's own path.
      if (str(t['path']) === '') errs.push(required(`${field}.path`));
      else errs.push(...validateLocalNonReservedPath(str(t['path']), `${field}.path`));
    }
    if (isObj(source['clusterTrustBundle'])) {
      count++;
      const b = source['clusterTrustBundle'];
      const p = `${src}.clusterTrustBundle`;
      if (present(b['name']) && present(b['signerName'])) errs.push(invalid(p, b, 'only one of name and signerName may be used'));
      else if (!present(b['name']) && !present(b['signerName'])) errs.push(required(p, 'either name or signerName must be specified'));
      if (str(b['path']) === '') errs.push(required(`${p}.path`));
      errs.push(...validateLocalNonReservedPath(str(b['path']), `${p}.path`));
      claim(str(b['path']), str(b['path']));
    }
    if (count > 1) errs.push(forbidden(src, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

/** ValidateCSIDriverName: a required, lower-cased DNS subdomain of at most 63 characters. */
export function validateCSIDriverName(driver: string, field: string): Errs {
  const errs: Errs = [];
  if (driver === '') errs.push(required(field));
  if (driver.length > 63) errs.push(tooLong(field, 63));
  for (const m of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(field, driver, m));
  return errs;
}

function validateEphemeral(s: Obj, volName: string, podName: string | undefined, field: string): Errs {
  if (!isObj(s['volumeClaimTemplate'])) return [required(`${field}.volumeClaimTemplate`)];
  const tpl = s['volumeClaimTemplate'];
  const p = `${field}.volumeClaimTemplate`;
  const meta = rec(tpl['metadata']);
  const errs = validateAnnotations(meta['annotations'] as Record<string, string> | undefined, `${p}.metadata.annotations`);
  errs.push(...validateLabelMap(meta['labels'], `${p}.metadata.labels`));
  for (const key of Object.keys(meta)) {
    if (key !== 'labels' && key !== 'annotations' && present(meta[key])) errs.push(forbidden(`${p}.metadata.${key}`, 'cannot be set'));
  }
  errs.push(...validatePVCSpec(rec(tpl['spec']), `${p}.spec`));
  if (podName && volName) {
    // The claim is named <pod>-<volume>, so that name must itself be valid.
    const pvcName = `${podName}-${volName}`;
    const volPath = field.replace(/\.ephemeral$/, '');
    for (const m of isDNS1123Subdomain(pvcName)) errs.push(invalid(`${volPath}.name`, volName, `PVC name ${JSON.stringify(pvcName)}: ${m}`));
  }
  return errs;
}
