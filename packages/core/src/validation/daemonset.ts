/**
 * DaemonSets (ValidateDaemonSetSpec and ValidateRollingUpdateDaemonSet in
 * pkg/apis/apps/validation; the selector is immutable in apps/v1).
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, immutable, invalid, nonNegative, notSupported, required } from './field.js';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-string.js';
import { isEmptySelector, validateLabelSelector } from './label-selector.js';
import { validatePodTemplateSpec } from './pod-template.js';
import { type Obj, isObj, rec, str } from './shape.js';
import { alwaysRestartNoDeadline, templateLabelsMatch } from './workload.js';

function validateRollingUpdate(ru: Obj, field: string): Errs {
  const errs = [
    ...validatePositiveIntOrPercent(ru['maxUnavailable'], `${field}.maxUnavailable`),
    ...validatePositiveIntOrPercent(ru['maxSurge'], `${field}.maxSurge`),
    ...isNotMoreThan100Percent(ru['maxUnavailable'], `${field}.maxUnavailable`),
    ...isNotMoreThan100Percent(ru['maxSurge'], `${field}.maxSurge`),
  ];
  const unavailable = intOrPercentValue(ru['maxUnavailable']) !== 0;
  const surge = intOrPercentValue(ru['maxSurge']) !== 0;
  if (unavailable && surge) errs.push(invalid(`${field}.maxSurge`, ru['maxSurge'], 'may not be set when maxUnavailable is non-zero'));
  if (!unavailable && !surge) errs.push(required(`${field}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateUpdateStrategy(strategy: Obj, field: string): Errs {
  switch (str(strategy['type'])) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      return isObj(strategy['rollingUpdate'])
        ? validateRollingUpdate(strategy['rollingUpdate'], `${field}.rollingUpdate`)
        : [required(`${field}.rollingUpdate`)];
    default:
      return [notSupported(field, strategy, ['RollingUpdate', 'OnDelete'])];
  }
}

export function validateDaemonSet(obj: KubeObject): Errs {
  const spec = rec(obj['spec']);
  const template = rec(spec['template']);
  const errs = validateLabelSelector(spec['selector'], 'spec.selector');
  errs.push(...templateLabelsMatch(spec['selector'], template, 'spec.template'));
  if (isObj(spec['selector']) && isEmptySelector(spec['selector'])) {
    errs.push(invalid('spec.selector', spec['selector'], 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...alwaysRestartNoDeadline(template, 'spec.template', 'DaemonSet'));
  errs.push(...nonNegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errs.push(...validateUpdateStrategy(rec(spec['updateStrategy']), 'spec.updateStrategy'));
  errs.push(...nonNegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  return errs;
}

export function validateDaemonSetUpdate(obj: KubeObject, old: KubeObject): Errs {
  return [...validateDaemonSet(obj), ...immutable(rec(obj['spec'])['selector'], rec(old['spec'])['selector'], 'spec.selector')];
}
