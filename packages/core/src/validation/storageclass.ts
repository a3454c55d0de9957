/**
 * StorageClasses (ValidateStorageClass and ValidateStorageClassUpdate in
 * pkg/apis/storage/validation): a provisioner, bounded parameters, known reclaim policy and
 * binding mode; provisioner, parameters, reclaimPolicy and volumeBindingMode are immutable.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, duplicate, forbidden, immutable, invalid, notSupported, required, semanticEqual } from './field.js';
import { validateLabelName } from './label-selector.js';
import { isQualifiedName } from './names.js';
import { type Obj, present, rec, recs, str, strs } from './shape.js';

const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_SIZE = 256 * 1024;

function validateParameters(params: Obj): Errs {
  const entries = Object.entries(params);
  if (entries.length > MAX_PARAMETERS) return [{ field: 'parameters', type: 'FieldValueTooLong', detail: `may not be more than ${MAX_PARAMETERS} bytes` }];
  const errs: Errs = [];
  let size = 0;
  for (const [k, v] of entries) {
    if (k.length < 1) errs.push(invalid('parameters', k, 'field can not be empty.'));
    size += k.length + str(v).length;
  }
  if (size > MAX_PARAMETER_SIZE) errs.push({ field: 'parameters', type: 'FieldValueTooLong', detail: `may not be more than ${MAX_PARAMETER_SIZE} bytes` });
  return errs;
}

function validateAllowedTopologies(terms: unknown): Errs {
  const errs: Errs = [];
  const seen: Array<Record<string, string[]>> = [];
  recs(terms).forEach((term, i) => {
    const p = `allowedTopologies[${i}]`;
    const exprs: Record<string, string[]> = {};
    recs(term['matchLabelExpressions']).forEach((rq, j) => {
      const rp = `${p}.matchLabelExpressions[${j}]`;
      const values = strs(rq['values']);
      if (values.length === 0) errs.push(required(`${rp}.values`));
      const vs = new Set<string>();
      values.forEach((v, k) => {
        if (vs.has(v)) errs.push(duplicate(`${rp}.values[${k}]`, v));
        vs.add(v);
      });
      const key = str(rq['key']);
      errs.push(...validateLabelName(key, `${rp}.key`));
      if (key in exprs) errs.push(duplicate(`${rp}.key`, key));
      exprs[key] = [...vs].sort();
    });
    if (seen.some((s) => semanticEqual(s, exprs))) errs.push(duplicate(`${p}.matchLabelExpressions`, ''));
    seen.push(exprs);
  });
  return errs;
}

export function validateStorageClass(sc: KubeObject): Errs {
  const errs: Errs = [];
  const provisioner = str(sc['provisioner']);
  if (provisioner === '') errs.push(required('provisioner'));
  else for (const m of isQualifiedName(provisioner.toLowerCase())) errs.push(invalid('provisioner', provisioner.toLowerCase(), m));
  errs.push(...validateParameters(rec(sc['parameters'])));
  const policy = str(sc['reclaimPolicy']);
  if (policy !== '' && !RECLAIM_POLICIES.includes(policy)) errs.push(notSupported('reclaimPolicy', policy, RECLAIM_POLICIES));
  if (!present(sc['volumeBindingMode'])) errs.push(required('volumeBindingMode'));
  else if (!BINDING_MODES.includes(str(sc['volumeBindingMode']))) errs.push(notSupported('volumeBindingMode', sc['volumeBindingMode'], BINDING_MODES));
  errs.push(...validateAllowedTopologies(sc['allowedTopologies']));
  return errs;
}

/** Updates check only what may not change (upstream does not re-run the create rules). */
export function validateStorageClassUpdate(sc: KubeObject, old: KubeObject): Errs {
  const errs: Errs = [];
  if (!semanticEqual(sc['parameters'], old['parameters'])) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (str(sc['provisioner']) !== str(old['provisioner'])) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (str(sc['reclaimPolicy']) !== str(old['reclaimPolicy'])) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  return [...errs, ...immutable(sc['volumeBindingMode'], old['volumeBindingMode'], 'volumeBindingMode')];
}
