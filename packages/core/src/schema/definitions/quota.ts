/**
 * ResourceQuota and LimitRange.
 */
import { obj, req, str, ref, arr, map, quantity, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const quotaDefinitions: Definitions = {
  [core('ResourceQuota')]: obj('Limits on the total resources and object counts a namespace may use.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('ResourceQuotaSpec'), 'The limits to enforce.'),
    status: ref(core('ResourceQuotaStatus'), 'Enforced limits and current usage. Read-only.'),
  }),
  [core('ResourceQuotaSpec')]: obj('The limits a quota enforces.', {
    hard: map(
      quantity(),
      'Limit for each named resource, such as requests.cpu, limits.memory, pods or count/deployments.apps.',
    ),
    scopes: arr(
      str(
        undefined,
        { enum: ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'] },
      ),
      'Scopes an object must match to be tracked by the quota; all must match.',
      { list: 'atomic' },
    ),
    scopeSelector: ref(core('ScopeSelector'), 'Scope requirements an object must match to be tracked by the quota.'),
  }),
  [core('ScopeSelector')]: obj('Scope requirements, all of which must hold.', {
    matchExpressions: arr(ref(core('ScopedResourceSelectorRequirement')), 'The requirements.', { list: 'atomic' }),
  }, { mapType: 'atomic' }),
  [core('ScopedResourceSelectorRequirement')]: obj('A requirement on a quota scope.', {
    scopeName: req(
      str(
        'The scope.',
        { enum: ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'] },
      ),
    ),
    operator: req(str('In, NotIn, Exists or DoesNotExist.', { enum: ['DoesNotExist', 'Exists', 'In', 'NotIn'] })),
    values: arr(str(), 'Values for In and NotIn; empty for Exists and DoesNotExist.', { list: 'atomic' }),
  }),
  [core('ResourceQuotaStatus')]: obj('Enforced limits and current usage of a quota.', {
    hard: map(quantity(), 'The limits being enforced.'),
    used: map(quantity(), 'Current usage of each resource in the namespace.'),
  }),
  [core('LimitRange')]: obj('Default, minimum and maximum resources for the pods, containers and claims of a namespace.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('LimitRangeSpec'), 'The limits to enforce.'),
  }),
  [core('LimitRangeSpec')]: obj('The limits of a LimitRange.', {
    limits: req(arr(ref(core('LimitRangeItem')), 'Limits per kind of object.', { list: 'atomic' })),
  }),
  [core('LimitRangeItem')]: obj('Resource limits for one kind of object.', {
    type: req(str('Kind of object the limits apply to: Pod, Container or PersistentVolumeClaim.')),
    max: map(quantity(), 'Most of each resource an object may have.'),
    min: map(quantity(), 'Least of each resource an object must have.'),
    default: map(quantity(), 'Limits given to containers that set none.'),
    defaultRequest: map(quantity(), 'Requests given to containers that set none.'),
    maxLimitRequestRatio: map(quantity(), 'Largest allowed ratio of limit to request, per resource.'),
  }),
};
