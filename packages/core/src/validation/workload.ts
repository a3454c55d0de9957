/**
 * Pieces the workload kinds of pkg/apis/apps/validation share: the selector rules and
 * ValidatePodTemplateSpecForReplicaSet (template labels must match the selector, the pod
 * template must be valid, pods restart Always and have no activeDeadlineSeconds).
 */
import { type Errs, forbidden, invalid, notSupported, required } from './field.js';
import { isEmptySelector, selectorMatches, validateLabelSelector } from './label-selector.js';
import { validatePodTemplateSpec } from './pod-template.js';
import { type Obj, isObj, present, rec, str } from './shape.js';

/** spec.selector of Deployments, ReplicaSets and StatefulSets: required, valid, not empty. */
export function validateRequiredSelector(spec: Obj, kindWord: string): Errs {
  const sel = spec['selector'];
  if (!isObj(sel)) return [required('spec.selector')];
  const errs = validateLabelSelector(sel, 'spec.selector');
  if (isEmptySelector(sel)) errs.push(invalid('spec.selector', sel, `empty selector is invalid for ${kindWord}`));
  return errs;
}

/** Whether the template's labels satisfy the selector, as an error at spec.template.metadata.labels. */
export function templateLabelsMatch(selector: unknown, template: Obj, field: string): Errs {
  const labels = rec(template['metadata'])['labels'];
  // An empty selector selects everything and is reported on its own.
  if (isObj(selector) && isEmptySelector(selector)) return [];
  return selectorMatches(selector, labels) === false
    ? [invalid(`${field}.metadata.labels`, labels ?? null, '`selector` does not match template `labels`')]
    : [];
}

/**
 * ValidatePodTemplateSpecForReplicaSet, for Deployments and ReplicaSets. Its message names
 * ReplicaSet even when a Deployment is validated, as upstream's does.
 */
export function validateTemplateForReplicaSet(spec: Obj, field: string): Errs {
  const template = rec(spec['template']);
  const selector = spec['selector'];
  if (selectorMatches(selector, {}) === undefined && isObj(selector)) {
    return [invalid('spec.selector', selector, 'invalid label selector')];
  }
  const errs = templateLabelsMatch(selector, template, field);
  errs.push(...validatePodTemplateSpec(template, field));
  errs.push(...alwaysRestartNoDeadline(template, field, 'ReplicaSet'));
  return errs;
}

/** Pods of long-running controllers restart Always and have no activeDeadlineSeconds. */
export function alwaysRestartNoDeadline(template: Obj, field: string, kind: string): Errs {
  const errs: Errs = [];
  const podSpec = rec(template['spec']);
  const rp = str(podSpec['restartPolicy']);
  if (rp !== 'Always') errs.push(notSupported(`${field}.spec.restartPolicy`, rp, ['Always']));
  if (present(podSpec['activeDeadlineSeconds'])) {
    errs.push(forbidden(`${field}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}
