/**
 * Quota evaluators (pkg/quota/v1/evaluator/core and k8s.io/apiserver/pkg/quota/v1/generic):
 * what one object costs against a ResourceQuota, shared by the ResourceQuota controller
 * (which adds up a namespace) and the ResourceQuota admission plugin (which charges a
 * create or update before it is stored).
 *
 *   pods                    count/pods always; while not finished (and not past its
 *                           deletion grace): pods, cpu/requests.cpu, memory/requests.memory,
 *                           limits.cpu, limits.memory, ephemeral storage, hugepages and
 *                           extended resources (requests.<name>)
 *   services                services, count/services, services.loadbalancers, services.nodeports
 *   persistentvolumeclaims  persistentvolumeclaims, count/…, requests.storage, and the same
 *                           per class as <class>.storageclass.storage.k8s.io/…
 *   anything else           count/<resource>[.<group>] (configmaps, secrets, resourcequotas and
 *                           replicationcontrollers also under their legacy names)
 *
 * Scopes (Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass,
 * CrossNamespacePodAffinity) only ever match pods.
 */
import { type KubeObject, podQosClass } from '@kubelab/core';
import { type ResourceList, ZERO, add, addQuantities, one, parseList } from './resource-list.js';

export interface ScopeSelector {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface ResourceQuota extends KubeObject {
  spec?: { hard?: Record<string, string>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeSelector[] } };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export interface QuotaEvaluator {
  readonly group: string;
  readonly resource: string;
  /** Whether a write of this kind can change usage (Handles). */
  handles(operation: 'CREATE' | 'UPDATE', subresource: string | undefined): boolean;
  /** The quota resource names among `names` that this evaluator measures. */
  matchingResources(names: string[]): string[];
  matchesScope(scope: ScopeSelector, obj: KubeObject): boolean;
  /** A refusal message when the object lacks what a quota requires (Constraints). */
  constraints(required: string[], obj: KubeObject): string | undefined;
  usage(obj: KubeObject, now: number): ResourceList;
}

/** ObjectCountQuotaResourceNameFor: count/pods, count/deployments.apps. */
export function objectCountName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

const LEGACY_COUNT_ALIASES: Record<string, string> = {
  '/configmaps': 'configmaps',
  '/secrets': 'secrets',
  '/resourcequotas': 'resourcequotas',
  '/replicationcontrollers': 'replicationcontrollers',
};

function list(names: string[], ...wanted: string[]): string[] {
  return names.filter((n) => wanted.includes(n));
}

function objectCountEvaluator(group: string, resource: string): QuotaEvaluator {
  const names = [objectCountName(group, resource), LEGACY_COUNT_ALIASES[`${group}/${resource}`]].filter((n): n is string => !!n);
  return {
    group,
    resource,
    handles: (op) => op === 'CREATE',
    matchingResources: (hard) => list(hard, ...names),
    matchesScope: () => false,
    constraints: () => undefined,
    usage: () => new Map(names.map((n) => [n, one()])),
  };
}

// ---- pods ----------------------------------------------------------------------------

const POD_RESOURCES = [
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];
/** The resources a container must state when a quota tracks them (a "mistake" upstream keeps). */
const VALIDATION_SET = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

interface PodLike {
  metadata?: KubeObject['metadata'];
  spec?: {
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    overhead?: Record<string, string>;
    priorityClassName?: string;
    activeDeadlineSeconds?: number;
    terminationGracePeriodSeconds?: number;
    affinity?: { podAffinity?: AffinityLike; podAntiAffinity?: AffinityLike };
  };
  status?: { phase?: string };
}
interface ContainerLike {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface AffinityLike {
  requiredDuringSchedulingIgnoredDuringExecution?: Array<{ namespaces?: string[]; namespaceSelector?: unknown }>;
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ podAffinityTerm?: { namespaces?: string[]; namespaceSelector?: unknown } }>;
}

function isExtended(name: string): boolean {
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

/** podComputeUsageHelper: the quota names a set of requests and limits fill. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([['pods', one()]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith('hugepages-')) {
      out.set(r, q);
      out.set(`requests.${r}`, q);
    } else if (isExtended(r)) {
      out.set(`requests.${r}`, q);
    }
  }
  return out;
}

function maxList(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, v] of b) {
    const cur = out.get(k);
    if (!cur || addQuantities(v, { ...cur, mant: -cur.mant }).mant > 0n) out.set(k, v);
  }
  return out;
}

/** resourcehelper.PodRequests / PodLimits: containers and sidecars add up, init containers run alone, plus overhead. */
function podResources(pod: PodLike, which: 'requests' | 'limits'): ResourceList {
  let total: ResourceList = new Map();
  let sidecars: ResourceList = new Map();
  let initMax: ResourceList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = parseList(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, r);
      initMax = maxList(initMax, sidecars);
    } else {
      initMax = maxList(initMax, add(r, sidecars));
    }
  }
  for (const c of pod.spec?.containers ?? []) total = add(total, parseList(c.resources?.[which]));
  total = maxList(add(total, sidecars), initMax);
  if (pod.spec?.overhead) total = add(total, parseList(pod.spec.overhead));
  return total;
}

