/**
 * The resource registry: every kind kubelab serves, with the names Kubernetes gives it
 * (kind, plural resource, singular, short names, categories), its group and version, its
 * scope, subresources and verbs, and where kube-apiserver keeps it in etcd — so discovery,
 * `kubectl api-resources`, the storage keys lab users see with `kubelab etcd get`, and the
 * CLI's name resolution all come from one table.
 */
import { apiVersionOf } from './meta.js';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** The REST resource name: "pods", "deployments". */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served under /<name>/<subresource>. */
  subresources: string[];
  verbs: string[];
  /** kube-apiserver's etcd prefix for this resource, e.g. "/registry/services/specs". */
  storagePrefix: string;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Def {
  kind: string;
  plural: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
  verbs?: string[];
  /** Defaults to "/registry/<plural>". */
  storagePrefix?: string;
}

function group(groupName: string, version: string, defs: Def[]): ResourceType[] {
  return defs.map((d) => ({
    group: groupName,
    version,
    kind: d.kind,
    plural: d.plural,
    singular: d.kind.toLowerCase(),
    namespaced: d.namespaced ?? true,
    shortNames: d.shortNames ?? [],
    categories: d.categories ?? [],
    subresources: d.subresources ?? [],
    verbs: d.verbs ?? ALL_VERBS,
    storagePrefix: d.storagePrefix ?? `/registry/${d.plural}`,
  }));
}

/**
 * Served resources. Storage prefixes follow kube-apiserver's defaults (nodes under
 * "minions", services under "services/specs", endpoints under "services/endpoints").
 */
export const RESOURCES: readonly ResourceType[] = [
  ...group('', 'v1', [
    { kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'] },
    { kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status'], storagePrefix: '/registry/minions' },
    {
      kind: 'Pod',
      plural: 'pods',
      shortNames: ['po'],
      categories: ['all'],
      subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach'],
    },
    {
      kind: 'Service',
      plural: 'services',
      shortNames: ['svc'],
      categories: ['all'],
      subresources: ['status'],
      storagePrefix: '/registry/services/specs',
      // Services have no deletecollection upstream.
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    },
    { kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'], storagePrefix: '/registry/services/endpoints' },
    { kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] },
    { kind: 'Secret', plural: 'secrets' },
    { kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], subresources: ['token'] },
    { kind: 'Event', plural: 'events', shortNames: ['ev'] },
    { kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], subresources: ['status'] },
    { kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], subresources: ['status'] },
    { kind: 'ResourceQuota', plural: 'resourcequotas', shortNames: ['quota'], subresources: ['status'] },
    { kind: 'LimitRange', plural: 'limitranges', shortNames: ['limits'] },
  ]),
  ...group('apps', 'v1', [
    { kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] },
    { kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] },
    { kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'], subresources: ['status'] },
    { kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'] },
    { kind: 'ControllerRevision', plural: 'controllerrevisions' },
  ]),
  ...group('batch', 'v1', [
    { kind: 'Job', plural: 'jobs', categories: ['all'], subresources: ['status'] },
    { kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], categories: ['all'], subresources: ['status'] },
  ]),
  ...group('coordination.k8s.io', 'v1', [{ kind: 'Lease', plural: 'leases' }]),
  ...group('discovery.k8s.io', 'v1', [{ kind: 'EndpointSlice', plural: 'endpointslices' }]),
  ...group('policy', 'v1', [
    { kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb'], subresources: ['status'] },
  ]),
  ...group('scheduling.k8s.io', 'v1', [
    { kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'] },
  ]),
  ...group('storage.k8s.io', 'v1', [{ kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] }]),
  ...group('rbac.authorization.k8s.io', 'v1', [
    { kind: 'Role', plural: 'roles' },
    { kind: 'RoleBinding', plural: 'rolebindings' },
    { kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
    { kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  ]),
];

/**
 * Resources served by handlers rather than storage — access and identity reviews
 * (`kubectl auth`), the Metrics API (`kubectl top`): discovery and `api-resources` list them;
 * nothing stores them.
 */
export const ROUTED_RESOURCES: readonly ResourceType[] = [
  ...group('authentication.k8s.io', 'v1', [{ kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: ['create'] }]),
  ...group('authorization.k8s.io', 'v1', [
    { kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', verbs: ['create'] },
    { kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'] },
    { kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: ['create'] },
    { kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, verbs: ['create'] },
  ]),
  ...group('metrics.k8s.io', 'v1beta1', [
    { kind: 'NodeMetrics', plural: 'nodes', namespaced: false, verbs: ['get', 'list'] },
    { kind: 'PodMetrics', plural: 'pods', verbs: ['get', 'list'] },
  ]),
];

/** Group versions in the order discovery lists them (the core group first). */
export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(apiVersionOf(r.group, r.version), { group: r.group, version: r.version });
  return [...seen.values()];
}

export function apiVersionOfResource(rt: ResourceType): string {
  return apiVersionOf(rt.group, rt.version);
}

/** The resource served at group/version/plural, if any. */
export function resourceFor(groupName: string, version: string, plural: string): ResourceType | undefined {
  return byPath.get(`${groupName}/${version}/${plural}`);
}

/** The resource of an object's apiVersion and kind, if served. */
export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** Every resource of a kind name in any group (for "no matches for kind" messages). */
export function resourcesNamed(kindName: string): ResourceType[] {
  return RESOURCES.filter((r) => r.kind === kindName);
}

/**
 * Resolves what a user types — "po", "pods", "pod", "Pod", "deploy", "deployments.apps",
 * "deployment.v1.apps" — the way kubectl's RESTMapper does. Returns undefined when nothing
 * matches.
 */
export function resolveResource(name: string): ResourceType | undefined {
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const qualifier = dot < 0 ? undefined : lower.slice(dot + 1);
  const candidates = RESOURCES.filter(
    (r) => r.plural === base || r.singular === base || r.shortNames.includes(base) || r.kind.toLowerCase() === base,
  );
  if (qualifier === undefined) return candidates.find((r) => r.group === '') ?? candidates[0];
  return candidates.find(
    (r) => r.group === qualifier || `${r.version}.${r.group}` === qualifier || (r.group === '' && qualifier === r.version),
  );
}

/** Resources in a category ("all"), as `kubectl get all` expands it. */
export function resourcesInCategory(category: string): ResourceType[] {
  return RESOURCES.filter((r) => r.categories.includes(category));
}

/**
 * The etcd key of an object: "/registry/pods/default/web-1", "/registry/minions/node-1".
 * Without a name, the prefix for listing (ending in "/").
 */
export function storageKey(rt: ResourceType, namespace: string | undefined, name?: string): string {
  const scope = rt.namespaced && namespace ? `${rt.storagePrefix}/${namespace}/` : `${rt.storagePrefix}/`;
  return name === undefined ? scope : scope + name;
}

const byPath = new Map(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.plural}`, r]));
const byKind = new Map(RESOURCES.map((r) => [`${apiVersionOf(r.group, r.version)}/${r.kind}`, r]));
