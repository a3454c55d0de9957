/**
 * RBAC kinds (rbac.authorization.k8s.io/v1).
 */
import { obj, req, str, ref, arr, type Definitions } from '../dsl.js';
import { rbac, meta } from './names.js';

export const rbacDefinitions: Definitions = {
  [rbac('Role')]: obj('Permissions within one namespace, as a set of policy rules.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    rules: arr(ref(rbac('PolicyRule')), 'The permissions the role grants.', { list: 'atomic' }),
  }),
  [rbac('PolicyRule')]: obj('Verbs allowed on resources or non-resource URLs. Permissions only add up; nothing is denied by a rule.', {
    verbs: req(
      arr(
        str(),
        'Allowed verbs, such as get, list, watch, create, update, patch, delete; "*" allows all.',
        { list: 'atomic' },
      ),
    ),
    apiGroups: arr(str(), 'API groups of the resources; "" is the core group and "*" all groups.', { list: 'atomic' }),
    resources: arr(
      str(),
      'Resources the rule applies to, such as pods or pods/log; "*" means all.',
      { list: 'atomic' },
    ),
    resourceNames: arr(str(), 'Names of the objects the rule is limited to; empty means all.', { list: 'atomic' }),
    nonResourceURLs: arr(
      str(),
      'URL paths, such as /healthz, the rule applies to; only in ClusterRoles bound by ClusterRoleBindings.',
      { list: 'atomic' },
    ),
  }),
  [rbac('RoleBinding')]: obj('Grants the permissions of a Role or ClusterRole to subjects within one namespace.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    subjects: arr(ref(rbac('Subject')), 'Users, groups and service accounts granted the role.', { list: 'atomic' }),
    roleRef: req(ref(rbac('RoleRef'), 'The Role in this namespace or the ClusterRole granted. Immutable.')),
  }),
  [rbac('Subject')]: obj('A user, group or service account.', {
    kind: req(str('User, Group or ServiceAccount.')),
    apiGroup: str('API group of the subject: "" for ServiceAccount, "rbac.authorization.k8s.io" for User and Group.'),
    name: req(str('Name of the subject.')),
    namespace: str('Namespace of a ServiceAccount.'),
  }, { mapType: 'atomic' }),
  [rbac('RoleRef')]: obj('The role a binding grants.', {
    apiGroup: req(str('API group of the role.')),
    kind: req(str('Role or ClusterRole.')),
    name: req(str('Name of the role.')),
  }, { mapType: 'atomic' }),
  [rbac('ClusterRole')]: obj('Permissions across the cluster or, through a RoleBinding, in one namespace.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    rules: arr(ref(rbac('PolicyRule')), 'The permissions the role grants.', { list: 'atomic' }),
    aggregationRule: ref(
      rbac('AggregationRule'),
      'Builds the rules from other ClusterRoles; the controller manages them then.',
    ),
  }),
  [rbac('AggregationRule')]: obj('How a ClusterRole is aggregated from others.', {
    clusterRoleSelectors: arr(
      ref(meta('LabelSelector')),
      'Labels of the ClusterRoles whose rules are combined.',
      { list: 'atomic' },
    ),
  }),
  [rbac('ClusterRoleBinding')]: obj('Grants the permissions of a ClusterRole to subjects across the cluster.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    subjects: arr(ref(rbac('Subject')), 'Users, groups and service accounts granted the role.', { list: 'atomic' }),
    roleRef: req(ref(rbac('RoleRef'), 'The ClusterRole granted. Immutable.')),
  }),
};