/** QuotaV1Pod: charged unless finished, or deleted and past its grace period. */
export function podIsCharged(pod: PodLike, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata?.deletionTimestamp;
  if (deletion) {
    const grace = (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
    if (now > Date.parse(deletion) + grace) return false;
  }
  return true;
}

function usesCrossNamespaceAffinity(pod: PodLike): boolean {
  const cross = (t: { namespaces?: string[]; namespaceSelector?: unknown } | undefined) => !!t && ((t.namespaces?.length ?? 0) > 0 || t.namespaceSelector != null);
  for (const a of [pod.spec?.affinity?.podAffinity, pod.spec?.affinity?.podAntiAffinity]) {
    if (!a) continue;
    if ((a.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(cross)) return true;
    if ((a.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((w) => cross(w.podAffinityTerm))) return true;
  }
  return false;
}

const podEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'pods',
  handles: (op, sub) => op === 'CREATE' && !sub,
  matchingResources: (names) => names.filter((n) => POD_RESOURCES.includes(n) || n.startsWith('hugepages-') || n.startsWith('requests.hugepages-') || (n.startsWith('requests.') && isExtended(n.slice(9)))),
  matchesScope(scope, obj) {
    const pod = obj as PodLike;
    switch (scope.scopeName) {
      case 'Terminating':
        return (pod.spec?.activeDeadlineSeconds ?? -1) >= 0;
      case 'NotTerminating':
        return !((pod.spec?.activeDeadlineSeconds ?? -1) >= 0);
      case 'BestEffort':
        return podQosClass(obj) === 'BestEffort';
      case 'NotBestEffort':
        return podQosClass(obj) !== 'BestEffort';
      case 'CrossNamespacePodAffinity':
        return usesCrossNamespaceAffinity(pod);
      case 'PriorityClass': {
        const pc = pod.spec?.priorityClassName ?? '';
        switch (scope.operator) {
          case 'Exists':
            return pc !== '';
          case 'DoesNotExist':
            return pc === '';
          case 'In':
            return pc !== '' && (scope.values ?? []).includes(pc);
          case 'NotIn':
            return pc === '' || !(scope.values ?? []).includes(pc);
        }
        return false;
      }
    }
    return false;
  },
  constraints(required, obj) {
    const needed = required.filter((r) => VALIDATION_SET.includes(r));
    if (needed.length === 0) return undefined;
    const pod = obj as PodLike;
    const missing = new Map<string, Set<string>>();
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const have = computeUsage(parseList(c.resources?.requests), parseList(c.resources?.limits));
      for (const r of needed) if (!have.has(r)) missing.set(r, (missing.get(r) ?? new Set()).add(c.name));
    }
    if (missing.size === 0) return undefined;
    const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
    return `must specify ${parts.join('; ')}`;
  },
  usage(obj, now) {
    const pod = obj as PodLike;
    const out: ResourceList = new Map([['count/pods', one()]]);
    if (!podIsCharged(pod, now)) return out;
    return add(out, computeUsage(podResources(pod, 'requests'), podResources(pod, 'limits')));
  },
};

// ---- services --------------------------------------------------------------------------

const serviceEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'services',
  handles: (op, sub) => !sub && (op === 'CREATE' || op === 'UPDATE'),
  matchingResources: (names) => list(names, 'services', 'count/services', 'services.loadbalancers', 'services.nodeports'),
  matchesScope: () => false,
  constraints: () => undefined,
  usage(obj) {
    const spec = (obj['spec'] ?? {}) as { type?: string; ports?: Array<{ nodePort?: number }>; allocateLoadBalancerNodePorts?: boolean };
    const ports = spec.ports ?? [];
    const out: ResourceList = new Map([
      ['services', one()],
      ['count/services', one()],
      ['services.loadbalancers', ZERO],
      ['services.nodeports', ZERO],
    ]);
    const count = (n: number) => ({ mant: BigInt(n), exp: 0, format: 'DecimalSI' as const });
    if (spec.type === 'NodePort') out.set('services.nodeports', count(ports.length));
    if (spec.type === 'LoadBalancer') {
      out.set('services.loadbalancers', one());
      const nodePorts = spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
      out.set('services.nodeports', count(nodePorts));
    }
    return out;
  },
};

