/**
 * Deployments (ValidateDeploymentSpec and the apps/v1 strategy's selector immutability in
 * pkg/apis/apps/validation and pkg/registry/apps/deployment).
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, forbidden, immutable, invalid, nonNegative, notSupported, required } from './field.js';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-string.js';
import { type Obj, isObj, num, present, rec, str } from './shape.js';
import { validateRequiredSelector, validateTemplateForReplicaSet } from './workload.js';

function validateRollingUpdate(ru: Obj, field: string): Errs {
  const errs = [
    ...validatePositiveIntOrPercent(ru['maxUnavailable'], `${field}.maxUnavailable`),
    ...validatePositiveIntOrPercent(ru['maxSurge'], `${field}.maxSurge`),
  ];
  if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
    errs.push(invalid(`${field}.maxUnavailable`, ru['maxUnavailable'] ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...isNotMoreThan100Percent(ru['maxUnavailable'], `${field}.maxUnavailable`));
  return errs;
}

function validateStrategy(strategy: Obj, field: string): Errs {
  switch (str(strategy['type'])) {
    case 'Recreate':
      return present(strategy['rollingUpdate'])
        ? [forbidden(`${field}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case 'RollingUpdate':
      return isObj(strategy['rollingUpdate'])
        ? validateRollingUpdate(strategy['rollingUpdate'], `${field}.rollingUpdate`)
        : [required(`${field}.rollingUpdate`, 'this should be defaulted and never be nil')];
    default:
      return [notSupported(field, strategy, ['Recreate', 'RollingUpdate'])];
  }
}

export function validateDeployment(obj: KubeObject): Errs {
  const spec = rec(obj['spec']);
  const errs = nonNegative(spec['replicas'], 'spec.replicas');
  errs.push(...validateRequiredSelector(spec, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'spec.template'));
  errs.push(...validateStrategy(rec(spec['strategy']), 'spec.strategy'));
  errs.push(...nonNegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  const pds = num(spec['progressDeadlineSeconds']);
  if (pds !== undefined) {
    errs.push(...nonNegative(pds, 'spec.progressDeadlineSeconds'));
    if (pds <= (num(spec['minReadySeconds']) ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** apps/v1 forbids changing the selector (extensions/v1beta1 allowed it). */
export function validateDeploymentUpdate(obj: KubeObject, old: KubeObject): Errs {
  return [...validateDeployment(obj), ...immutable(rec(obj['spec'])['selector'], rec(old['spec'])['selector'], 'spec.selector')];
}
