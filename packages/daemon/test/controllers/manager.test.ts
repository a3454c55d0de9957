import type { InProcessHandler } from '@kubelab/core/client/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerManager } from '../../src/controllers/manager.js';
import { CA_PEM, EVENTS, LEASES, NAMESPACES, SERVICE_ACCOUNTS, type TestCluster, find, startCluster } from './cluster.js';

let cluster: TestCluster;
let manager: ControllerManager | undefined;
const others: ControllerManager[] = [];

afterEach(async () => {
  await manager?.stop();
  manager = undefined;
  await Promise.all(others.splice(0).map((m) => m.stop()));
  await cluster?.stop();
});

/**
 * A kube-controller-manager with leader election whose connection to the API server can be
 * cut: once cut, every new request fails as a refused connection would (watches already open
 * stay open, as an established stream may).
 */
function electedManager(identity: string): { manager: ControllerManager; cut(): void } {
  let cut = false;
  const handler: InProcessHandler = (req) => (cut ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' })) : cluster.api.handle(req));
  const m = new ControllerManager({
    handler,
    clock: cluster.clock,
    rootCaPem: CA_PEM,
    random: () => 0,
    controllers: ['serviceaccount-controller'],
    leaderElection: { identity },
    log: { info: () => undefined, error: () => undefined },
  });
  others.push(m);
  return { manager: m, cut: () => (cut = true) };
}

async function holder(): Promise<{ holderIdentity: string; leaseTransitions?: number }> {
  return (await cluster.client.get(LEASES, 'kube-controller-manager', { namespace: 'kube-system' }))['spec'] as { holderIdentity: string; leaseTransitions?: number };
}

/** Moves fake time forward in steps, letting requests complete between them. */
async function elapse(ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    cluster.clock.advance(step);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}

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

  it('two managers on one API server: one leads and acts, the other stands by and takes over when the leader’s lease lapses', async () => {
    cluster = await startCluster({ withManager: false });
    const a = electedManager('host-a_kubelabd');
    a.manager.start();
    expect(await a.manager.waitForSync()).toBe(true);
    const b = electedManager('host-b_kubelabd');
    b.manager.start();
    let bSynced = false;
    void b.manager.waitForSync().then((synced) => (bSynced = synced));

    // a's controllers act; b, standing by, has not even started its informers.
    await cluster.client.create(NAMESPACES, { metadata: { name: 'first' } });
    await cluster.eventually(async () => expect(await find(cluster.client, SERVICE_ACCOUNTS, 'default', 'first')).toBeDefined());
    await elapse(30_000);
    expect((await holder()).holderIdentity).toBe('host-a_kubelabd');
    expect(bSynced).toBe(false);

    // a loses the API server: it cannot renew, so nobody serves a new namespace until the
    // 15 s lease it last renewed has lapsed and b has taken it over.
    a.cut();
    const cutAt = cluster.clock.now();
    await cluster.client.create(NAMESPACES, { metadata: { name: 'second' } });
    await elapse(10_000);
    expect(await find(cluster.client, SERVICE_ACCOUNTS, 'default', 'second')).toBeUndefined();
    expect((await holder()).holderIdentity).toBe('host-a_kubelabd');

    await cluster.eventually(async () => expect(await find(cluster.client, SERVICE_ACCOUNTS, 'default', 'second')).toBeDefined(), { stepMs: 250 });
    expect(cluster.clock.now() - cutAt).toBeGreaterThanOrEqual(15_000 - 2_000);
    expect(bSynced).toBe(true);
    expect(await holder()).toMatchObject({ holderIdentity: 'host-b_kubelabd', leaseTransitions: 1 });
    const messages = ((await cluster.client.list(EVENTS, { namespace: 'kube-system' })).items as Array<{ reason: string; message: string }>)
      .filter((e) => e.reason === 'LeaderElection')
      .map((e) => e.message);
    expect(messages).toEqual(['host-a_kubelabd became leader', 'host-b_kubelabd became leader']);
  });
});
