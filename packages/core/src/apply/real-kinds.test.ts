/**
 * Server-side apply and strategic merge patch against kubelab's real schemas, compared with
 * what a Kubernetes 1.32 cluster records and answers.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/meta.js';
import { schemaForKind } from '../schema/index.js';
import { applyStrategicMergePatch, createTwoWayMergePatch } from '../patch/strategic-merge.js';
import { applyServerSide, updateManagedFields } from './field-manager.js';

const deploymentSchema = schemaForKind('apps/v1', 'Deployment');
const podSchema = schemaForKind('v1', 'Pod');
const T = '2024-05-01T10:00:00Z';

/** `kubectl create deployment web --image=nginx` after upstream's defaulting. */
function defaultedDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              imagePullPolicy: 'Always',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  } as KubeObject;
}

const opts = { schema: deploymentSchema, apiVersion: 'apps/v1', kind: 'Deployment', now: T, resetFields: [['status']] };

describe('with the real Deployment schema', () => {
  it('records kubectl create as a real cluster does (but for rollingUpdate’s ".")', () => {
    const out = updateManagedFields(undefined, defaultedDeployment(), 'kubectl-create', opts);
    const labels = { 'f:labels': { '.': {}, 'f:app': {} } };
    expect(out.metadata?.managedFields?.[0]?.fieldsV1).toEqual({
      'f:metadata': labels,
      'f:spec': {
        'f:progressDeadlineSeconds': {},
        'f:replicas': {},
        'f:revisionHistoryLimit': {},
        'f:selector': {},
        // Upstream also writes ".": {} here: rollingUpdate is a pointer in Go, which a schema cannot tell.
        'f:strategy': { 'f:rollingUpdate': { 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': labels,
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:imagePullPolicy': {},
                'f:name': {},
                'f:resources': {},
                'f:terminationMessagePath': {},
                'f:terminationMessagePolicy': {},
              },
            },
            'f:dnsPolicy': {},
            'f:restartPolicy': {},
            'f:schedulerName': {},
            'f:securityContext': {},
            'f:terminationGracePeriodSeconds': {},
          },
        },
      },
    });
  });

  it('lets an HPA-style updater take replicas, then conflicts with the applier', () => {
    const config = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } };
    const applied = applyServerSide(undefined, config, 'kubectl', false, opts);
    const live = { ...applied, metadata: { ...applied.metadata, uid: 'u' } };
    const scaled = updateManagedFields(live, { ...live, spec: { replicas: 6 } }, 'kube-controller-manager', opts);
    expect(() => applyServerSide(scaled, { ...config, spec: { replicas: 3 } }, 'kubectl', false, opts)).toThrow(
      'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas',
    );
  });
});

describe('with the real Pod schema', () => {
  const pod = (containers: unknown[], volumes?: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: volumes ? { containers, volumes } : { containers },
  });

  it('merges env by name and ports by containerPort', () => {
    const live = pod([{ name: 'c', image: 'x', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }] }]);
    const out = applyStrategicMergePatch(live, { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] }] } }, podSchema);
    const c = (out.spec as { containers: Record<string, unknown>[] }).containers[0]!;
    expect(c.env).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });

  it('switches a volume source through the two-way patch and $retainKeys', () => {
    const before = pod([{ name: 'c', image: 'x' }], [{ name: 'v', configMap: { name: 'cm' } }]);
    const after = pod([{ name: 'c', image: 'x' }], [{ name: 'v', emptyDir: {} }]);
    const patch = createTwoWayMergePatch(before, after, podSchema);
    expect((patch.spec as Record<string, unknown>).volumes).toEqual([
      { name: 'v', emptyDir: {}, configMap: null, $retainKeys: ['emptyDir', 'name'] },
    ]);
    expect(applyStrategicMergePatch(before, patch, podSchema)).toEqual(after);
  });
});
