import { describe, expect, it } from 'vitest';
import { container, defaulted, object, template } from '../write-path.js';

const get = (obj: Record<string, unknown>, key = 'spec') => defaulted(obj as never)[key] as Record<string, any>;
const withoutTemplate = (s: Record<string, any>) => {
  const { template: _t, jobTemplate: _j, selector: _s, ...rest } = s;
  return rest;
};

describe('workload defaults', () => {
  it.each([
    [
      'Deployment: one replica, RollingUpdate 25%/25%, 10 revisions, a 600s deadline',
      object('Deployment', { spec: { selector: { matchLabels: { app: 'web' } }, template: template() } }),
      {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    ],
    [
      'Deployment with Recreate gets no rollingUpdate',
      object('Deployment', { spec: { replicas: 3, strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'web' } }, template: template() } }),
      { replicas: 3, strategy: { type: 'Recreate' }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    ],
    ['ReplicaSet: one replica', object('ReplicaSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: template() } }), { replicas: 1 }],
    [
      'DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions',
      object('DaemonSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: template() } }),
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 },
    ],
    [
      'StatefulSet: OrderedReady, RollingUpdate from partition 0, claims retained, one replica',
      object('StatefulSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: template(), serviceName: 'web' } }),
      {
        serviceName: 'web',
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        replicas: 1,
        revisionHistoryLimit: 10,
      },
    ],
    [
      'StatefulSet with OnDelete gets no rollingUpdate',
      object('StatefulSet', { spec: { updateStrategy: { type: 'OnDelete' }, selector: { matchLabels: { app: 'web' } }, template: template() } }),
      {
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'OnDelete' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        replicas: 1,
        revisionHistoryLimit: 10,
      },
    ],
    [
      'CronJob: Allow, not suspended, 3 successful and 1 failed job kept',
      object('CronJob', { spec: { schedule: '@hourly', jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } } } }),
      { schedule: '@hourly', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
    ],
  ])('%s', (_name, obj, expected) => {
    expect(withoutTemplate(get(obj))).toEqual(expected);
  });

  it('CronJob job templates carry the template metadata and pod defaults', () => {
    const cj = object('CronJob', { spec: { schedule: '@hourly', jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } } } });
    const jt = get(cj).jobTemplate;
    expect(jt.metadata).toEqual({ creationTimestamp: null });
    expect(jt.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    expect(jt.spec.completions).toBeUndefined();
  });
});

describe('job defaults', () => {
  const job = (spec: Record<string, unknown> = {}, labels: Record<string, string> | undefined = undefined) =>
    object('Job', { spec: { template: { metadata: labels ? { labels } : {}, spec: { restartPolicy: 'Never', containers: [container()] } }, ...spec } }, { uid: 'u-1' });

  it('count one completion with parallelism 1, six retries, NonIndexed, not suspended', () => {
    expect(withoutTemplate(get(job()))).toEqual({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
  });

  it('leave completions unset for a work queue (parallelism given)', () => {
    const s = get(job({ parallelism: 3 }));
    expect([s.completions, s.parallelism]).toEqual([undefined, 3]);
  });

  it('use Failed replacement with a pod failure policy, and default condition statuses to True', () => {
    const s = get(job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }));
    expect(s.podReplacementPolicy).toBe('Failed');
    expect(s.podFailurePolicy.rules[0].onPodConditions).toEqual([{ type: 'DisruptionTarget', status: 'True' }]);
  });

  it('generate the selector and pod labels from the uid and name', () => {
    const j = defaulted(job());
    const s = j['spec'] as Record<string, any>;
    const generated = { 'batch.kubernetes.io/controller-uid': 'u-1', 'batch.kubernetes.io/job-name': 'web', 'controller-uid': 'u-1', 'job-name': 'web' };
    expect(s.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(s.template.metadata.labels).toEqual(generated);
    // A job without labels of its own reads back with its pods' labels.
    expect(j.metadata?.labels).toEqual(generated);
  });

  it('give the job its template labels when the user set some', () => {
    expect(defaulted(job({}, { app: 'batch' })).metadata?.labels).toEqual({ app: 'batch' });
  });

  it('leave a manual selector alone', () => {
    const s = get(job({ manualSelector: true, selector: { matchLabels: { app: 'x' } } }, { app: 'x' }));
    expect(s.selector).toEqual({ matchLabels: { app: 'x' } });
    expect(s.template.metadata.labels).toEqual({ app: 'x' });
  });
});

describe('service defaults', () => {
  const svc = (spec: Record<string, unknown>) => get(object('Service', { spec }));

  it('make a ClusterIP service with sessionAffinity None, TCP ports, targetPort = port, Cluster traffic, SingleStack IPv4', () => {
    expect(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] })).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it.each([
    ['NodePort services get externalTrafficPolicy Cluster', { type: 'NodePort', ports: [{ port: 80 }] }, 'externalTrafficPolicy', 'Cluster'],
    ['LoadBalancers allocate node ports', { type: 'LoadBalancer', ports: [{ port: 80 }] }, 'allocateLoadBalancerNodePorts', true],
    ['ClusterIP services without external IPs get no externalTrafficPolicy', { ports: [{ port: 80 }] }, 'externalTrafficPolicy', undefined],
    ['a named targetPort is kept', { ports: [{ port: 80, targetPort: 'http' }] }, 'ports', [{ port: 80, targetPort: 'http', protocol: 'TCP' }]],
    ['a clusterIP fills clusterIPs', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] }, 'clusterIPs', ['10.96.0.10']],
    ['headless services without a selector require dual stack', { clusterIP: 'None' }, 'ipFamilyPolicy', 'RequireDualStack'],
    ['ExternalName services get no IP families', { type: 'ExternalName', externalName: 'example.com' }, 'ipFamilies', undefined],
    [
      'ClientIP affinity gets a three-hour timeout',
      { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] },
      'sessionAffinityConfig',
      { clientIP: { timeoutSeconds: 10800 } },
    ],
  ])('%s', (_name, spec, key, value) => {
    expect(svc(spec)[key]).toEqual(value);
  });
});

