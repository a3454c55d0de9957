/**
 * The RBAC roles kube-apiserver's bootstrap policy creates (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy), for what `kubectl auth can-i` and lab exercises meet first:
 *
 *   cluster-admin            everything; bound to group system:masters, and — as kubeadm
 *                            binds it — to kubeadm:cluster-admins (the admin kubeconfig's)
 *   admin / edit / view      the user-facing roles for RoleBindings. Upstream aggregates them
 *                            from labelled ClusterRoles; kubelab writes their rules out for the
 *                            resources it serves (edit and admin include view; only admin
 *                            touches roles and bindings; view never reads secrets)
 *   system:discovery, system:basic-user, system:public-info-viewer
 *                            discovery, self reviews and version/health, for authenticated
 *                            users (and everyone, for the last)
 */
import type { KubeObject } from '@kubelab/core';
import type { ApiServer } from '../apiserver/api-server.js';
import type { PolicyRule } from '../apiserver/authorization/rbac-authorizer.js';
import { ensure } from './bootstrap.js';

const RBAC = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

const VIEW: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'pods/log', 'pods/status', 'replicationcontrollers', 'services', 'services/status', 'serviceaccounts', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status'],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: READ },
];

const EDIT: PolicyRule[] = [
  ...VIEW,
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  {
    apiGroups: [''],
    resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'configmaps', 'endpoints', 'persistentvolumeclaims', 'replicationcontrollers', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['pods/eviction', 'serviceaccounts/token'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: WRITE },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: WRITE },
];

const ADMIN: PolicyRule[] = [
  ...EDIT,
  { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
  { apiGroups: [RBAC], resources: ['rolebindings', 'roles'], verbs: [...READ, ...WRITE] },
];

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    rules,
  };
}

function clusterRoleBinding(name: string, role: string, group: string): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC, kind: 'Group', name: group }],
  };
}

export async function bootstrapRbac(api: ApiServer): Promise<void> {
  const roles = [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('admin', ADMIN, { 'kubernetes.io/bootstrapping': 'rbac-defaults' }),
    clusterRole('edit', EDIT, { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }),
    clusterRole('view', VIEW, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }),
    clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*', '/version', '/version/'], verbs: ['get'] }]),
    clusterRole('system:basic-user', [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    clusterRole('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
  ];
  for (const role of roles) await ensure(api, RBAC, 'clusterroles', undefined, role);
  const bindings = [
    clusterRoleBinding('cluster-admin', 'cluster-admin', 'system:masters'),
    clusterRoleBinding('kubeadm:cluster-admins', 'cluster-admin', 'kubeadm:cluster-admins'),
    clusterRoleBinding('system:discovery', 'system:discovery', 'system:authenticated'),
    clusterRoleBinding('system:basic-user', 'system:basic-user', 'system:authenticated'),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', 'system:authenticated'),
  ];
  for (const binding of bindings) await ensure(api, RBAC, 'clusterrolebindings', undefined, binding);
}
