import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubelab/core/api/meta';
import { applyPatch } from './apply.js';
import { lastApplied, withLastApplied } from './last-applied.js';

function deployment(image: string, value: string, port: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web2', labels: { app: 'web2' }, namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web2' } },
      template: {
        metadata: { labels: { app: 'web2' } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: port }], env: [{ name: 'A', value }] }] },
      },
    },
  };
}

/** The live object after `kubectl apply` of `applied` and `kubectl scale --replicas=4`, with server defaults. */
function live(applied: KubeObject): KubeObject {
  const obj = withLastApplied(applied).modified as KubeObject & { spec: Record<string, unknown> };
  obj.metadata = { ...obj.metadata, uid: 'u1', resourceVersion: '42', generation: 2, creationTimestamp: '2026-11-24T05:22:00Z' };
  obj.spec = { ...obj.spec, replicas: 4, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } };
  const tmpl = obj.spec['template'] as { spec: { containers: Array<Record<string, unknown>>; [k: string]: unknown } };
  tmpl.spec.containers = tmpl.spec.containers.map((c) => ({ ...c, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }));
  tmpl.spec['restartPolicy'] = 'Always';
  obj['status'] = { replicas: 4, readyReplicas: 4 };
  return obj;
}

describe('kubectl apply, client side', () => {
  it('writes the last-applied annotation as kubectl does: sorted keys, empty annotations kept, trailing newline', () => {
    const { annotation } = withLastApplied({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ap1', namespace: 'default' }, data: { a: '1' } });
    expect(annotation).toBe('{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"ap1","namespace":"default"}}\n');
  });

  it('computes the same three-way strategic merge patch as kubectl 1.32 (recorded from kubectl apply -v=9)', () => {
    const before = deployment('nginx:1.26', '2', 80);
    const after = deployment('nginx:1.27', '3', 8080);
    const patch = applyPatch(after, live(before));
    // kubectl's PATCH body for the same three objects.
    const expected = JSON.parse(
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{},\\"labels\\":{\\"app\\":\\"web2\\"},\\"name\\":\\"web2\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"replicas\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web2\\"}},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web2\\"}},\\"spec\\":{\\"containers\\":[{\\"env\\":[{\\"name\\":\\"A\\",\\"value\\":\\"3\\"}],\\"image\\":\\"nginx:1.27\\",\\"name\\":\\"nginx\\",\\"ports\\":[{\\"containerPort\\":8080}]}]}}}}\\n"}},"spec":{"replicas":2,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"$setElementOrder/env":[{"name":"A"}],"$setElementOrder/ports":[{"containerPort":8080}],"env":[{"name":"A","value":"3"}],"image":"nginx:1.27","name":"nginx","ports":[{"containerPort":8080},{"$patch":"delete","containerPort":80}]}]}}}}',
    );
    expect(patch).toEqual(expected);
  });

  it('finds nothing to change when the manifest is applied again ("unchanged")', () => {
    const manifest = deployment('nginx:1.26', '2', 80);
    const current = live(manifest) as KubeObject & { spec: Record<string, unknown> };
    current.spec['replicas'] = 2;
    expect(applyPatch(manifest, current)).toEqual({});
  });

  it('keeps fields others set that were never applied, and removes what the user dropped', () => {
    const before: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1', b: '2' } };
    const current = withLastApplied(before).modified;
    (current as { data: Record<string, string> }).data['other'] = 'kept';
    const after: KubeObject = { ...before, data: { a: '1' } };
    const patch = applyPatch(after, current) as { data?: Record<string, unknown> };
    expect(patch.data).toEqual({ b: null });
    expect(lastApplied({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'not json' } } })).toBeUndefined();
  });
});