describe('defaults of other kinds', () => {
  it.each([
    ['Secret: type Opaque', object('Secret', { data: { a: 'eA==' } }), 'type', 'Opaque'],
    ['Secret: stringData merges into data as base64', object('Secret', { data: { a: 'eA==' }, stringData: { b: 'héllo' } }), 'data', { a: 'eA==', b: 'aMOpbGxv' }],
    [
      'PersistentVolume: Retain and Filesystem',
      object('PersistentVolume', { spec: { capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/srv' } } }),
      'spec',
      {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/srv', type: '' },
        persistentVolumeReclaimPolicy: 'Retain',
        volumeMode: 'Filesystem',
      },
    ],
    [
      'PersistentVolumeClaim: Filesystem',
      object('PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
      'spec',
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
    ],
    ['PriorityClass: PreemptLowerPriority', object('PriorityClass', { value: 1000 }), 'preemptionPolicy', 'PreemptLowerPriority'],
    ['StorageClass: Delete', object('StorageClass', { provisioner: 'example.com/x' }), 'reclaimPolicy', 'Delete'],
    ['StorageClass: Immediate binding', object('StorageClass', { provisioner: 'example.com/x' }), 'volumeBindingMode', 'Immediate'],
    [
      'RoleBinding: API groups for the role and for users, none for service accounts',
      object('RoleBinding', {
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'User', name: 'jane' },
          { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
        ],
      }),
      'subjects',
      [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'default', apiGroup: '' },
      ],
    ],
    [
      'EndpointSlice: ports named "" with TCP',
      object('EndpointSlice', { addressType: 'IPv4', ports: [{ port: 80 }] }),
      'ports',
      [{ port: 80, name: '', protocol: 'TCP' }],
    ],
    ['Endpoints: TCP ports', object('Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }), 'subsets', [
      { addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]],
    [
      'LimitRange: container defaults from max, default requests from defaults and min',
      object('LimitRange', { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } }),
      'spec',
      { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } }] },
    ],
    [
      'Node: allocatable from capacity',
      object('Node', { status: { capacity: { cpu: '4', memory: '8192Mi' } } }),
      'status',
      { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '4', memory: '8Gi' } },
    ],
  ])('%s', (_name, obj, key, value) => {
    expect(get(obj, key)).toEqual(value);
  });

  it('Namespace: labelled with its own name', () => {
    expect(defaulted(object('Namespace', {}, { name: 'team-a' })).metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('Event: the fields core/v1 always writes read back empty', () => {
    const ev = defaulted(object('Event', { involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' }, reason: 'Started' }));
    expect([ev['reportingComponent'], ev['reportingInstance'], ev['firstTimestamp'], ev['eventTime'], ev['source']]).toEqual(['', '', null, null, {}]);
  });
});

describe('empty resource lists', () => {
  it('are not created, since upstream omits them from JSON', () => {
    const lr = defaulted(object('LimitRange', { spec: { limits: [{ type: 'Container', max: {} }] } }));
    expect((lr['spec'] as Record<string, unknown>)['limits']).toEqual([{ type: 'Container', max: {} }]);
    const p = defaulted(object('Pod', { spec: { containers: [container({ resources: { limits: {} } })] } }));
    expect((p['spec'] as Record<string, any>).containers[0].resources).toEqual({ limits: {} });
  });
});
