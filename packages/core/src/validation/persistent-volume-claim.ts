/**
 * PersistentVolumeClaim (ValidatePersistentVolumeClaimSpec and ValidatePersistentVolumeClaimUpdate
 * in pkg/apis/core/validation). The spec check is shared with ephemeral volume claim templates
 * and StatefulSet volumeClaimTemplates.
 */
import type { KubeObject } from '../api/meta.js';
import { compareQuantities, formatQuantity } from '../defaults/canonical-quantity.js';
import { type Errs, forbidden, immutable, invalid, notSupported, required, semanticEqual } from './field.js';
import { validateLabelSelector } from './label-selector.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { parseQuantityAt, validateQuantityValue } from './resources.js';
import { type Obj, isObj, present, rec, str, strs } from './shape.js';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** accessModes of a PV or PVC: known values, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: string[], field: string): Errs {
  const errs: Errs = [];
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(field, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export function validatePVCSpec(spec: Obj, field: string): Errs {
  const errs: Errs = [];
  const modes = strs(spec['accessModes']);
  if (modes.length === 0) errs.push(required(`${field}.accessModes`, 'at least 1 access mode is required'));
  if (present(spec['selector'])) errs.push(...validateLabelSelector(spec['selector'], `${field}.selector`));
  errs.push(...validateAccessModes(modes, `${field}.accessModes`));
  const storagePath = `${field}.resources[storage]`;
  const requests = rec(rec(spec['resources'])['requests']);
  if (!present(requests['storage'])) {
    errs.push(required(storagePath));
  } else {
    const { q, errs: qe } = parseQuantityAt(requests['storage'], storagePath);
    errs.push(...qe);
    if (q && q.mant <= 0n) errs.push(invalid(storagePath, formatQuantity(q), 'must be greater than zero'));
    else if (q) errs.push(...validateQuantityValue('storage', q, storagePath));
  }
  const className = str(spec['storageClassName']);
  if (className !== '') for (const m of isDNS1123Subdomain(className)) errs.push(invalid(`${field}.storageClassName`, className, m));
  if (present(spec['volumeMode']) && !VOLUME_MODES.includes(str(spec['volumeMode']))) {
    errs.push(notSupported(`${field}.volumeMode`, spec['volumeMode'], VOLUME_MODES));
  }
  for (const kind of ['dataSource', 'dataSourceRef'] as const) {
    if (!isObj(spec[kind])) continue;
    const ds = spec[kind];
    const p = `${field}.${kind}`;
    if (str(ds['name']) === '') errs.push(required(`${p}.name`));
    if (str(ds['kind']) === '') errs.push(required(`${p}.kind`));
    const group = str(ds['apiGroup']);
    if (group === '' && str(ds['kind']) !== 'PersistentVolumeClaim') {
      errs.push(invalid(p, str(ds['kind']), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
    }
    if (group !== '') for (const m of isDNS1123Subdomain(group)) errs.push(invalid(`${p}.apiGroup`, group, m));
    if (kind === 'dataSourceRef' && str(ds['namespace']) !== '') {
      for (const m of isDNS1123Label(str(ds['namespace']))) errs.push(invalid(`${p}.namespace`, ds['namespace'], m));
    }
  }
  return errs;
}

export function validatePersistentVolumeClaim(obj: KubeObject): Errs {
  return validatePVCSpec(rec(obj['spec']), 'spec');
}

/**
 * Claims are immutable except for growing (or, with RecoverVolumeExpansionFailure, shrinking
 * back towards status.capacity) the storage request of a bound claim, and for the volumeName
 * the PV controller sets once.
 */
export function validatePersistentVolumeClaimUpdate(obj: KubeObject, old: KubeObject): Errs {
  const errs = validatePersistentVolumeClaim(obj);
  const spec = structuredClone(rec(obj['spec']));
  const oldSpec = structuredClone(rec(old['spec']));
  if (str(oldSpec['volumeName']) === '') oldSpec['volumeName'] = spec['volumeName'];
  const bound = str(rec(obj['status'])['phase']) === 'Bound';
  if (bound && isObj(spec['resources']) && isObj(spec['resources']['requests'])) {
    spec['resources']['requests']['storage'] = rec(rec(oldSpec['resources'])['requests'])['storage'];
  }
  if (!semanticEqual(spec, oldSpec)) {
    errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const newSize = parseQuantityAt(rec(rec(rec(obj['spec'])['resources'])['requests'])['storage'], 'x').q;
  const oldSize = parseQuantityAt(rec(rec(rec(old['spec'])['resources'])['requests'])['storage'], 'x').q;
  const statusSize = parseQuantityAt(rec(rec(old['status'])['capacity'])['storage'], 'x').q;
  if (newSize && oldSize && compareQuantities(newSize, oldSize) < 0) {
    if (statusSize ? compareQuantities(newSize, statusSize) <= 0 : newSize.mant <= 0n) {
      errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
  }
  // Upstream names this path without its "spec." prefix.
  errs.push(...immutable(rec(obj['spec'])['volumeMode'], rec(old['spec'])['volumeMode'], 'volumeMode'));
  return errs;
}
