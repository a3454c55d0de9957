import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { DAY, HOUR, MINUTE, SECOND, ago, headers, meta, row } from '../builders.js';

const at = (kind: string, apiVersion: string, fields: Record<string, unknown>, metadata = meta('x', 3 * DAY)): KubeObject => ({
  apiVersion,
  kind,
  metadata,
  ...fields,
});

describe('configuration kinds', () => {
  it.each<[string, string, string, KubeObject, Record<string, unknown>]>([
    ['a namespace shows its phase', '', 'Namespace', at('Namespace', 'v1', { status: { phase: 'Terminating' } }), { Status: 'Terminating' }],
    ['a namespace without a phase reads Active', '', 'Namespace', at('Namespace', 'v1', {}), { Status: 'Active' }],
    [
      'a config map counts data and binaryData keys',
      '',
      'ConfigMap',
      at('ConfigMap', 'v1', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
      { Data: 3 },
    ],
    ['a config map without data counts 0', '', 'ConfigMap', at('ConfigMap', 'v1', {}), { Data: 0 }],
    [
      'a secret shows its type and key count',
      '',
      'Secret',
      at('Secret', 'v1', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' } }),
      { Type: 'kubernetes.io/tls', Data: 2 },
    ],
    ['a secret without a type is Opaque', '', 'Secret', at('Secret', 'v1', { stringData: { password: 'x' } }), { Type: 'Opaque', Data: 1 }],
    ['a service account counts its secrets', '', 'ServiceAccount', at('ServiceAccount', 'v1', { secrets: [{ name: 't' }] }), { Secrets: 1 }],
    [
      'a lease shows its holder',
      'coordination.k8s.io',
      'Lease',
      at('Lease', 'coordination.k8s.io/v1', { spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }),
      { Holder: 'node-1' },
    ],
    ['a lease nobody holds shows an empty holder', 'coordination.k8s.io', 'Lease', at('Lease', 'coordination.k8s.io/v1', { spec: {} }), { Holder: '' }],
    [
      'a disruption budget shows min available and N/A for max unavailable',
      'policy',
      'PodDisruptionBudget',
      at('PodDisruptionBudget', 'policy/v1', { spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }),
      { 'Min Available': '2', 'Max Unavailable': 'N/A', 'Allowed Disruptions': 1 },
    ],
    [
      'a disruption budget shows a percentage as written',
      'policy',
      'PodDisruptionBudget',
      at('PodDisruptionBudget', 'policy/v1', { spec: { maxUnavailable: '25%' } }),
      { 'Min Available': 'N/A', 'Max Unavailable': '25%', 'Allowed Disruptions': 0 },
    ],
    [
      'a priority class shows value, default and preemption policy',
      'scheduling.k8s.io',
      'PriorityClass',
      at('PriorityClass', 'scheduling.k8s.io/v1', { value: 1000000, globalDefault: true, preemptionPolicy: 'Never' }),
      { Value: 1000000, 'Global-Default': true, PreemptionPolicy: 'Never' },
    ],
    [
      'a priority class without a policy preempts lower priorities',
      'scheduling.k8s.io',
      'PriorityClass',
      at('PriorityClass', 'scheduling.k8s.io/v1', { value: 10 }),
      { 'Global-Default': false, PreemptionPolicy: 'PreemptLowerPriority' },
    ],
  ])('%s', (_name, group, kind, obj, want) => {
    expect(row(group, kind, obj)).toMatchObject(want);
  });

  it('a priority class shows its preemption policy without -o wide, as upstream does', () => {
    expect(headers('scheduling.k8s.io', 'PriorityClass')).toEqual(['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
  });
});

describe('event columns', () => {
  const event = (fields: Record<string, unknown>): KubeObject =>
    at('Event', 'v1', {
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      type: 'Warning',
      reason: 'BackOff',
      message: '  Back-off restarting failed container\n',
      source: { component: 'kubelet', host: 'node-1' },
      ...fields,
    }, meta('web-1.17f', HOUR));

  it('shows a core event with all its columns', () => {
    expect(row('', 'Event', event({ firstTimestamp: ago(HOUR), lastTimestamp: ago(30 * SECOND), count: 12 }))).toEqual({
      'Last Seen': '30s',
      Type: 'Warning',
      Reason: 'BackOff',
      Object: 'pod/web-1',
      Subobject: 'spec.containers{web}',
      Source: 'kubelet, node-1',
      Message: 'Back-off restarting failed container',
      'First Seen': '60m',
      Count: 12,
      Name: 'web-1.17f',
    });
  });

  it('falls back to eventTime, the reporting controller and a count of one for events.k8s.io events', () => {
    const ev = event({ eventTime: '2025-06-01T11:58:00.123456Z', source: {}, reportingComponent: 'default-scheduler', reportingInstance: '' });
    expect(row('', 'Event', ev)).toMatchObject({ 'Last Seen': '119s', 'First Seen': '119s', Source: 'default-scheduler', Count: 1 });
  });

  it('takes last seen and count from a series', () => {
    const ev = event({ eventTime: ago(10 * MINUTE), series: { count: 4, lastObservedTime: '2025-06-01T11:59:50.000000Z' } });
    expect(row('', 'Event', ev)).toMatchObject({ 'Last Seen': '10s', 'First Seen': '10m', Count: 4 });
  });

  it('shows <unknown> times for an event without any, and the bare kind without a name', () => {
    expect(row('', 'Event', event({ involvedObject: { kind: 'Node' } }))).toMatchObject({ 'Last Seen': '<unknown>', Object: 'node' });
  });

  it('leads with LAST SEEN and keeps the name for -o wide', () => {
    expect(headers('', 'Event')).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject (wide)',
      'Source (wide)',
      'Message',
      'First Seen (wide)',
      'Count (wide)',
      'Name (wide)',
    ]);
  });
});

describe('storage columns', () => {
  it('shows a bound persistent volume', () => {
    const pv = at('PersistentVolume', 'v1', {
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'standard',
        volumeMode: 'Block',
      },
      status: { phase: 'Bound' },
    });
    expect(row('', 'PersistentVolume', pv)).toEqual({
      Name: 'x',
      Capacity: '10Gi',
      'Access Modes': 'RWO,RWX',
      'Reclaim Policy': 'Delete',
      Status: 'Bound',
      Claim: 'default/data',
      StorageClass: 'standard',
      VolumeAttributesClass: '<unset>',
      Reason: '',
      Age: '3d',
      VolumeMode: 'Block',
    });
  });

  it('reads a bare persistent volume as decoding defaults it, and Terminating while deleted', () => {
    const pv = at('PersistentVolume', 'v1', { spec: {} }, meta('x', DAY, { deletionTimestamp: ago(SECOND) }));
    expect(row('', 'PersistentVolume', pv)).toMatchObject({
      Capacity: '0',
      'Reclaim Policy': 'Retain',
      Status: 'Terminating',
      Claim: '',
      VolumeMode: 'Filesystem',
    });
  });

  it('prefers the beta storage-class annotation, even when empty', () => {
    const pv = at('PersistentVolume', 'v1', { spec: { storageClassName: 'fast' } }, meta('x', DAY, { annotations: { 'volume.beta.kubernetes.io/storage-class': '' } }));
    expect(row('', 'PersistentVolume', pv)['StorageClass']).toBe('');
  });

  it('shows capacity and access modes of a claim only once it names a volume', () => {
    const status = { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOncePod'] };
    const pending = at('PersistentVolumeClaim', 'v1', { spec: { storageClassName: 'standard' }, status: { ...status, phase: 'Pending' } });
    const bound = at('PersistentVolumeClaim', 'v1', { spec: { storageClassName: 'standard', volumeName: 'pv-1' }, status });
    expect(row('', 'PersistentVolumeClaim', pending)).toMatchObject({ Status: 'Pending', Volume: '', Capacity: '', 'Access Modes': '' });
    expect(row('', 'PersistentVolumeClaim', bound)).toMatchObject({
      Status: 'Bound',
      Volume: 'pv-1',
      Capacity: '1Gi',
      'Access Modes': 'RWOP',
      StorageClass: 'standard',
      VolumeAttributesClass: '<unset>',
      VolumeMode: 'Filesystem',
    });
  });

  it.each<[string, Record<string, unknown>, KubeObject['metadata'], Record<string, unknown>]>([
    [
      'marks the default storage class and fills in the defaults',
      { provisioner: 'rancher.io/local-path' },
      meta('standard', DAY, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      { Name: 'standard (default)', Provisioner: 'rancher.io/local-path', ReclaimPolicy: 'Delete', VolumeBindingMode: 'Immediate', AllowVolumeExpansion: false },
    ],
    [
      'honours the beta default annotation and explicit settings',
      { provisioner: 'csi.example.com', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true },
      meta('fast', DAY, { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }),
      { Name: 'fast (default)', ReclaimPolicy: 'Retain', VolumeBindingMode: 'WaitForFirstConsumer', AllowVolumeExpansion: true },
    ],
    [
      'does not mark a class whose default annotation is not "true"',
      { provisioner: 'p' },
      meta('slow', DAY, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } }),
      { Name: 'slow' },
    ],
  ])('a storage class: %s', (_name, fields, metadata, want) => {
    expect(row('storage.k8s.io', 'StorageClass', at('StorageClass', 'storage.k8s.io/v1', fields, metadata))).toMatchObject(want);
  });

  it('splits quota usage into requests and limits, in resource order', () => {
    const quota = at('ResourceQuota', 'v1', {
      status: {
        hard: { 'limits.memory': '2Gi', pods: '10', 'requests.cpu': '1', 'limits.cpu': '2', 'count/deployments.apps': '5' },
        used: { 'limits.memory': '512Mi', pods: '3', 'requests.cpu': '250m', 'limits.cpu': '500m' },
      },
    });
    expect(row('', 'ResourceQuota', quota)).toMatchObject({
      Request: 'count/deployments.apps: 0/5, pods: 3/10, requests.cpu: 250m/1',
      Limit: 'limits.cpu: 500m/2, limits.memory: 512Mi/2Gi',
    });
  });
});

describe('RBAC kinds and kinds without a printer', () => {
  it('shows a role binding with its role and, wide, its subjects by kind', () => {
    const rb = at('RoleBinding', 'rbac.authorization.k8s.io/v1', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
        { kind: 'User', name: 'bob' },
      ],
    });
    expect(row('rbac.authorization.k8s.io', 'RoleBinding', rb)).toEqual({
      Name: 'x',
      Role: 'ClusterRole/view',
      Age: '3d',
      Users: 'alice, bob',
      Groups: 'devs',
      ServiceAccounts: 'tools/ci',
    });
  });

  it('shows a cluster role binding the same way', () => {
    const crb = at('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } });
    expect(row('rbac.authorization.k8s.io', 'ClusterRoleBinding', crb)).toMatchObject({ Role: 'ClusterRole/cluster-admin', Users: '', Groups: '' });
  });

  it.each([
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['', 'LimitRange'],
    ['example.com', 'Widget'],
  ])('%s %s gets the default table: NAME and CREATED AT', (group, kind) => {
    const obj = at(kind, 'v1', {}, meta('x', 3 * DAY));
    expect(headers(group, kind)).toEqual(['Name', 'Created At']);
    expect(row(group, kind, obj)).toEqual({ Name: 'x', 'Created At': '2025-05-29T12:00:00Z' });
  });

  it('prints a missing creation time as Go zero time in the default table', () => {
    expect(row('', 'LimitRange', at('LimitRange', 'v1', {}, { name: 'x' }))['Created At']).toBe('0001-01-01T00:00:00Z');
  });
});
