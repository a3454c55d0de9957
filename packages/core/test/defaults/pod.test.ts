import { describe, expect, it } from 'vitest';
import { container, defaulted, deployment, object, pod } from '../write-path.js';

const spec = (o: Record<string, unknown>) => defaulted(o as never)['spec'] as Record<string, any>;

describe('pod defaults', () => {
  it('fill a minimal pod the way kube-apiserver stores it', () => {
    expect(defaulted(pod({ containers: [{ name: 'app', image: 'nginx' }] }))['spec']).toEqual({
      containers: [
        {
          name: 'app',
          image: 'nginx',
          imagePullPolicy: 'Always',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['docker.io/library/nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/team/app', 'Always'],
    ['registry.example.com:5000/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
  ])('pull %s with %s', (image, policy) => {
    expect(spec(pod({ containers: [container({ image })] })).containers[0].imagePullPolicy).toBe(policy);
  });

  it('keep a pull policy the user chose', () => {
    expect(spec(pod({ containers: [container({ image: 'nginx', imagePullPolicy: 'Never' })] })).containers[0].imagePullPolicy).toBe('Never');
  });

  it('default requests to limits and write quantities canonically', () => {
    const c = spec(pod({ containers: [container({ resources: { limits: { cpu: '0.5', memory: '1024Mi' }, requests: { cpu: '100m' } } })] })).containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } });
  });

  it('round resource quantities up to milli precision', () => {
    const c = spec(pod({ containers: [container({ resources: { requests: { cpu: '0.0001' } } })] })).containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '1m' } });
  });

  it('give ports the TCP protocol', () => {
    const c = spec(pod({ containers: [container({ ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] })] })).containers[0];
    expect(c.ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
    ]);
  });

  it('publish container ports on the host for host-network pods', () => {
    const c = spec(pod({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 80 }] })] })).containers[0];
    expect(c.ports).toEqual([{ containerPort: 80, hostPort: 80, protocol: 'TCP' }]);
  });

  it('fill probe timings and the HTTP path and scheme', () => {
    const c = spec(pod({ containers: [container({ readinessProbe: { httpGet: { port: 8080 } }, livenessProbe: { grpc: { port: 9000 } } })] })).containers[0];
    expect(c.readinessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.livenessProbe.grpc).toEqual({ port: 9000, service: '' });
  });

  it('fill lifecycle hook HTTP paths', () => {
    const c = spec(pod({ containers: [container({ lifecycle: { preStop: { httpGet: { port: 80 } } } })] })).containers[0];
    expect(c.lifecycle).toEqual({ preStop: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } } });
  });

  it('give downward API field references apiVersion v1', () => {
    const env = [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }];
    expect(spec(pod({ containers: [container({ env })] })).containers[0].env[0].valueFrom.fieldRef).toEqual({ fieldPath: 'spec.nodeName', apiVersion: 'v1' });
  });

  it.each([
    ['a volume without a source becomes an emptyDir', { name: 'v' }, { name: 'v', emptyDir: {} }],
    ['configMap volumes get mode 0644', { name: 'v', configMap: { name: 'c' } }, { name: 'v', configMap: { name: 'c', defaultMode: 420 } }],
    ['secret volumes get mode 0644', { name: 'v', secret: { secretName: 's' } }, { name: 'v', secret: { secretName: 's', defaultMode: 420 } }],
    ['hostPath volumes get an empty type', { name: 'v', hostPath: { path: '/srv' } }, { name: 'v', hostPath: { path: '/srv', type: '' } }],
    ['emptyDir size limits are canonical', { name: 'v', emptyDir: { sizeLimit: '1024Mi' } }, { name: 'v', emptyDir: { sizeLimit: '1Gi' } }],
    [
      'projected tokens expire after an hour',
      { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      { name: 'v', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
    ],
  ])('%s', (_name, volume, expected) => {
    expect(spec(pod({ volumes: [volume] })).volumes).toEqual([expected]);
  });

  it('do not set preemptionPolicy or priority (the Priority admission plugin does)', () => {
    const s = spec(pod());
    expect(s.preemptionPolicy).toBeUndefined();
    expect(s.priority).toBeUndefined();
  });

  it('leave values the user set', () => {
    const s = spec(pod({ restartPolicy: 'Never', dnsPolicy: 'Default', terminationGracePeriodSeconds: 0, enableServiceLinks: false }));
    expect([s.restartPolicy, s.dnsPolicy, s.terminationGracePeriodSeconds, s.enableServiceLinks]).toEqual(['Never', 'Default', 0, false]);
  });
});

describe('pod template defaults', () => {
  const tpl = (limits: Record<string, string>) =>
    spec(deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container({ resources: { limits } })] } } })).template;

  it('fill the pod spec but not the pod-only fields', () => {
    const t = tpl({ cpu: '1' });
    expect(t.spec.containers[0].resources).toEqual({ limits: { cpu: '1' } });
    expect(t.spec.enableServiceLinks).toBeUndefined();
    expect(t.spec.restartPolicy).toBe('Always');
  });

  it('write creationTimestamp: null in the template metadata, as 1.32 serializes it', () => {
    expect(tpl({}).metadata).toEqual({ labels: { app: 'web' }, creationTimestamp: null });
  });

  it('reach StatefulSet claim templates', () => {
    const sts = object('StatefulSet', {
      spec: {
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [container()] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } }],
      },
    });
    expect(spec(sts).volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', creationTimestamp: null },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ]);
  });
});
