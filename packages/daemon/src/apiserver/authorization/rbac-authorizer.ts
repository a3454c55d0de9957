/**
 * RBAC's answer to "may this user do this?" (plugin/pkg/auth/authorizer/rbac): the rules of
 * every ClusterRole bound to the user by a ClusterRoleBinding, and — for a namespaced request
 * — of every Role or ClusterRole bound to them by a RoleBinding in that namespace; allowed
 * when one rule covers the request. system:masters is allowed everything, as upstream's
 * privileged-group authorizer allows it before RBAC is asked.
 *
 * kubelab stores RBAC objects and answers access reviews (`kubectl auth can-i`) with this;
 * it does not yet refuse requests by it.
 */
import type { KubeObject } from '@kubelab/core';
import type { UserInfo } from '../auth/user-info.js';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

interface Binding extends KubeObject {
  subjects?: Subject[];
  roleRef: { kind: string; name: string; apiGroup?: string };
}

interface Role extends KubeObject {
  rules?: PolicyRule[];
}

/** What is asked: a resource request (with its namespace, if any) or a non-resource URL. */
export interface AccessAttributes {
  verb: string;
  namespace?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  path?: string;
}

/** The RBAC objects, as read from the API server's caches. */
export interface RbacObjects {
  clusterRoleBindings(): KubeObject[];
  roleBindings(namespace: string): KubeObject[];
  clusterRole(name: string): KubeObject | undefined;
  role(namespace: string, name: string): KubeObject | undefined;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export function authorize(objects: RbacObjects, user: UserInfo, attrs: AccessAttributes): Decision {
  if (user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  for (const { binding, rules, roleKind, roleName } of boundRules(objects, user, attrs.namespace)) {
    if (rules.some((r) => ruleAllows(r, attrs))) {
      const where = binding.metadata?.namespace ? `RoleBinding "${binding.metadata.name}/${binding.metadata.namespace}"` : `ClusterRoleBinding "${binding.metadata?.name}"`;
      return { allowed: true, reason: `RBAC: allowed by ${where} of ${roleKind} "${roleName}" to ${subjectWords(binding as Binding, user)}` };
    }
  }
  return { allowed: false, reason: '' };
}

/** Every rule that applies to the user in a namespace (selfsubjectrulesreviews). */
export function rulesFor(objects: RbacObjects, user: UserInfo, namespace: string): PolicyRule[] {
  if (user.groups.includes('system:masters')) return [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];
  return boundRules(objects, user, namespace).flatMap((b) => b.rules);
}

/** Each binding naming the user (cluster-wide, and in the namespace), with its role's rules. */
function boundRules(objects: RbacObjects, user: UserInfo, namespace: string | undefined) {
  const bindings = [...objects.clusterRoleBindings(), ...(namespace ? objects.roleBindings(namespace) : [])] as Binding[];
  const out: Array<{ binding: KubeObject; rules: PolicyRule[]; roleKind: string; roleName: string }> = [];
  for (const binding of bindings) {
    if (!(binding.subjects ?? []).some((s) => subjectMatches(s, user, binding.metadata?.namespace))) continue;
    const ref = binding.roleRef;
    const ns = binding.metadata?.namespace;
    const role = (ref.kind === 'ClusterRole' ? objects.clusterRole(ref.name) : ns ? objects.role(ns, ref.name) : undefined) as Role | undefined;
    if (role) out.push({ binding, rules: role.rules ?? [], roleKind: ref.kind, roleName: ref.name });
  }
  return out;
}

/** appliesTo: User and Group by name; ServiceAccount by namespace and name. */
function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.username;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return !!ns && user.username === `system:serviceaccount:${ns}:${s.name}`;
    }
    default:
      return false;
  }
}

function subjectWords(binding: Binding, user: UserInfo): string {
  const s = (binding.subjects ?? []).find((x) => subjectMatches(x, user, binding.metadata?.namespace))!;
  if (s.kind === 'ServiceAccount') return `ServiceAccount "${s.name}/${s.namespace || binding.metadata?.namespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** RuleAllows: verbs, then either resources (groups, resource/subresource, names) or URLs. */
export function ruleAllows(rule: PolicyRule, a: AccessAttributes): boolean {
  if (!matches(rule.verbs, a.verb)) return false;
  if (a.resource === undefined) {
    const path = a.path ?? '';
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
  }
  if (!matches(rule.apiGroups, a.group ?? '')) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = rule.resources ?? [];
  const resourceOk = resources.some((r) => r === '*' || r === combined || (a.subresource !== undefined && r === `*/${a.subresource}`));
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

function matches(list: string[] | undefined, value: string): boolean {
  return (list ?? []).some((v) => v === '*' || v === value);
}
