/**
 * RBAC roles and bindings (pkg/apis/rbac/validation): rules name verbs and either resources
 * (with API groups) or, for cluster roles only, non-resource URLs; bindings reference a Role
 * or ClusterRole in rbac.authorization.k8s.io and never change that reference.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid, notSupported, required, semanticEqual } from './field.js';
import { validateLabelSelector } from './label-selector.js';
import { isDNS1123Subdomain, isValidPathSegmentName } from './names.js';
import { type Obj, arr, isObj, rec, recs, str, strs } from './shape.js';

const GROUP = 'rbac.authorization.k8s.io';

function validatePolicyRule(rule: Obj, namespaced: boolean, field: string): Errs {
  const errs: Errs = [];
  if (arr(rule['verbs']).length === 0) errs.push(required(`${field}.verbs`, 'verbs must contain at least one value'));
  const urls = strs(rule['nonResourceURLs']);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(`${field}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(rule['apiGroups']).length > 0 || arr(rule['resources']).length > 0 || arr(rule['resourceNames']).length > 0) {
      errs.push(invalid(`${field}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (arr(rule['apiGroups']).length === 0) errs.push(required(`${field}.apiGroups`, 'resource rules must supply at least one api group'));
  if (arr(rule['resources']).length === 0) errs.push(required(`${field}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

export function validateRole(role: KubeObject): Errs {
  return recs(role['rules']).flatMap((r, i) => validatePolicyRule(r, true, `rules[${i}]`));
}

export function validateClusterRole(role: KubeObject): Errs {
  const errs = recs(role['rules']).flatMap((r, i) => validatePolicyRule(r, false, `rules[${i}]`));
  if (isObj(role['aggregationRule'])) {
    const selectors = recs(role['aggregationRule']['clusterRoleSelectors']);
    const p = 'aggregationRule.clusterRoleSelectors';
    if (selectors.length === 0) errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, `${p}[${i}]`)));
  }
  return errs;
}

function validateSubject(subject: Obj, namespaced: boolean, field: string): Errs {
  const errs: Errs = [];
  const name = str(subject['name']);
  const apiGroup = str(subject['apiGroup']);
  if (name === '') errs.push(required(`${field}.name`));
  switch (str(subject['kind'])) {
    case 'ServiceAccount':
      if (name !== '') for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${field}.name`, name, m));
      if (apiGroup !== '') errs.push(notSupported(`${field}.apiGroup`, apiGroup, ['']));
      if (!namespaced && str(subject['namespace']) === '') errs.push(required(`${field}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== GROUP) errs.push(notSupported(`${field}.apiGroup`, apiGroup, [GROUP]));
      break;
    default:
      errs.push(notSupported(`${field}.kind`, str(subject['kind']), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(binding: KubeObject, namespaced: boolean): Errs {
  const errs: Errs = [];
  const ref = rec(binding['roleRef']);
  if (str(ref['apiGroup']) !== GROUP) errs.push(notSupported('roleRef.apiGroup', str(ref['apiGroup']), [GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref['kind']))) errs.push(notSupported('roleRef.kind', str(ref['kind']), kinds));
  const name = str(ref['name']);
  if (name === '') errs.push(required('roleRef.name'));
  else for (const m of isValidPathSegmentName(name)) errs.push(invalid('roleRef.name', name, m));
  recs(binding['subjects']).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  return errs;
}

export const validateRoleBinding = (b: KubeObject): Errs => validateBinding(b, true);
export const validateClusterRoleBinding = (b: KubeObject): Errs => validateBinding(b, false);

/** roleRef cannot change: delete and recreate the binding instead. */
export function roleRefUnchanged(b: KubeObject, old: KubeObject): Errs {
  return semanticEqual(b['roleRef'], old['roleRef']) ? [] : [invalid('roleRef', b['roleRef'] ?? null, 'cannot change roleRef')];
}
