import { describe, expect, it } from 'vitest';
import { createError, object, updateError } from '../write-path.js';
import { DNS_LABEL, DNS_SUBDOMAIN } from './messages.js';

describe('namespaces and service accounts', () => {
  it.each([
    ['namespaces need DNS-label names', object('Namespace', {}, { name: 'Team_A' }), `Namespace "Team_A" is invalid: metadata.name: Invalid value: "Team_A": ${DNS_LABEL}`],
    [
      'namespace finalizers are standard or qualified (reported without an index)',
      object('Namespace', { spec: { finalizers: ['cleanup'] } }),
      'Namespace "web" is invalid: spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ],
    [
      'metadata finalizers are standard or qualified',
      object('ConfigMap', {}, { finalizers: ['cleanup'] }),
      'ConfigMap "web" is invalid: metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ],
    ['service accounts need DNS-subdomain names', object('ServiceAccount', {}, { name: 'CI_Bot' }), `ServiceAccount "CI_Bot" is invalid: metadata.name: Invalid value: "CI_Bot": ${DNS_SUBDOMAIN}`],
    ['a namespace with the kubernetes finalizer is fine', object('Namespace', { spec: { finalizers: ['kubernetes'] } }), undefined],
  ])('%s', (_name, obj, message) => {
    expect(createError(obj)).toBe(message);
  });
});

describe('nodes', () => {
  const N = 'Node "web" is invalid: ';
  const node = (spec: Record<string, unknown>) => object('Node', { spec });

  it.each([
    ['accepts taints', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }, undefined],
    [
      'refuses unknown taint effects (at upstream\'s metadata.taints path)',
      { taints: [{ key: 'k', effect: 'Sometimes' }] },
      `${N}metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
    ],
    ['requires a taint effect', { taints: [{ key: 'k' }] }, `${N}metadata.taints[0].effect: Required value`],
    [
      'requires valid pod CIDRs',
      { podCIDRs: ['10.244.0.0/33'] },
      `${N}spec.podCIDRs[0]: Invalid value: "10.244.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(node(spec))).toBe(message);
  });

  it('keeps a pod CIDR once assigned', () => {
    expect(updateError(node({ podCIDRs: ['10.244.1.0/24'] }), node({ podCIDRs: ['10.244.0.0/24'] }))).toBe(
      `${N}spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid`,
    );
  });

  it('allows cordoning', () => {
    expect(updateError(node({ unschedulable: true }), node({}))).toBeUndefined();
  });
});

describe('priority classes', () => {
  const PC = 'PriorityClass.scheduling.k8s.io ';
  it.each([
    ['accepts a user class', object('PriorityClass', { value: 1000 }), undefined],
    ['caps user classes at one billion', object('PriorityClass', { value: 2000000000 }), `${PC}"web" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000`],
    [
      'reserves the system- prefix',
      object('PriorityClass', { value: 10 }, { name: 'system-custom' }),
      `${PC}"system-custom" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-custom is not a known system priority class`,
    ],
    [
      'refuses unknown preemption policies',
      object('PriorityClass', { value: 10, preemptionPolicy: 'Sometimes' }),
      `${PC}"web" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"`,
    ],
  ])('%s', (_name, obj, message) => {
    expect(createError(obj)).toBe(message);
  });

  it('keeps the value', () => {
    expect(updateError(object('PriorityClass', { value: 20 }), object('PriorityClass', { value: 10 }))).toBe(
      `${PC}"web" is invalid: value: Forbidden: may not be changed in an update.`,
    );
  });
});

describe('quotas and limit ranges', () => {
  const RQ = 'ResourceQuota "web" is invalid: ';
  const LR = 'LimitRange "web" is invalid: ';
  const quota = (spec: Record<string, unknown>) => object('ResourceQuota', { spec });
  const limits = (...items: Record<string, unknown>[]) => object('LimitRange', { spec: { limits: items } });

  it.each([
    ['accepts counts and compute resources', quota({ hard: { pods: '10', 'requests.cpu': '4', 'count/deployments.apps': '5' } }), undefined],
    ['counts whole pods', quota({ hard: { pods: '1.5' } }), `${RQ}spec.hard[pods]: Invalid value: "1500m": must be an integer`],
    [
      'refuses conflicting scopes',
      quota({ hard: { pods: '1' }, scopes: ['BestEffort', 'NotBestEffort'] }),
      `${RQ}spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: conflicting scopes`,
    ],
    [
      'refuses scopes that do not apply to a resource',
      quota({ hard: { 'requests.cpu': '1' }, scopes: ['BestEffort'] }),
      `${RQ}spec.scopes: Invalid value: ["BestEffort"]: unsupported scope applied to resource`,
    ],
    ['accepts container limits', limits({ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' } }), undefined],
    ['refuses min above max', limits({ type: 'Pod', max: { cpu: '1' }, min: { cpu: '2' } }), `${LR}spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1`],
    ['refuses defaults for pods', limits({ type: 'Pod', default: { cpu: '1' } }), `${LR}spec.limits[0].default: Forbidden: may not be specified when \`type\` is 'Pod'`],
    ['refuses unknown limit types', limits({ type: 'Node' }), `${LR}spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified`],
    [
      'needs a storage bound for claims',
      limits({ type: 'PersistentVolumeClaim' }),
      `${LR}spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided`,
    ],
  ])('%s', (_name, obj, message) => {
    expect(createError(obj)).toBe(message);
  });

  it('keep quota scopes', () => {
    expect(updateError(quota({ hard: { pods: '1' }, scopes: ['Terminating'] }), quota({ hard: { pods: '1' } }))).toBe(`${RQ}spec.scopes: Invalid value: ["Terminating"]: field is immutable`);
  });
});

describe('endpoints, slices, events, leases and disruption budgets', () => {
  it.each([
    ['endpoints accept ready addresses', object('Endpoints', { subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }] }), undefined],
    [
      'endpoint subsets need addresses',
      object('Endpoints', { subsets: [{ ports: [{ port: 80 }] }] }),
      'Endpoints "web" is invalid: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    ],
    [
      'endpoint addresses may not be loopback',
      object('Endpoints', { subsets: [{ addresses: [{ ip: '127.0.0.1' }] }] }),
      'Endpoints "web" is invalid: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ],
    [
      "the API server's own endpoints may be loopback (kubelab listens on 127.0.0.1)",
      object('Endpoints', { subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443 }] }] }, { name: 'kubernetes' }),
      undefined,
    ],
    ['slices need an address type', object('EndpointSlice', {}), 'EndpointSlice.discovery.k8s.io "web" is invalid: addressType: Required value'],
    [
      'slice addresses match the address type',
      object('EndpointSlice', { addressType: 'IPv4', endpoints: [{ addresses: ['fd00::1'] }] }),
      'EndpointSlice.discovery.k8s.io "web" is invalid: endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    ],
    [
      'slice endpoints need an address',
      object('EndpointSlice', { addressType: 'IPv4', endpoints: [{ addresses: [] }] }),
      'EndpointSlice.discovery.k8s.io "web" is invalid: endpoints[0].addresses: Required value: must contain at least 1 address',
    ],
    [
      'events stay in their object\'s namespace',
      object('Event', { involvedObject: { kind: 'Pod', name: 'web', namespace: 'other' }, reason: 'Started' }),
      'Event "web" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ],
    ['events about cluster objects live in default', object('Event', { involvedObject: { kind: 'Node', name: 'n1' }, reason: 'Ready' }), undefined],
    [
      'leases last a positive time',
      object('Lease', { spec: { holderIdentity: 'a', leaseDurationSeconds: 0 } }),
      'Lease.coordination.k8s.io "web" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ],
    [
      'budgets set minAvailable or maxUnavailable, not both',
      object('PodDisruptionBudget', { spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } }),
      'PodDisruptionBudget.policy "web" is invalid: spec: Invalid value: {"minAvailable":1,"maxUnavailable":1,"selector":{"matchLabels":{"app":"web"}}}: minAvailable and maxUnavailable cannot be both set',
    ],
    [
      'budget percentages stay at or below 100%',
      object('PodDisruptionBudget', { spec: { maxUnavailable: '120%' } }),
      'PodDisruptionBudget.policy "web" is invalid: spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
    ],
  ])('%s', (_name, obj, message) => {
    expect(createError(obj)).toBe(message);
  });

  it('keep a slice\'s address type', () => {
    expect(updateError(object('EndpointSlice', { addressType: 'IPv6' }), object('EndpointSlice', { addressType: 'IPv4' }))).toBe(
      'EndpointSlice.discovery.k8s.io "web" is invalid: addressType: Invalid value: "IPv6": field is immutable',
    );
  });
});

describe('RBAC', () => {
  const R = 'Role.rbac.authorization.k8s.io "web" is invalid: ';
  const RB = 'RoleBinding.rbac.authorization.k8s.io "web" is invalid: ';
  const rule = (o: Record<string, unknown> = {}) => ({ apiGroups: [''], resources: ['pods'], verbs: ['get'], ...o });
  const binding = (roleRef: Record<string, unknown>, subjects: unknown[] = [{ kind: 'User', name: 'jane' }]) => object('RoleBinding', { roleRef, subjects });

  it.each([
    ['accepts a role', object('Role', { rules: [rule()] }), undefined],
    ['rules need verbs', object('Role', { rules: [rule({ verbs: [] })] }), `${R}rules[0].verbs: Required value: verbs must contain at least one value`],
    ['rules need API groups', object('Role', { rules: [rule({ apiGroups: undefined })] }), `${R}rules[0].apiGroups: Required value: resource rules must supply at least one api group`],
    [
      'roles cannot grant non-resource URLs',
      object('Role', { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }),
      `${R}rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs`,
    ],
    ['cluster roles can', object('ClusterRole', { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }), undefined],
    ['role names are path segments', object('Role', { rules: [] }, { name: 'a/b' }), `Role.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain '/'`],
    ['bindings reference roles', binding({ kind: 'User', name: 'x' }), `${RB}roleRef.kind: Unsupported value: "User": supported values: "Role", "ClusterRole"`],
    [
      'subjects are users, groups or service accounts',
      binding({ kind: 'Role', name: 'r' }, [{ kind: 'Robot', name: 'r2d2' }]),
      `${RB}subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"`,
    ],
    [
      'cluster bindings name the service account\'s namespace',
      object('ClusterRoleBinding', { roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] }),
      'ClusterRoleBinding.rbac.authorization.k8s.io "web" is invalid: subjects[0].namespace: Required value',
    ],
  ])('%s', (_name, obj, message) => {
    expect(createError(obj)).toBe(message);
  });

  it('keeps a binding\'s roleRef', () => {
    expect(updateError(binding({ kind: 'Role', name: 'b' }), binding({ kind: 'Role', name: 'a' }))).toBe(
      `${RB}roleRef: Invalid value: {"kind":"Role","name":"b","apiGroup":"rbac.authorization.k8s.io"}: cannot change roleRef`,
    );
  });

  it('lets subjects change', () => {
    expect(updateError(binding({ kind: 'Role', name: 'a' }, [{ kind: 'Group', name: 'devs' }]), binding({ kind: 'Role', name: 'a' }))).toBeUndefined();
  });
});
