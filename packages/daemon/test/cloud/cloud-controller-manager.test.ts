import { type KubeObject, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudControllerManager } from '../../src/cloud/cloud-controller-manager.js';
import { SimulatedCloudProvider } from '../../src/cloud/provider.js';
import { EVENTS, LEASES, type TestCluster, find, startCluster } from '../controllers/cluster.js';
import { FakeKubelet, NODES } from '../controllers/fake-kubelet.js';

const SERVICES = resourceFor('', 'v1', 'services')!;

let cluster: TestCluster;
let ccm: CloudControllerManager | undefined;
let cloud: SimulatedCloudProvider;

afterEach(async () => {
  await ccm?.stop();
  ccm = undefined;
  await cluster?.stop();
});

async function start(options: { leaderElection?: boolean } = {}): Promise<void> {
  cluster = await startCluster({ withManager: false });
  cloud = new SimulatedCloudProvider();
  ccm = new CloudControllerManager({
    handler: (req) => cluster.api.handle(req),
    clock: cluster.clock,
    cloud,
    random: () => 0,
    leaderElection: options.leaderElection ? { identity: 'host_kubelabd' } : undefined,
    log: { info: () => undefined, error: (m) => console.error(m) },
  });
  ccm.start();
  expect(await ccm.waitForSync()).toBe(true);
}

function lbService(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...extra } };
}

async function ingressOf(name: string): Promise<unknown> {
  return ((await cluster.client.get(SERVICES, name, { namespace: 'default' }))['status'] as { loadBalancer: { ingress?: unknown } }).loadBalancer.ingress;
}

async function eventsAbout(namespace: string, name: string) {
  const all = (await cluster.client.list(EVENTS, { namespace })).items as Array<KubeObject & { involvedObject: { name: string }; reason: string; message: string; source: { component: string } }>;
  return all.filter((e) => e.involvedObject.name === name).map((e) => ({ reason: e.reason, message: e.message, component: e.source.component }));
}

