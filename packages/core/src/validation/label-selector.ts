/**
 * metav1.LabelSelector validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation) and the
 * "does the selector match the template" check every workload controller makes.
 */
import { type LabelSelector, selectorFromLabelSelector } from '../labels/selector.js';
import { type Errs, forbidden, invalid, required } from './field.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import { type Obj, isObj, rec, recs, str, strMap, strs } from './shape.js';

/** ValidateLabelName: a label key (qualified name). */
export function validateLabelName(name: string, field: string): Errs {
  return isQualifiedName(name).map((m) => invalid(field, name, m));
}

/** ValidateLabels as metav1 validation does it: every error is reported at the map's path. */
export function validateLabelMap(labels: unknown, field: string): Errs {
  const errs: Errs = [];
  for (const [k, v] of Object.entries(strMap(labels))) {
    errs.push(...validateLabelName(k, field));
    for (const m of isValidLabelValue(v)) errs.push(invalid(field, v, m));
  }
  return errs;
}

export function validateLabelSelector(selector: unknown, field: string): Errs {
  if (!isObj(selector)) return [];
  const errs = validateLabelMap(selector['matchLabels'], `${field}.matchLabels`);
  recs(selector['matchExpressions']).forEach((e, i) => errs.push(...validateRequirement(e, `${field}.matchExpressions[${i}]`)));
  return errs;
}

function validateRequirement(req: Obj, field: string): Errs {
  const errs: Errs = [];
  const op = str(req['operator']);
  const values = strs(req['values']);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(`${field}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(`${field}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(invalid(`${field}.operator`, op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(req['key']), `${field}.key`));
  values.forEach((v, i) => {
    for (const m of isValidLabelValue(v)) errs.push(invalid(`${field}.values[${i}]`, v, m));
  });
  return errs;
}

/** True when the selector has neither matchLabels nor matchExpressions. */
export function isEmptySelector(selector: unknown): boolean {
  const s = rec(selector);
  return Object.keys(rec(s['matchLabels'])).length + recs(s['matchExpressions']).length === 0;
}

/**
 * LabelSelectorAsSelector followed by Matches: an absent selector selects nothing (so a
 * template never matches it); undefined when the selector cannot be converted (invalid keys,
 * values or operators), in which case upstream reports "invalid label selector" instead.
 */
export function selectorMatches(selector: unknown, labels: unknown): boolean | undefined {
  if (selector === undefined || selector === null) return false;
  if (!isObj(selector) || validateLabelSelector(selector, 'selector').length > 0) return undefined;
  try {
    const s = selectorFromLabelSelector(selector as LabelSelector);
    return s ? s.matches(strMap(labels)) : false;
  } catch {
    return undefined;
  }
}
