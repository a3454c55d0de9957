import { afterEach, describe, expect, it } from 'vitest';
import { ControllerManager } from '../../src/controllers/manager.js';
import { CA_PEM, EVENTS, LEASES, type TestCluster, startCluster } from './cluster.js';

let cluster: TestCluster;
let manager: ControllerManager | undefined;

afterEach(async () => {
  await manager?.stop();
  manager = undefined;
  await cluster?.stop();
});

describe('controller manager', () => {
  it('closes every watch its informers opened when stopped', async () => {
    cluster = await startCluster({ withManager: false });
    const before = cluster.api.metrics.openWatches;
    manager = new ControllerManager({ handler: (req) => cluster.api.handle(req), clock: cluster.clock, rootCaPem: CA_PEM, random: () => 0 });
    manager.start();
    expect(await manager.waitForSync()).toBe(true);
    expect(cluster.api.metrics.openWatches).toBeGreaterThan(before);
    await manager.stop();
    expect(cluster.api.metrics.openWatches).toBe(before);
  });

  it('with leader election, takes the kube-controller-manager lease, says so in an Event, and hands the lease back on stop', async () => {
    cluster = await startCluster({ withManager: false });
    manager = new ControllerManager({
      handler: (req) => cluster.api.handle(req),
      clock: cluster.clock,
      rootCaPem: CA_PEM,
      random: () => 0,
      leaderElection: { identity: 'host_kubelabd' },
    });
    manager.start();
    expect(await manager.waitForSync()).toBe(true);
    const lease = await cluster.client.get(LEASES, 'kube-controller-manager', { namespace: 'kube-system' });
    expect((lease['spec'] as { holderIdentity: string }).holderIdentity).toBe('host_kubelabd');
    const events = await cluster.eventually(async () => {
      const list = (await cluster.client.list(EVENTS, { namespace: 'kube-system' })).items;
      expect(list.length).toBeGreaterThan(0);
      return list;
    });
    expect(events[0]).toMatchObject({
      reason: 'LeaderElection',
      message: 'host_kubelabd became leader',
      involvedObject: { kind: 'Lease', name: 'kube-controller-manager', namespace: 'kube-system' },
      source: { component: 'kube-controller-manager' },
    });
    await manager.stop();
    const released = await cluster.client.get(LEASES, 'kube-controller-manager', { namespace: 'kube-system' });
    expect((released['spec'] as { holderIdentity: string }).holderIdentity).toBe('');
  });
});
