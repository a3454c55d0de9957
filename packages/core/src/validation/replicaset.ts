/**
 * ReplicaSets (ValidateReplicaSetSpec in pkg/apis/apps/validation; the selector is immutable
 * in apps/v1, as the registry strategy adds).
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, immutable, nonNegative } from './field.js';
import { rec } from './shape.js';
import { validateRequiredSelector, validateTemplateForReplicaSet } from './workload.js';

export function validateReplicaSet(obj: KubeObject): Errs {
  const spec = rec(obj['spec']);
  const errs = [...nonNegative(spec['replicas'], 'spec.replicas'), ...nonNegative(spec['minReadySeconds'], 'spec.minReadySeconds')];
  // Upstream's message says "deployment" for ReplicaSets too.
  errs.push(...validateRequiredSelector(spec, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'spec.template'));
  return errs;
}

export function validateReplicaSetUpdate(obj: KubeObject, old: KubeObject): Errs {
  return [...validateReplicaSet(obj), ...immutable(rec(obj['spec'])['selector'], rec(old['spec'])['selector'], 'spec.selector')];
}
