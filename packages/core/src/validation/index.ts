/**
 * Validation entry points the API server calls for every write: metadata by the kind's name
 * rule, then the kind's own rules (kinds.ts lists them, one module per kind beside this file).
 * Identical messages are reported once, as field.ErrorList.ToAggregate does upstream.
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';
import { type FieldError, fieldErrorText } from '../api/status.js';
import { applyDefaults } from '../defaults/index.js';
import { KIND_VALIDATOR_ENTRIES, type KindValidator } from './kinds.js';
import {
  type NameRule,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.js';

export type { KindValidator } from './kinds.js';

/** Kind-specific validators by "group/Kind" ("/Pod", "apps/Deployment"). */
export const KIND_VALIDATORS = new Map<string, KindValidator>(KIND_VALIDATOR_ENTRIES);

/** Name rules that differ from the default DNS subdomain. */
const NAME_RULES: Record<string, NameRule> = {
  '/Namespace': nameIsDNSLabel,
  '/Service': nameIsDNS1035Label,
  // Events are validated by the generic path-segment rule only (legacy event validation skips names).
  '/Event': nameIsPathSegment,
  // StatefulSet pods are named <set>-<ordinal> and their hostnames must be DNS labels.
  'apps/StatefulSet': nameIsDNSLabel,
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

/** Drops errors whose text repeats an earlier one (several upstream checks overlap). */
function unique(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const text = fieldErrorText(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

export function validateCreate(rt: ResourceType, obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, rt.namespaced, nameRuleFor(rt));
  const v = KIND_VALIDATORS.get(kindKey(rt));
  if (v?.validate) errs.push(...v.validate(obj));
  return unique(errs);
}

/**
 * Validates an update. The stored object is compared in its defaulted form, as upstream sees
 * it after decoding from etcd, so objects written before a default existed (or by trusted
 * server paths that skip defaulting) do not look changed.
 */
export function validateUpdate(rt: ResourceType, obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, rt.namespaced, nameRuleFor(rt));
  errs.push(...validateObjectMetaUpdate(obj, old));
  const v = KIND_VALIDATORS.get(kindKey(rt));
  if (v?.validateUpdate) {
    const stored = structuredClone(old);
    applyDefaults(rt, stored);
    errs.push(...v.validateUpdate(obj, stored));
  }
  else if (v?.validate) errs.push(...v.validate(obj));
  return unique(errs);
}
