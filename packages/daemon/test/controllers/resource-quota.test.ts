import { type KubeObject, StatusError, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_MAPS, NAMESPACES, PODS, type TestCluster, configMap, startCluster } from './cluster.js';
import { FakeKubelet, podSpec } from './fake-kubelet.js';

const QUOTAS = resourceFor('', 'v1', 'resourcequotas')!;
const SERVICES = resourceFor('', 'v1', 'services')!;

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

function quota(name: string, hard: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'team' }, spec: { hard, ...extra } };
}

function pod(name: string, cpu?: string, memory = '128Mi'): KubeObject {
  return podSpec('team', name, cpu ? { resources: { requests: { cpu, memory } } } : {});
}

async function status(name: string): Promise<{ hard?: Record<string, string>; used?: Record<string, string> }> {
  return ((await cluster.client.get(QUOTAS, name, { namespace: 'team' }))['status'] ?? {}) as { hard?: Record<string, string>; used?: Record<string, string> };
}

async function refusal(create: Promise<unknown>): Promise<{ code: number; reason?: string; message: string }> {
  try {
    await create;
  } catch (err) {
    if (err instanceof StatusError) return { code: err.code, reason: err.reason, message: err.message };
    throw err;
  }
  throw new Error('the create was not refused');
}

describe('ResourceQuota controller and admission', () => {
  it('reports usage in status, charges creates at once, refuses one over the limit with 403 exceeded quota, and gives back what is deleted', async () => {
    cluster = await startCluster({ controllers: ['resourcequota-controller'] });
    const { client } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'team' } });
    await client.create(QUOTAS, quota('compute', { pods: '2', 'requests.cpu': '1', 'requests.memory': '1Gi' }));
    await cluster.eventually(async () =>
      expect(await status('compute')).toEqual({
        hard: { pods: '2', 'requests.cpu': '1', 'requests.memory': '1Gi' },
        used: { pods: '0', 'requests.cpu': '0', 'requests.memory': '0' },
      }),
    );

    await client.create(PODS, pod('a', '500m', '256Mi'));
    // Charged by admission in the same write, before the controller looks.
    expect((await status('compute')).used).toEqual({ pods: '1', 'requests.cpu': '500m', 'requests.memory': '256Mi' });

    expect(await refusal(client.create(PODS, pod('b', '600m')))).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1',
    });
    expect(await refusal(client.create(PODS, pod('no-requests')))).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "no-requests" is forbidden: failed quota: compute: must specify requests.cpu for: app; requests.memory for: app',
    });

    await client.create(PODS, pod('c', '500m'));
    expect(await refusal(client.create(PODS, pod('d', '100m')))).toMatchObject({
      code: 403,
      message: 'pods "d" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=100m, used: pods=2,requests.cpu=1, limited: pods=2,requests.cpu=1',
    });
    expect((await client.list(PODS, { namespace: 'team' })).items.map((p) => p.metadata?.name).sort()).toEqual(['a', 'c']);

    // A finished pod and a deleted one stop counting; the controller gives their share back.
    await new FakeKubelet(client, cluster.clock).finishPod('team', 'c', 'Succeeded');
    await client.delete(PODS, 'a', { namespace: 'team' });
    await cluster.eventually(async () => expect((await status('compute')).used).toEqual({ pods: '0', 'requests.cpu': '0', 'requests.memory': '0' }));
    await client.create(PODS, pod('e', '1'));
    expect((await status('compute')).used).toMatchObject({ pods: '1', 'requests.cpu': '1' });
  });

  it('counts objects of any kind, and Services by type', async () => {
    cluster = await startCluster({ controllers: ['resourcequota-controller'] });
    const { client } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'team' } });
    await client.create(CONFIG_MAPS, configMap('team', 'first'));
    await client.create(QUOTAS, quota('objects', { 'count/configmaps': '1', 'services.loadbalancers': '0', services: '5' }));
    await cluster.eventually(async () =>
      expect((await status('objects')).used).toEqual({ 'count/configmaps': '1', 'services.loadbalancers': '0', services: '0' }),
    );
    expect(await refusal(client.create(CONFIG_MAPS, configMap('team', 'second')))).toMatchObject({
      code: 403,
      message: 'configmaps "second" is forbidden: exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1',
    });
    const lb = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'public', namespace: 'team' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
    expect(await refusal(client.create(SERVICES, lb))).toMatchObject({
      code: 403,
      message: 'services "public" is forbidden: exceeded quota: objects, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
    });
    await client.create(SERVICES, { ...lb, metadata: { name: 'internal', namespace: 'team' }, spec: { ports: [{ port: 80 }] } });
    expect((await status('objects')).used).toMatchObject({ services: '1' });

    await client.delete(CONFIG_MAPS, 'first', { namespace: 'team' });
    await cluster.eventually(async () => expect((await status('objects')).used).toMatchObject({ 'count/configmaps': '0' }));
    await client.create(CONFIG_MAPS, configMap('team', 'second'));
  });

  it('enforces a quota only once its status says what it limits, and refuses while that usage is unknown', async () => {
    cluster = await startCluster({ controllers: [] });
    const { client } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'team' } });
    const fresh = await client.create(QUOTAS, quota('fresh', { pods: '1' }));
    // Admission reads status.hard, which only the ResourceQuota controller writes (not running here).
    await client.create(PODS, pod('before-status', '100m'));
    await client.create(PODS, pod('still-before', '100m'));
    await client.updateStatus(QUOTAS, { ...fresh, status: { hard: { pods: '1' } } });
    expect(await refusal(client.create(PODS, pod('unknown', '100m')))).toMatchObject({
      code: 403,
      message: 'pods "unknown" is forbidden: status unknown for quota: fresh, resources: pods',
    });
  });

  it('applies a BestEffort-scoped quota to BestEffort pods only', async () => {
    cluster = await startCluster({ controllers: ['resourcequota-controller'] });
    const { client } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'team' } });
    await client.create(QUOTAS, quota('best-effort', { pods: '1' }, { scopes: ['BestEffort'] }));
    await cluster.eventually(async () => expect((await status('best-effort')).used).toEqual({ pods: '0' }));
    await client.create(PODS, pod('be-1'));
    expect(await refusal(client.create(PODS, pod('be-2')))).toMatchObject({ code: 403, message: expect.stringContaining('exceeded quota: best-effort, requested: pods=1') });
    await client.create(PODS, pod('burstable', '100m'));
    expect((await status('best-effort')).used).toEqual({ pods: '1' });
  });
});
