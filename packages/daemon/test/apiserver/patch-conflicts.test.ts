/**
 * Concurrent writers, as a busy cluster has them: kubectl's patches race controllers' status
 * writes. Upstream's GuaranteedUpdate re-applies a patch to the newer object when it loses a
 * race, so a patch conflicts only when it names a resourceVersion itself; an update (PUT)
 * carrying a stale resourceVersion always conflicts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_MAPS, NAMESPACES, type TestCluster, configMap, startCluster } from '../controllers/cluster.js';

let cluster: TestCluster;
afterEach(async () => cluster?.stop());

async function oneConfigMap() {
  cluster = await startCluster({ withManager: false });
  await cluster.client.create(NAMESPACES, { metadata: { name: 'race' } });
  return cluster.client.create(CONFIG_MAPS, configMap('race', 'cm'));
}

describe('PATCH under concurrent writers', () => {
  it('applies every one of many concurrent merge and strategic patches, none refused', async () => {
    await oneConfigMap();
    const { client } = cluster;
    const patches = Array.from({ length: 24 }, (_, i) =>
      client.patch(CONFIG_MAPS, 'cm', i % 2 ? 'merge' : 'strategic', { metadata: { labels: { [`l${i}`]: 'x' } }, data: { [`k${i}`]: String(i) } }, { namespace: 'race' }),
    );
    const settled = await Promise.allSettled(patches);
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const final = await client.get(CONFIG_MAPS, 'cm', { namespace: 'race' });
    expect(Object.keys(final.metadata!.labels ?? {})).toHaveLength(24);
    expect(Object.keys((final['data'] as Record<string, string>) ?? {}).filter((k) => /^k\d+$/.test(k))).toHaveLength(24);
  });

  it('refuses a patch that names a stale resourceVersion, in the API server\'s words', async () => {
    const created = await oneConfigMap();
    const { client } = cluster;
    await client.patch(CONFIG_MAPS, 'cm', 'merge', { data: { moved: 'on' } }, { namespace: 'race' });
    const stale = created.metadata!.resourceVersion;
    await expect(client.patch(CONFIG_MAPS, 'cm', 'merge', { metadata: { resourceVersion: stale }, data: { late: 'yes' } }, { namespace: 'race' })).rejects.toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('refuses an update carrying a stale resourceVersion, even while it races others', async () => {
    const created = await oneConfigMap();
    const { client } = cluster;
    const racing = client.patch(CONFIG_MAPS, 'cm', 'merge', { data: { first: '1' } }, { namespace: 'race' });
    const update = client.update(CONFIG_MAPS, { ...created, data: { second: '2' } });
    await racing;
    await expect(update).rejects.toMatchObject({ code: 409 });
    const final = await client.get(CONFIG_MAPS, 'cm', { namespace: 'race' });
    expect(final['data']).toMatchObject({ first: '1' });
  });
});
