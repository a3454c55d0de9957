import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_MAPS, NAMESPACES, PODS, SERVICE_ACCOUNTS, type TestCluster, configMap, find, pod, startCluster } from './cluster.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

describe('namespace controller', () => {
  it('deleting a namespace with a ConfigMap and a Pod in it leaves nothing and the namespace disappears', async () => {
    cluster = await startCluster();
    const { client, eventually } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'team-a' } });
    await client.create(CONFIG_MAPS, configMap('team-a', 'settings'));
    await client.create(PODS, pod('team-a', 'web'));
    // The service account controller fills the namespace too; all of it must go.
    await eventually(async () => expect(await find(client, SERVICE_ACCOUNTS, 'default', 'team-a')).toBeDefined());

    const marked = await client.delete(NAMESPACES, 'team-a');
    expect((marked as { status?: { phase?: string } }).status?.phase).toBe('Terminating');

    await eventually(async () => expect(await find(client, NAMESPACES, 'team-a')).toBeUndefined());
    for (const rt of [CONFIG_MAPS, PODS, SERVICE_ACCOUNTS]) {
      expect((await client.list(rt, { namespace: 'team-a' })).items).toEqual([]);
    }
  });

  it('keeps a namespace Terminating while content with a finalizer remains, says so in its conditions, and lets it go afterwards', async () => {
    cluster = await startCluster();
    const { client, eventually } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'held' } });
    await client.create(CONFIG_MAPS, configMap('held', 'pinned', { finalizers: ['example.com/hold'] }));
    await client.delete(NAMESPACES, 'held');

    const conditions = await eventually(async () => {
      const ns = await client.get(NAMESPACES, 'held');
      const cs = ((ns['status'] as { conditions?: Condition[] }).conditions ?? []).filter((c) => c.status === 'True');
      expect(cs.length).toBeGreaterThan(0);
      return cs;
    });
    expect(conditions).toEqual([
      expect.objectContaining({
        type: 'NamespaceContentRemaining',
        reason: 'SomeResourcesRemain',
        message: 'Some resources are remaining: configmaps. has 1 resource instances',
      }),
      expect.objectContaining({
        type: 'NamespaceFinalizersRemaining',
        reason: 'SomeFinalizersRemain',
        message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
      }),
    ]);
    const stuck = await client.get(NAMESPACES, 'held');
    expect((stuck['spec'] as { finalizers: string[] }).finalizers).toEqual(['kubernetes']);

    // Whoever owns the finalizer finishes: the ConfigMap goes, and so does the namespace —
    // after the controller's next look, half the 15 s finalizer estimate later.
    const cm = await client.get(CONFIG_MAPS, 'pinned', { namespace: 'held' });
    await client.update(CONFIG_MAPS, { ...cm, metadata: { ...cm.metadata, finalizers: [] } });
    await eventually(async () => expect(await find(client, NAMESPACES, 'held')).toBeUndefined(), { stepMs: 100, rounds: 200 });
  });

  it('leaves namespaces that are not being deleted alone', async () => {
    cluster = await startCluster({ controllers: ['namespace-controller'] });
    const { client, clock } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'calm' } });
    await client.create(CONFIG_MAPS, configMap('calm', 'kept'));
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 1));
      clock.advance(1000);
    }
    expect(await find(client, CONFIG_MAPS, 'kept', 'calm')).toBeDefined();
    expect(await find(client, NAMESPACES, 'calm')).toBeDefined();
  });
});
