import { type KubeObject, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PODS, type TestCluster, find, startCluster } from './cluster.js';
import { FakeKubelet, podSpec } from './fake-kubelet.js';

const SERVICES = resourceFor('', 'v1', 'services')!;
const ENDPOINTS = resourceFor('', 'v1', 'endpoints')!;
const SLICES = resourceFor('discovery.k8s.io', 'v1', 'endpointslices')!;

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

function service(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', labels }, spec };
}

async function endpoints(name: string): Promise<KubeObject> {
  return cluster.eventually(async () => {
    const ep = await find(cluster.client, ENDPOINTS, name, 'default');
    expect(ep).toBeDefined();
    return ep!;
  });
}

async function slicesOf(name: string): Promise<KubeObject[]> {
  const all = (await cluster.client.list(SLICES, { namespace: 'default', labelSelector: `kubernetes.io/service-name=${name}` })).items;
  return all.sort((a, b) => JSON.stringify(a['ports']).localeCompare(JSON.stringify(b['ports'])));
}

const ref = (pod: KubeObject) => ({ kind: 'Pod', namespace: 'default', name: pod.metadata!.name, uid: pod.metadata!.uid });

describe('endpoints and EndpointSlice controllers', () => {
  it('list the ready pods a Service selects under addresses and the others under notReadyAddresses, resolving named target ports per pod', async () => {
    cluster = await startCluster({ controllers: ['endpoints-controller', 'endpointslice-controller'] });
    const { client, clock } = cluster;
    const kubelet = new FakeKubelet(client, clock);
    const web1 = await client.create(PODS, podSpec('default', 'web-1', { labels: { app: 'web' }, nodeName: 'node-a', ports: [{ name: 'http', containerPort: 8080 }] }));
    const web2 = await client.create(PODS, podSpec('default', 'web-2', { labels: { app: 'web' }, nodeName: 'node-b', ports: [{ name: 'http', containerPort: 9090 }] }));
    const web3 = await client.create(PODS, podSpec('default', 'web-3', { labels: { app: 'web' }, nodeName: 'node-a', ports: [{ name: 'http', containerPort: 8080 }] }));
    await client.create(PODS, podSpec('default', 'db', { labels: { app: 'db' }, nodeName: 'node-a' }));
    await kubelet.runPod('default', 'web-1', { ip: '10.244.1.11' });
    await kubelet.runPod('default', 'web-2', { ip: '10.244.2.12' });
    await kubelet.runPod('default', 'web-3', { ip: '10.244.1.13', ready: false });
    await kubelet.runPod('default', 'db', { ip: '10.244.1.14' });
    await client.create(SERVICES, service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }, { tier: 'front' }));

    const ep = await cluster.eventually(async () => {
      const e = await endpoints('web');
      expect((e['subsets'] as unknown[]).length).toBe(2);
      return e;
    });
    expect(ep.metadata?.labels).toEqual({ tier: 'front' });
    expect(ep['subsets']).toEqual([
      {
        addresses: [{ ip: '10.244.1.11', nodeName: 'node-a', targetRef: ref(web1) }],
        notReadyAddresses: [{ ip: '10.244.1.13', nodeName: 'node-a', targetRef: ref(web3) }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
      { addresses: [{ ip: '10.244.2.12', nodeName: 'node-b', targetRef: ref(web2) }], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
    ]);

    const slices = await cluster.eventually(async () => {
      const s = await slicesOf('web');
      expect(s).toHaveLength(2);
      return s;
    });
    for (const s of slices) {
      expect(s.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(s.metadata?.labels).toEqual({
        tier: 'front',
        'kubernetes.io/service-name': 'web',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      });
      expect(s.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true })]);
      expect(s['addressType']).toBe('IPv4');
    }
    expect(slices[0]!['ports']).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slices[0]!['endpoints']).toEqual([
      { addresses: ['10.244.1.11'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', targetRef: ref(web1) },
      { addresses: ['10.244.1.13'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'node-a', targetRef: ref(web3) },
    ]);
    expect(slices[1]!['ports']).toEqual([{ name: 'http', port: 9090, protocol: 'TCP' }]);
    expect(slices[1]!['endpoints']).toEqual([
      { addresses: ['10.244.2.12'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-b', targetRef: ref(web2) },
    ]);

    // web-3 becomes ready: it moves to addresses.
    await kubelet.runPod('default', 'web-3', { ip: '10.244.1.13', ready: true });
    await cluster.eventually(async () => {
      const e = await endpoints('web');
      expect((e['subsets'] as Array<{ addresses: Array<{ ip: string }>; notReadyAddresses?: unknown }>)[0]).toMatchObject({
        addresses: [{ ip: '10.244.1.11' }, { ip: '10.244.1.13' }],
      });
      expect((e['subsets'] as Array<{ notReadyAddresses?: unknown }>)[0]!.notReadyAddresses).toBeUndefined();
    });
  });

  it('keeps a terminating pod in EndpointSlices (terminating, serving) but drops it from Endpoints', async () => {
    cluster = await startCluster({ controllers: ['endpoints-controller', 'endpointslice-controller'] });
    const { client, clock } = cluster;
    const kubelet = new FakeKubelet(client, clock);
    await client.create(PODS, podSpec('default', 'api-1', { labels: { app: 'api' }, nodeName: 'node-a' }));
    await client.create(PODS, podSpec('default', 'api-2', { labels: { app: 'api' }, nodeName: 'node-a' }));
    await kubelet.runPod('default', 'api-1', { ip: '10.244.1.21' });
    await kubelet.runPod('default', 'api-2', { ip: '10.244.1.22' });
    await client.create(SERVICES, service('api', { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] }));
    await cluster.eventually(async () => expect((await endpoints('api'))['subsets']).toMatchObject([{ addresses: [{}, {}] }]));

    // A graceful delete: the pod stays, with a deletionTimestamp, until its kubelet is done.
    await client.delete(PODS, 'api-2', { namespace: 'default' });
    await cluster.eventually(async () => {
      expect((await endpoints('api'))['subsets']).toEqual([
        { addresses: [expect.objectContaining({ ip: '10.244.1.21' })], ports: [{ port: 8080, protocol: 'TCP' }] },
      ]);
      const [slice] = await slicesOf('api');
      expect(slice!['endpoints']).toEqual([
        expect.objectContaining({ addresses: ['10.244.1.21'], conditions: { ready: true, serving: true, terminating: false } }),
        expect.objectContaining({ addresses: ['10.244.1.22'], conditions: { ready: false, serving: true, terminating: true } }),
      ]);
    });
  });

  it('publishes not-ready pods with publishNotReadyAddresses, marks headless Services, and gives pods their hostname under them', async () => {
    cluster = await startCluster({ controllers: ['endpoints-controller', 'endpointslice-controller'] });
    const { client, clock } = cluster;
    const kubelet = new FakeKubelet(client, clock);
    await client.create(PODS, podSpec('default', 'db-0', { labels: { app: 'db' }, nodeName: 'node-a', hostname: 'db-0', subdomain: 'db' }));
    await kubelet.runPod('default', 'db-0', { ip: '10.244.1.31', ready: false });
    await client.create(SERVICES, service('db', { clusterIP: 'None', selector: { app: 'db' }, publishNotReadyAddresses: true, ports: [{ name: 'pg', port: 5432 }] }));

    const ep = await cluster.eventually(async () => {
      const e = await endpoints('db');
      expect(e['subsets']).toHaveLength(1);
      return e;
    });
    expect(ep.metadata?.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep['subsets']).toEqual([
      { addresses: [expect.objectContaining({ ip: '10.244.1.31', hostname: 'db-0' })], ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
    ]);
    const [slice] = await cluster.eventually(async () => {
      const s = await slicesOf('db');
      expect(s[0]?.['endpoints']).toBeTruthy();
      return s;
    });
    expect(slice!.metadata?.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
    expect(slice!['endpoints']).toEqual([expect.objectContaining({ hostname: 'db-0', conditions: { ready: true, serving: false, terminating: false } })]);
  });

  it('leaves the Endpoints of a Service without a selector alone, keeps an empty placeholder slice for a Service with no pods, and deletes the Endpoints of a deleted Service', async () => {
    cluster = await startCluster({ controllers: ['endpoints-controller', 'endpointslice-controller'] });
    const { client, clock } = cluster;
    await client.create(SERVICES, service('external', { ports: [{ port: 443 }] }));
    const manual = await client.create<KubeObject>(ENDPOINTS, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 443, protocol: 'TCP' }] }],
    });
    await client.create(SERVICES, service('lonely', { selector: { app: 'nobody' }, ports: [{ port: 80 }] }));
    const placeholder = await cluster.eventually(async () => {
      const s = await slicesOf('lonely');
      expect(s).toHaveLength(1);
      return s[0]!;
    });
    expect(placeholder['endpoints']).toBeNull();
    expect((await endpoints('lonely'))['subsets']).toBeUndefined();

    await client.delete(SERVICES, 'lonely', { namespace: 'default' });
    await cluster.eventually(async () => expect(await find(client, ENDPOINTS, 'lonely', 'default')).toBeUndefined());
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 1));
      clock.advance(1000);
    }
    const still = await client.get(ENDPOINTS, 'external', { namespace: 'default' });
    expect(still.metadata?.resourceVersion).toBe(manual.metadata?.resourceVersion);
  });
});
