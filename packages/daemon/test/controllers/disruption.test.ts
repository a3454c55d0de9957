import { type KubeObject, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS, PODS, REPLICA_SETS, type TestCluster, startCluster } from './cluster.js';
import { FakeKubelet, podSpec } from './fake-kubelet.js';

const PDBS = resourceFor('policy', 'v1', 'poddisruptionbudgets')!;

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

function pdb(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } };
}

async function runningPods(names: string[], extra: Parameters<typeof podSpec>[2] = {}): Promise<void> {
  const kubelet = new FakeKubelet(cluster.client, cluster.clock);
  for (const [i, name] of names.entries()) {
    await cluster.client.create(PODS, podSpec('default', name, { labels: { app: 'web' }, nodeName: 'node-a', ...extra }));
    await kubelet.runPod('default', name, { ip: `10.244.1.${i + 10}` });
  }
}

/** POST pods/<name>/eviction, as `kubectl drain` does. */
async function evict(name: string): Promise<{ status: number; body: { message?: string; reason?: string; details?: { causes?: unknown[] } } }> {
  const res = await cluster.client.transport.request('POST', `/api/v1/namespaces/default/pods/${name}/eviction`, {
    body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }),
    contentType: 'application/json',
  });
  return { status: res.status, body: JSON.parse(res.body) };
}

async function statusOf(name: string): Promise<Record<string, unknown>> {
  return (await cluster.client.get(PDBS, name, { namespace: 'default' }))['status'] as Record<string, unknown>;
}

describe('disruption controller', () => {
  it('allows exactly currentHealthy − minAvailable evictions, then the eviction API answers 429', async () => {
    cluster = await startCluster({ controllers: ['disruption-controller'] });
    await runningPods(['web-1', 'web-2', 'web-3']);
    await cluster.client.create(PDBS, pdb('web', { minAvailable: 2 }));
    const status = await cluster.eventually(async () => {
      const s = await statusOf('web');
      expect(s['observedGeneration']).toBe(1);
      return s;
    });
    expect(status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 });
    expect(status['conditions']).toEqual([
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', observedGeneration: 1 }),
    ]);

    const first = await evict('web-1');
    expect(first.status).toBe(201);
    const second = await evict('web-2');
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
    });
    // web-1 is being deleted (its kubelet has the grace period): it no longer counts.
    await cluster.eventually(async () =>
      expect(await statusOf('web')).toMatchObject({
        currentHealthy: 2,
        disruptionsAllowed: 0,
        conditions: [expect.objectContaining({ status: 'False', reason: 'InsufficientPods' })],
      }),
    );
    expect((await cluster.client.get(PODS, 'web-2', { namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('takes the expected count from the pods’ controller for a percentage, and warns about pods without one', async () => {
    cluster = await startCluster({ controllers: ['disruption-controller'] });
    const rs = await cluster.client.create<KubeObject>(REPLICA_SETS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-7c9f', namespace: 'default' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      },
    });
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9f', uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    // Three of the four replicas are up.
    await runningPods(['web-1', 'web-2', 'web-3'], { ownerReferences: [owner] });
    await cluster.client.create(PDBS, pdb('half', { maxUnavailable: '50%' }));
    await cluster.eventually(async () =>
      expect(await statusOf('half')).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 }),
    );

    await runningPods(['stray'], { labels: { app: 'other' } });
    await cluster.client.create(PDBS, {
      ...pdb('strays', { minAvailable: '50%' }),
      spec: { selector: { matchLabels: { app: 'other' } }, minAvailable: '50%' },
    });
    await cluster.eventually(async () => {
      const events = (await cluster.client.list(EVENTS, { namespace: 'default' })).items as Array<KubeObject & { reason: string; involvedObject: { name: string } }>;
      expect(events.filter((e) => e.involvedObject.name === 'strays').map((e) => e.reason)).toContain('UnmanagedPods');
    });
  });
});
