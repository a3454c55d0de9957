/**
 * Validation entry points the API server calls for every write: metadata by the kind's name
 * rule, then the kind's own rules. Per-kind validators live beside this file
 * (pod.ts, deployment.ts, ...) and register in KIND_VALIDATORS.
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';
import type { FieldError } from '../api/status.js';
import {
  type NameRule,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.js';

export interface KindValidator {
  validate?(obj: KubeObject): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

/** Kind-specific validators by "group/Kind" ("/Pod", "apps/Deployment"). */
export const KIND_VALIDATORS = new Map<string, KindValidator>();

/** Name rules that differ from the default DNS subdomain. */
const NAME_RULES: Record<string, NameRule> = {
  '/Namespace': nameIsDNSLabel,
  '/Service': nameIsDNS1035Label,
  'rbac.authorization.k8s.io/Role': nameIsPathSegment,
  'rbac.authorization.k8s.io/RoleBinding': nameIsPathSegment,
  'rbac.authorization.k8s.io/ClusterRole': nameIsPathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': nameIsPathSegment,
};

function kindKey(rt: ResourceType): string {
  return `${rt.group}/${rt.kind}`;
}

export function nameRuleFor(rt: ResourceType): NameRule {
  return NAME_RULES[kindKey(rt)] ?? nameIsDNSSubdomain;
}

export function validateCreate(rt: ResourceType, obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, rt.namespaced, nameRuleFor(rt));
  const v = KIND_VALIDATORS.get(kindKey(rt));
  if (v?.validate) errs.push(...v.validate(obj));
  return errs;
}

export function validateUpdate(rt: ResourceType, obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, rt.namespaced, nameRuleFor(rt));
  errs.push(...validateObjectMetaUpdate(obj, old));
  const v = KIND_VALIDATORS.get(kindKey(rt));
  if (v?.validateUpdate) errs.push(...v.validateUpdate(obj, old));
  else if (v?.validate) errs.push(...v.validate(obj));
  return errs;
}
