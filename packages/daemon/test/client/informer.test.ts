import type { KubeObject } from '@kubelab/core';
import { SharedInformer } from '@kubelab/core/cache/informer';
import { DeletedFinalStateUnknown } from '@kubelab/core/cache/keys';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_MAPS, NAMESPACES, SECRETS, type TestCluster, configMap, startCluster } from '../controllers/cluster.js';
import { PartitionableTransport } from './partitionable-transport.js';

let cluster: TestCluster;
let informer: SharedInformer | undefined;

afterEach(async () => {
  await informer?.stop();
  informer = undefined;
  await cluster?.stop();
});

type Seen = Array<[string, string]>;

/** An informer on the configmaps of namespace "cache", recording what its handlers were told. */
async function watchedConfigMaps(watchCacheCapacity?: number): Promise<{ transport: PartitionableTransport; seen: Seen; informer: SharedInformer }> {
  cluster = await startCluster({ withManager: false, watchCacheCapacity });
  await cluster.client.create(NAMESPACES, { metadata: { name: 'cache' } });
  await cluster.client.create(CONFIG_MAPS, configMap('cache', 'a'));
  await cluster.client.create(CONFIG_MAPS, configMap('cache', 'b'));
  const transport = new PartitionableTransport(new InProcessTransport((req) => cluster.api.handle(req)));
  informer = new SharedInformer({ client: new KubeClient(transport), rt: CONFIG_MAPS, clock: cluster.clock, namespace: 'cache', random: () => 0 });
  const seen: Seen = [];
  const name = (o: KubeObject) => o.metadata!.name!;
  informer.addEventHandler({
    onAdd: (o) => seen.push(['add', name(o)]),
    onUpdate: (_old, o) => seen.push(['update', name(o)]),
    onDelete: (o) => seen.push([o instanceof DeletedFinalStateUnknown ? 'delete-unknown' : 'delete', o instanceof DeletedFinalStateUnknown ? o.key : name(o)]),
  });
  informer.run();
  expect(await informer.waitForSync()).toBe(true);
  return { transport, seen, informer };
}

function cachedNames(i: SharedInformer): string[] {
  return i.lister.list().map((o) => o.metadata!.name!).sort();
}

describe('shared informer', () => {
  it('lists, then follows changes through its watch', async () => {
    const { seen, informer } = await watchedConfigMaps();
    expect(cachedNames(informer)).toEqual(['a', 'b']);
    await cluster.client.create(CONFIG_MAPS, configMap('cache', 'c'));
    await cluster.client.delete(CONFIG_MAPS, 'a', { namespace: 'cache' });
    await cluster.eventually(() => expect(cachedNames(informer)).toEqual(['b', 'c']));
    expect(seen).toEqual([
      ['add', 'a'],
      ['add', 'b'],
      ['add', 'c'],
      ['delete', 'a'],
    ]);
  });

  it('resumes from its resourceVersion, without relisting, when the server ends a watch', async () => {
    const { informer } = await watchedConfigMaps();
    // Watches ask to be ended after 5–10 minutes.
    cluster.clock.advance(11 * 60 * 1000);
    await cluster.client.create(CONFIG_MAPS, configMap('cache', 'late'));
    await cluster.eventually(() => expect(cachedNames(informer)).toContain('late'));
    expect(informer.listCount).toBe(1);
  });

  it('relists after a compaction removed the history it needed to resume its watch', async () => {
    // The API server's watch cache outlives store compaction (as kube-apiserver's does); a
    // window of two events is what makes the missed history truly gone here.
    const { transport, seen, informer } = await watchedConfigMaps(2);
    const { client, backend } = cluster;
    transport.partition();
    // While it is cut off: changes it will not see as events, then a compaction past them.
    await client.delete(CONFIG_MAPS, 'a', { namespace: 'cache' });
    const b = await client.get(CONFIG_MAPS, 'b', { namespace: 'cache' });
    await client.update(CONFIG_MAPS, { ...b, data: { k: 'changed' } });
    await client.create(CONFIG_MAPS, configMap('cache', 'd'));
    await client.create(SECRETS, { metadata: { name: 's', namespace: 'cache' } });
    await backend.compact(backend.revision);
    transport.heal();

    await cluster.eventually(() => expect(cachedNames(informer)).toEqual(['b', 'd']), { stepMs: 500 });
    expect(transport.watchErrors).toContain(410);
    expect(informer.listCount).toBe(2);
    expect((informer.lister.namespace('cache').get('b')?.['data'] as { k: string }).k).toBe('changed');
    expect(seen.slice(2)).toEqual(expect.arrayContaining([['update', 'b'], ['add', 'd'], ['delete-unknown', 'cache/a']]));
    expect(seen).toHaveLength(5);
  });

  it('keeps its cache and resumes when the connection comes back before history is compacted', async () => {
    const { transport, informer } = await watchedConfigMaps();
    transport.partition();
    await cluster.client.create(CONFIG_MAPS, configMap('cache', 'e'));
    transport.heal();
    await cluster.eventually(() => expect(cachedNames(informer)).toEqual(['a', 'b', 'e']), { stepMs: 500 });
    expect(informer.listCount).toBe(1);
  });
});
