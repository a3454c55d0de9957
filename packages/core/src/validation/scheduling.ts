/**
 * Scheduling constraints of a pod spec (ValidateTolerations, validateAffinity,
 * ValidateNodeSelector, validateTopologySpreadConstraints in pkg/apis/core/validation) and the
 * taint effect rule nodes share with tolerations.
 */
import { type Errs, duplicate, forbidden, invalid, notSupported, required } from './field.js';
import { validateLabelName, validateLabelSelector } from './label-selector.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue } from './names.js';
import { type Obj, isObj, num, present, rec, recs, str, strs } from './shape.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, field: string): Errs {
  if (!allowEmpty && effect === '') return [required(field)];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(field, effect, TAINT_EFFECTS)];
}

export function validateTolerations(tolerations: unknown, field: string): Errs {
  const errs: Errs = [];
  recs(tolerations).forEach((t, i) => {
    const p = `${field}[${i}]`;
    const key = str(t['key']);
    const op = str(t['operator']);
    const value = str(t['value']);
    const effect = str(t['effect']);
    if (key !== '') errs.push(...validateLabelName(key, `${p}.key`));
    if (key === '' && op !== 'Exists') {
      errs.push(invalid(`${p}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (present(t['tolerationSeconds']) && effect !== 'NoExecute') {
      errs.push(invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (op) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length > 0) errs.push(invalid(`${p}.operator`, value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value !== '') errs.push(invalid(`${p}.operator`, value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(`${p}.operator`, op, ['Equal', 'Exists']));
    }
    if (effect !== '') errs.push(...validateTaintEffect(effect, true, `${p}.effect`));
  });
  return errs;
}

function validateNodeSelectorRequirement(rq: Obj, allowInvalidValues: boolean, field: string): Errs {
  const errs: Errs = [];
  const op = str(rq['operator']);
  const values = strs(rq['values']);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(`${field}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(`${field}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(`${field}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(`${field}.operator`, op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(rq['key']), `${field}.key`));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(`${field}.values[${i}]`, v, m));
    });
  }
  return errs;
}

function validateNodeFieldSelectorRequirement(rq: Obj, field: string): Errs {
  const errs: Errs = [];
  const op = str(rq['operator']);
  const values = strs(rq['values']);
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) errs.push(required(`${field}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else {
    errs.push(invalid(`${field}.operator`, op, 'not a valid selector operator'));
  }
  const key = str(rq['key']);
  if (key !== 'metadata.name') errs.push(invalid(`${field}.key`, key, 'not a valid field selector key'));
  else values.forEach((v, i) => {
    for (const m of isDNS1123Subdomain(v)) errs.push(invalid(`${field}.values[${i}]`, v, m));
  });
  return errs;
}

function validateNodeSelectorTerm(term: Obj, allowInvalidValues: boolean, field: string): Errs {
  const errs: Errs = [];
  recs(term['matchExpressions']).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(r, allowInvalidValues, `${field}.matchExpressions[${j}]`)));
  recs(term['matchFields']).forEach((r, j) => errs.push(...validateNodeFieldSelectorRequirement(r, `${field}.matchFields[${j}]`)));
  return errs;
}

/** ValidateNodeSelector (required node affinity, PV node affinity): at least one term. */
export function validateNodeSelector(selector: Obj, field: string): Errs {
  const terms = recs(selector['nodeSelectorTerms']);
  if (terms.length === 0) return [required(`${field}.nodeSelectorTerms`, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, false, `${field}.nodeSelectorTerms[${i}]`));
}

function validateWeight(weight: unknown, field: string): Errs {
  const w = num(weight) ?? 0;
  return w <= 0 || w > 100 ? [invalid(field, w, 'must be in the range 1-100')] : [];
}

function validatePodAffinityTerm(term: Obj, field: string): Errs {
  const errs = [
    ...validateLabelSelector(term['labelSelector'], `${field}.labelSelector`),
    ...validateLabelSelector(term['namespaceSelector'], `${field}.namespaceSelector`),
  ];
  for (const ns of strs(term['namespaces'])) for (const m of isDNS1123Label(ns)) errs.push(invalid(`${field}.namespace`, ns, m));
  for (const list of ['matchLabelKeys', 'mismatchLabelKeys'] as const) {
    const keys = strs(term[list]);
    if (keys.length === 0) continue;
    if (!present(term['labelSelector'])) errs.push(forbidden(`${field}.${list}`, 'must not be specified when labelSelector is not set'));
    else keys.forEach((k, i) => errs.push(...validateLabelName(k, `${field}.${list}[${i}]`)));
  }
  const mismatch = new Set(strs(term['mismatchLabelKeys']));
  strs(term['matchLabelKeys']).forEach((k, i) => {
    if (mismatch.has(k)) errs.push(invalid(`${field}.matchLabelKeys[${i}]`, k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  const topologyKey = str(term['topologyKey']);
  if (topologyKey === '') errs.push(required(`${field}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, `${field}.topologyKey`));
  return errs;
}

