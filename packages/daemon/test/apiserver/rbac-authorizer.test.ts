/**
 * RBAC rule matching, case by case as upstream's RuleAllows reads a rule: verbs, API groups,
 * resource or resource/subresource (with "*" and "*\/sub"), resource names, non-resource URLs
 * with a trailing "*".
 */
import { describe, expect, it } from 'vitest';
import { type AccessAttributes, type PolicyRule, ruleAllows } from '../../src/apiserver/authorization/rbac-authorizer.js';

const cases: Array<[string, PolicyRule, AccessAttributes, boolean]> = [
  ['a listed verb on a listed resource is allowed', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verb: 'get', resource: 'pods' }, true],
  ['another verb is not', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verb: 'delete', resource: 'pods' }, false],
  ['a resource in another group is not', { verbs: ['*'], apiGroups: [''], resources: ['deployments'] }, { verb: 'get', group: 'apps', resource: 'deployments' }, false],
  ['"*" verbs, groups and resources allow anything', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale' }, true],
  ['a resource does not cover its subresources', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verb: 'get', resource: 'pods', subresource: 'log' }, false],
  ['resource/subresource covers that subresource', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, { verb: 'get', resource: 'pods', subresource: 'log' }, true],
  ['"*/sub" covers that subresource of every resource', { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] }, { verb: 'update', group: 'apps', resource: 'statefulsets', subresource: 'scale' }, true],
  ['resourceNames limit the rule to those names', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }, { verb: 'get', resource: 'configmaps', name: 'other' }, false],
  ['and allow the named one', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }, { verb: 'get', resource: 'configmaps', name: 'app' }, true],
  ['resourceNames never allow a list (no name)', { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }, { verb: 'list', resource: 'configmaps' }, false],
  ['a non-resource URL matches exactly', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, { verb: 'get', path: '/healthz' }, true],
  ['a trailing "*" matches the prefix', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, { verb: 'get', path: '/apis/apps/v1' }, true],
  ['a resource rule never matches a URL', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verb: 'get', path: '/metrics' }, false],
];

describe('RBAC rules', () => {
  it.each(cases)('%s', (_name, rule, attrs, allowed) => {
    expect(ruleAllows(rule, attrs)).toBe(allowed);
  });
});
