/**
 * ResourceQuotas (ValidateResourceQuota and ValidateResourceQuotaUpdate in
 * pkg/apis/core/validation): quota resource names and quantities, known and compatible
 * scopes, scope selectors; scopes cannot change.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid, required } from './field.js';
import { validateQuotaResourceName, validateResourceList } from './resources.js';
import { type Obj, isObj, rec, recs, str, strs } from './shape.js';

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
/** Resources each scope may constrain (helper.IsResourceQuotaScopeValidForResource). */
const POD_OBJECT_COUNT = ['pods'];
const POD_COMPUTE = ['pods', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'cpu', 'memory'];
const SCOPE_RESOURCES: Record<string, string[]> = {
  Terminating: POD_COMPUTE,
  NotTerminating: POD_COMPUTE,
  BestEffort: POD_OBJECT_COUNT,
  NotBestEffort: POD_COMPUTE,
  PriorityClass: POD_COMPUTE,
  CrossNamespacePodAffinity: POD_COMPUTE,
};
const CONFLICTS = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function validateScopes(spec: Obj, hard: string[]): Errs {
  const scopes = strs(spec['scopes']);
  const errs: Errs = [];
  for (const scope of scopes) {
    if (!SCOPES.includes(scope)) errs.push(invalid('spec.scopes', scopes, 'unsupported scope'));
    for (const r of hard) {
      if (SCOPES.includes(scope) && !(SCOPE_RESOURCES[scope] ?? []).includes(r) && !r.includes('/')) {
        errs.push(invalid('spec.scopes', scopes, 'unsupported scope applied to resource'));
      }
    }
  }
  for (const pair of CONFLICTS) if (pair.every((s) => scopes.includes(s))) errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
  return errs;
}

function validateScopeSelector(spec: Obj, hard: string[]): Errs {
  if (!isObj(spec['scopeSelector'])) return [];
  const errs: Errs = [];
  const p = 'spec.scopeSelector.matchExpressions';
  const names: string[] = [];
  for (const req of recs(spec['scopeSelector']['matchExpressions'])) {
    const scope = str(req['scopeName']);
    const op = str(req['operator']);
    const values = strs(req['values']);
    names.push(scope);
    if (!SCOPES.includes(scope)) errs.push(invalid(`${p}.scopeName`, scope, 'unsupported scope'));
    for (const r of hard) {
      if (SCOPES.includes(scope) && !(SCOPE_RESOURCES[scope] ?? []).includes(r) && !r.includes('/')) {
        errs.push(invalid(p, spec['scopeSelector'], 'unsupported scope applied to resource'));
      }
    }
    if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(scope) && op !== 'Exists') {
      errs.push(
        invalid(
          `${p}.operator`,
          op,
          'must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
        ),
      );
    }
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(`${p}.values`, "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(invalid(`${p}.values`, values, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
    } else {
      errs.push(invalid(`${p}.operator`, op, 'not a valid selector operator'));
    }
  }
  for (const pair of CONFLICTS) if (pair.every((s) => names.includes(s))) errs.push(invalid(p, strs(spec['scopes']), 'conflicting scopes'));
  return errs;
}

export function validateResourceQuota(rq: KubeObject): Errs {
  const spec = rec(rq['spec']);
  const hard = Object.keys(rec(spec['hard']));
  const errs = validateResourceList(spec['hard'], 'spec.hard', validateQuotaResourceName);
  errs.push(...validateScopes(spec, hard), ...validateScopeSelector(spec, hard));
  const status = rec(rq['status']);
  errs.push(...validateResourceList(status['hard'], 'status.hard', validateQuotaResourceName));
  errs.push(...validateResourceList(status['used'], 'status.used', validateQuotaResourceName));
  return errs;
}

export function validateResourceQuotaUpdate(rq: KubeObject, old: KubeObject): Errs {
  const spec = rec(rq['spec']);
  const hard = Object.keys(rec(spec['hard']));
  const errs = validateResourceList(spec['hard'], 'spec.hard', validateQuotaResourceName);
  errs.push(...validateScopes(spec, hard), ...validateScopeSelector(spec, hard));
  const scopes = new Set(strs(spec['scopes']));
  const oldScopes = new Set(strs(rec(old['spec'])['scopes']));
  if (scopes.size !== oldScopes.size || [...scopes].some((s) => !oldScopes.has(s))) {
    errs.push(invalid('spec.scopes', strs(spec['scopes']), 'field is immutable'));
  }
  return errs;
}