function validatePodAffinityLike(a: Obj, field: string): Errs {
  const errs: Errs = [];
  recs(a['requiredDuringSchedulingIgnoredDuringExecution']).forEach((t, i) =>
    errs.push(...validatePodAffinityTerm(t, `${field}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)),
  );
  recs(a['preferredDuringSchedulingIgnoredDuringExecution']).forEach((w, i) => {
    const p = `${field}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    errs.push(...validateWeight(w['weight'], `${p}.weight`));
    errs.push(...validatePodAffinityTerm(rec(w['podAffinityTerm']), `${p}.podAffinityTerm`));
  });
  return errs;
}

export function validateAffinity(affinity: unknown, field: string): Errs {
  if (!isObj(affinity)) return [];
  const errs: Errs = [];
  if (isObj(affinity['nodeAffinity'])) {
    const na = affinity['nodeAffinity'];
    const p = `${field}.nodeAffinity`;
    if (isObj(na['requiredDuringSchedulingIgnoredDuringExecution'])) {
      errs.push(...validateNodeSelector(na['requiredDuringSchedulingIgnoredDuringExecution'], `${p}.requiredDuringSchedulingIgnoredDuringExecution`));
    }
    recs(na['preferredDuringSchedulingIgnoredDuringExecution']).forEach((t, i) => {
      const tp = `${p}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      errs.push(...validateWeight(t['weight'], `${tp}.weight`));
      // Preferred terms tolerate invalid label values: they can still match on a one-node cluster.
      errs.push(...validateNodeSelectorTerm(rec(t['preference']), true, `${tp}.preference`));
    });
  }
  if (isObj(affinity['podAffinity'])) errs.push(...validatePodAffinityLike(affinity['podAffinity'], `${field}.podAffinity`));
  if (isObj(affinity['podAntiAffinity'])) errs.push(...validatePodAffinityLike(affinity['podAntiAffinity'], `${field}.podAntiAffinity`));
  return errs;
}

export function validateTopologySpreadConstraints(constraints: unknown, field: string): Errs {
  const errs: Errs = [];
  const list = recs(constraints);
  list.forEach((c, i) => {
    const p = `${field}[${i}]`;
    const maxSkew = num(c['maxSkew']) ?? 0;
    if (maxSkew <= 0) errs.push(invalid(`${p}.maxSkew`, maxSkew, 'must be greater than zero'));
    const key = str(c['topologyKey']);
    if (key === '') errs.push(required(`${p}.topologyKey`, 'can not be empty'));
    const action = str(c['whenUnsatisfiable']);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errs.push(notSupported(`${p}.whenUnsatisfiable`, action, ['DoNotSchedule', 'ScheduleAnyway']));
    if (list.slice(i + 1).some((o) => str(o['topologyKey']) === key && str(o['whenUnsatisfiable']) === action)) {
      errs.push(duplicate(`${p}.{topologyKey, whenUnsatisfiable}`, `{${key}, ${action}}`));
    }
    if (present(c['minDomains'])) {
      const md = num(c['minDomains']) ?? 0;
      if (md <= 0) errs.push(invalid(`${p}.minDomains`, md, 'must be greater than zero'));
      if (action !== 'DoNotSchedule') errs.push(invalid(`${p}.minDomains`, md, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (present(c[policy]) && !['Honor', 'Ignore'].includes(str(c[policy]))) errs.push(notSupported(`${p}.${policy}`, c[policy], ['Honor', 'Ignore']));
    }
    const matchKeys = strs(c['matchLabelKeys']);
    if (matchKeys.length > 0) {
      const sel = c['labelSelector'];
      if (!isObj(sel)) errs.push(forbidden(`${p}.matchLabelKeys`, 'must not be specified when labelSelector is not set'));
      const selKeys = new Set([...Object.keys(rec(rec(sel)['matchLabels'])), ...recs(rec(sel)['matchExpressions']).map((e) => str(e['key']))]);
      matchKeys.forEach((k, j) => {
        errs.push(...validateLabelName(k, `${p}.matchLabelKeys[${j}]`));
        if (selKeys.has(k)) errs.push(invalid(`${p}.matchLabelKeys[${j}]`, k, 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    errs.push(...validateLabelSelector(c['labelSelector'], `${p}.labelSelector`));
  });
  return errs;
}