describe('cloud-controller-manager with the simulated provider', () => {
  it('gives a LoadBalancer Service an external IP from the pool, with the cleanup finalizer and events', async () => {
    await start();
    const { client } = cluster;
    await client.create(SERVICES, lbService('web'));
    await cluster.eventually(async () => expect(await ingressOf('web')).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }]));
    const svc = await client.get(SERVICES, 'web', { namespace: 'default' });
    expect(svc.metadata?.finalizers).toEqual(['service.kubernetes.io/load-balancer-cleanup']);
    await cluster.eventually(async () =>
      expect(await eventsAbout('default', 'web')).toEqual([
        { reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', component: 'service-controller' },
        { reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer', component: 'service-controller' },
      ]),
    );

    await client.create(SERVICES, lbService('api'));
    await client.create(SERVICES, lbService('pinned', { loadBalancerIP: '172.18.255.240' }));
    await client.create(SERVICES, { ...lbService('internal'), spec: { selector: { app: 'internal' }, ports: [{ port: 80 }] } });
    await cluster.eventually(async () => {
      expect(await ingressOf('api')).toEqual([{ ip: '172.18.255.201', ipMode: 'VIP' }]);
      expect(await ingressOf('pinned')).toEqual([{ ip: '172.18.255.240', ipMode: 'VIP' }]);
    });
    expect(await ingressOf('internal')).toBeUndefined();
    expect(cloud.loadBalancers().map((lb) => `${lb.service}=${lb.ip}`).sort()).toEqual(['api=172.18.255.201', 'pinned=172.18.255.240', 'web=172.18.255.200']);
  });

  it('releases the load balancer when the Service stops being one, and before a deleted Service goes', async () => {
    await start();
    const { client } = cluster;
    await client.create(SERVICES, lbService('web'));
    await client.create(SERVICES, lbService('api'));
    await cluster.eventually(async () => expect(cloud.loadBalancers()).toHaveLength(2));

    const web = await client.get(SERVICES, 'web', { namespace: 'default' });
    const { allocateLoadBalancerNodePorts: _a, externalTrafficPolicy: _e, ...spec } = web['spec'] as Record<string, unknown>;
    await client.update(SERVICES, { ...web, spec: { ...spec, type: 'ClusterIP' } });
    await cluster.eventually(async () => {
      const s = await client.get(SERVICES, 'web', { namespace: 'default' });
      expect((s['status'] as { loadBalancer: unknown }).loadBalancer).toEqual({});
      expect(s.metadata?.finalizers).toBeUndefined();
    });
    await cluster.eventually(async () =>
      expect(await eventsAbout('default', 'web')).toEqual(
        expect.arrayContaining([
          { reason: 'DeletingLoadBalancer', message: 'Deleting load balancer', component: 'service-controller' },
          { reason: 'DeletedLoadBalancer', message: 'Deleted load balancer', component: 'service-controller' },
        ]),
      ),
    );

    await client.delete(SERVICES, 'api', { namespace: 'default' });
    await cluster.eventually(async () => expect(await find(client, SERVICES, 'api', 'default')).toBeUndefined());
    expect(cloud.loadBalancers()).toEqual([]);
    // The freed address is handed out again.
    await client.create(SERVICES, lbService('next'));
    await cluster.eventually(async () => expect(await ingressOf('next')).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }]));
  });

  it('says why when the cloud cannot give the address a Service asks for', async () => {
    await start();
    await cluster.client.create(SERVICES, lbService('wants', { loadBalancerIP: '10.0.0.1' }));
    await cluster.eventually(async () =>
      expect(await eventsAbout('default', 'wants')).toContainEqual({
        reason: 'SyncLoadBalancerFailed',
        message: 'Error syncing load balancer: failed to ensure load balancer: requested ip "10.0.0.1" is not available in the load balancer pool 172.18.255.200-172.18.255.250',
        component: 'service-controller',
      }),
    );
    expect(await ingressOf('wants')).toBeUndefined();
  });

  it('initializes nodes from the cloud: provider ID, instance and topology labels, addresses', async () => {
    await start();
    const kubelet = new FakeKubelet(cluster.client, cluster.clock);
    await kubelet.registerNode('node-a', { internalIP: '172.18.0.7' });
    await kubelet.registerNode('node-b');
    const a = await cluster.eventually(async () => {
      const n = await cluster.client.get(NODES, 'node-a');
      expect((n['spec'] as { providerID?: string }).providerID).toBe('kubelab://node-a');
      return n;
    });
    expect(a.metadata?.labels).toMatchObject({
      'node.kubernetes.io/instance-type': 'kubelab.standard',
      'topology.kubernetes.io/region': 'kubelab',
      'topology.kubernetes.io/zone': 'kubelab-a',
    });
    expect((a['status'] as { addresses: unknown }).addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.7' },
      { type: 'Hostname', address: 'node-a' },
    ]);
    await cluster.eventually(async () =>
      expect(((await cluster.client.get(NODES, 'node-b'))['status'] as { addresses: unknown }).addresses).toEqual([
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'node-b' },
      ]),
    );
  });

  it('deletes a Node whose instance is removed once the node is not Ready, and leaves a Ready one', async () => {
    await start();
    const kubelet = new FakeKubelet(cluster.client, cluster.clock);
    await kubelet.registerNode('node-a');
    await kubelet.registerNode('node-b');
    cloud.removeInstance('node-a');
    cloud.removeInstance('node-b');
    await kubelet.postNodeStatus('node-b', false);
    await cluster.eventually(async () => expect(await find(cluster.client, NODES, 'node-b')).toBeUndefined(), { stepMs: 500 });
    await cluster.eventually(async () =>
      expect(await eventsAbout('default', 'node-b')).toContainEqual({
        reason: 'DeletingNode',
        message: 'Deleting node node-b because it does not exist in the cloud provider',
        component: 'cloud-node-lifecycle-controller',
      }),
    );
    expect(await find(cluster.client, NODES, 'node-a')).toBeDefined();
  });

  it('elects a leader through the kube-system/cloud-controller-manager Lease', async () => {
    await start({ leaderElection: true });
    const lease = await cluster.client.get(LEASES, 'cloud-controller-manager', { namespace: 'kube-system' });
    expect((lease['spec'] as { holderIdentity: string }).holderIdentity).toBe('host_kubelabd');
  });
});
