/**
 * LimitRanges (ValidateLimitRange in pkg/apis/core/validation): known limit types once each,
 * valid resource names, and min ≤ defaultRequest ≤ default ≤ max for every resource.
 */
import type { KubeObject } from '../api/meta.js';
import { type ExactQuantity, compareQuantities, formatQuantity } from '../defaults/canonical-quantity.js';
import { type Errs, duplicate, forbidden, invalid, required } from './field.js';
import { isQualifiedName } from './names.js';
import { isHugePageResourceName, isNativeResource, parseQuantityAt, validateContainerResourceName, validateResourceName } from './resources.js';
import { rec, recs, str } from './shape.js';

const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function validateTypeName(type: string, field: string): Errs {
  const errs = isQualifiedName(type).map((m) => invalid(field, type, m));
  if (errs.length > 0) return errs;
  return !type.includes('/') && !LIMIT_TYPES.has(type) ? [invalid(field, type, 'must be a standard limit type or fully qualified')] : [];
}

function validateName(type: string, name: string, field: string): Errs {
  return type === 'Pod' || type === 'Container' ? validateContainerResourceName(name, field) : validateResourceName(name, field);
}

export function validateLimitRange(lr: KubeObject): Errs {
  const errs: Errs = [];
  const types = new Set<string>();
  recs(rec(lr['spec'])['limits']).forEach((limit, i) => {
    const p = `spec.limits[${i}]`;
    const type = str(limit['type']);
    errs.push(...validateTypeName(type, `${p}.type`));
    if (types.has(type)) errs.push(duplicate(`${p}.type`, type));
    types.add(type);
    const lists: Record<string, Map<string, ExactQuantity>> = {};
    const keys = new Set<string>();
    const read = (list: string): void => {
      const m = new Map<string, ExactQuantity>();
      for (const [name, value] of Object.entries(rec(limit[list]))) {
        errs.push(...validateName(type, name, `${p}.${list}[${name}]`));
        keys.add(name);
        const q = parseQuantityAt(value, `${p}.${list}[${name}]`);
        errs.push(...q.errs);
        if (q.q) m.set(name, q.q);
      }
      lists[list] = m;
    };
    read('max');
    read('min');
    if (type === 'Pod') {
      if (Object.keys(rec(limit['default'])).length > 0) errs.push(forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(rec(limit['defaultRequest'])).length > 0) errs.push(forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
      lists['default'] = new Map();
      lists['defaultRequest'] = new Map();
    } else {
      read('default');
      read('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !lists['min']!.has('storage') && !lists['max']!.has('storage')) {
      errs.push(required(`${p}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    read('maxLimitRequestRatio');
    for (const k of keys) {
      const min = lists['min']!.get(k);
      const max = lists['max']!.get(k);
      const def = lists['default']!.get(k);
      const defReq = lists['defaultRequest']!.get(k);
      const ratio = lists['maxLimitRequestRatio']!.get(k);
      const f = formatQuantity;
      if (min && max && compareQuantities(min, max) > 0) errs.push(invalid(`${p}.min[${k}]`, f(min), `min value ${f(min)} is greater than max value ${f(max)}`));
      if (defReq && min && compareQuantities(min, defReq) > 0) {
        errs.push(invalid(`${p}.defaultRequest[${k}]`, f(defReq), `min value ${f(min)} is greater than default request value ${f(defReq)}`));
      }
      if (defReq && max && compareQuantities(defReq, max) > 0) {
        errs.push(invalid(`${p}.defaultRequest[${k}]`, f(defReq), `default request value ${f(defReq)} is greater than max value ${f(max)}`));
      }
      if (defReq && def && compareQuantities(defReq, def) > 0) {
        errs.push(invalid(`${p}.defaultRequest[${k}]`, f(defReq), `default request value ${f(defReq)} is greater than default limit value ${f(def)}`));
      }
      if (def && min && compareQuantities(min, def) > 0) errs.push(invalid(`${p}.default[${k}]`, f(min), `min value ${f(min)} is greater than default value ${f(def)}`));
      if (def && max && compareQuantities(def, max) > 0) errs.push(invalid(`${p}.default[${k}]`, f(max), `default value ${f(def)} is greater than max value ${f(max)}`));
      if (ratio && compareQuantities(ratio, { mant: 1n, exp: 0, format: 'DecimalSI' }) < 0) {
        errs.push(invalid(`${p}.maxLimitRequestRatio[${k}]`, f(ratio), `ratio ${f(ratio)} is less than 1`));
      }
      if (ratio && min && max) {
        const limit = toNumber(max) / toNumber(min);
        if (toNumber(ratio) > limit) {
          errs.push(invalid(`${p}.maxLimitRequestRatio[${k}]`, f(ratio), `ratio ${f(ratio)} is greater than max/min = ${limit.toFixed(6)}`));
        }
      }
      const overcommit = isNativeResource(k) && !isHugePageResourceName(k);
      if (!overcommit && def && defReq && compareQuantities(def, defReq) !== 0) {
        errs.push(invalid(`${p}.defaultRequest[${k}]`, f(defReq), `default value ${f(def)} must equal to defaultRequest value ${f(defReq)} in ${k}`));
      }
    }
  });
  return errs;
}

function toNumber(q: ExactQuantity): number {
  return Number(q.mant) * 10 ** q.exp;
}