// ---- persistent volume claims ------------------------------------------------------------

const CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

const pvcEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'persistentvolumeclaims',
  handles: (op, sub) => !sub && (op === 'CREATE' || op === 'UPDATE'),
  matchingResources: (names) =>
    names.filter(
      (n) =>
        ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(n) ||
        n.endsWith(`${CLASS_SUFFIX}requests.storage`) ||
        n.endsWith(`${CLASS_SUFFIX}persistentvolumeclaims`),
    ),
  matchesScope: () => false,
  constraints: () => undefined,
  usage(obj) {
    const spec = (obj['spec'] ?? {}) as { storageClassName?: string; resources?: { requests?: Record<string, string> } };
    const status = (obj['status'] ?? {}) as { allocatedResources?: Record<string, string> };
    const out: ResourceList = new Map([
      ['persistentvolumeclaims', one()],
      ['count/persistentvolumeclaims', one()],
    ]);
    let storage = parseList(spec.resources?.requests).get('storage');
    const allocated = parseList(status.allocatedResources).get('storage');
    if (allocated && (!storage || addQuantities(allocated, { ...storage, mant: -storage.mant }).mant > 0n)) storage = allocated;
    const cls = spec.storageClassName ?? '';
    if (storage) out.set('requests.storage', storage);
    if (cls) {
      out.set(`${cls}${CLASS_SUFFIX}persistentvolumeclaims`, one());
      if (storage) out.set(`${cls}${CLASS_SUFFIX}requests.storage`, storage);
    }
    return out;
  },
};

const SPECIFIC: Record<string, QuotaEvaluator> = {
  '/pods': podEvaluator,
  '/services': serviceEvaluator,
  '/persistentvolumeclaims': pvcEvaluator,
};

/** The evaluator of a resource: a specific one, else an object counter. */
export function evaluatorFor(group: string, resource: string): QuotaEvaluator {
  const key = `${group}/${resource}`;
  const specific = SPECIFIC[key];
  if (specific) return specific;
  // Admission asks on every create. Bounded: a quota can name any count/<resource>.
  let counter = objectCounters.get(key);
  if (!counter) {
    if (objectCounters.size >= 512) objectCounters.clear();
    objectCounters.set(key, (counter = objectCountEvaluator(group, resource)));
  }
  return counter;
}

const objectCounters = new Map<string, QuotaEvaluator>();

/** The scopes and scope selector of a quota, all as selectors (scopes mean Exists). */
export function scopeSelectorsOf(quota: ResourceQuota): ScopeSelector[] {
  const out: ScopeSelector[] = (quota.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' }));
  out.push(...(quota.spec?.scopeSelector?.matchExpressions ?? []));
  return out;
}

/** generic.Matches: the quota limits something this evaluator measures, and every scope matches. */
export function quotaMatches(evaluator: QuotaEvaluator, quota: ResourceQuota, hard: string[], obj: KubeObject): boolean {
  if (evaluator.matchingResources(hard).length === 0) return false;
  return scopeSelectorsOf(quota).every((s) => evaluator.matchesScope(s, obj));
}

/**
 * The resources whose objects a quota's hard names are measured on: pods, services and
 * claims for their own names, the named resource for count/<resource>[.<group>].
 */
export function resourcesMeasuredBy(names: string[]): Array<{ group: string; resource: string }> {
  const out = new Map<string, { group: string; resource: string }>();
  const put = (group: string, resource: string) => out.set(`${group}/${resource}`, { group, resource });
  for (const ev of Object.values(SPECIFIC)) if (ev.matchingResources(names).length) put(ev.group, ev.resource);
  for (const n of names) {
    if (n.startsWith('count/')) {
      const rest = n.slice(6);
      const dot = rest.indexOf('.');
      if (dot < 0) put('', rest);
      else put(rest.slice(dot + 1), rest.slice(0, dot));
    }
    for (const [key, alias] of Object.entries(LEGACY_COUNT_ALIASES)) if (alias === n) put('', key.slice(1));
  }
  return [...out.values()];
}
