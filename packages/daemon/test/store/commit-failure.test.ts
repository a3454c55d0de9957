/**
 * A group commit that fails (disk full, I/O error) fails every write it carried and leaves
 * the store as if they had never been sent: nothing durable, nothing published to watchers,
 * the next writes numbered right after the last durable revision. The log here is the real
 * SQLite log, made to fail its next commit (test/support/failing-log.ts).
 */
import { join } from 'node:path';
import { FakeClock } from '@kubelab/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/store/backend.js';
import { MvccBackend } from '../../src/store/mvcc-backend.js';
import { SqliteLog } from '../../src/store/sqlite/sqlite-log.js';
import { FailingLog } from '../support/failing-log.js';
import { revisionRange, revisionsInHistory, tempDir, until } from '../support/store.js';

const root = tempDir('kubelab-commit-failure-');
afterAll(() => root.remove());
let dirs = 0;

function openFailing(clock?: FakeClock): { store: MvccBackend; log: FailingLog; path: string } {
  const path = join(root.path, `db-${dirs++}`);
  const log = new FailingLog(new SqliteLog(path));
  return { store: new MvccBackend(log, clock ? { clock } : {}), log, path };
}

function describeEvents(events: WatchEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.kv.key.toString()}@${e.kv.modRevision}`);
}

describe('a failed commit', () => {
  it('rejects every write of its batch, publishes nothing, and the store carries on from the last durable revision', async () => {
    const { store, log, path } = openFailing();
    await store.put('a', '1');
    await store.put('b', '1');
    const lease = await store.leaseGrant(60);
    const watch = await store.watch('\0', { rangeEnd: '\0' });
    const events = watch[Symbol.asyncIterator]();

    log.failNextCommit();
    // Sent together, so they share one group commit.
    const batch = await Promise.allSettled([
      store.put('a', '2'),
      store.put('c', '1', { lease: lease.id }),
      store.deleteRange('b'),
      store.txn({ compare: [{ key: 'a', target: 'version', result: '=', value: 1 }], success: [{ put: { key: 'd', value: '1' } }] }),
      store.leaseGrant(30),
      store.compact(3),
    ]);
    expect(batch.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'fulfilled'))).toEqual(
      new Array(6).fill('SQLITE_FULL'),
    );

    // As before the batch: same revision, keys, leases, compaction.
    expect(store.revision).toBe(3);
    const all = await store.range('\0', { rangeEnd: '\0' });
    expect(all.kvs.map((kv) => `${kv.key.toString()}=${kv.value.toString()}@${kv.modRevision}`)).toEqual(['a=1@2', 'b=1@3']);
    expect((await store.leaseLeases()).leases).toEqual([lease.id]);
    expect((await store.leaseTimeToLive(lease.id, { keys: true })).keys).toEqual([]);
    expect((await store.range('a', { revision: 2 })).kvs[0]?.value.toString()).toBe('1');
    expect((await store.status()).compactRevision).toBe(0);

    // The next writes take the next revisions, and the watch sees them and nothing earlier.
    expect((await store.put('c', '2')).header.revision).toBe(4);
    expect((await store.deleteRange('b')).header.revision).toBe(5);
    const first = await events.next();
    const second = first.value.events.length < 2 ? await events.next() : undefined;
    expect(describeEvents([...first.value.events, ...(second?.value.events ?? [])])).toEqual(['PUT c@4', 'DELETE b@5']);
    await store.close();

    // Nothing of the failed batch reached the disk.
    const reopened = new MvccBackend(new SqliteLog(path));
    expect(reopened.revision).toBe(5);
    expect(await revisionsInHistory(reopened, 2)).toEqual(revisionRange(2, 5));
    expect((await reopened.range('d')).count).toBe(0);
    expect((await reopened.range('a')).kvs[0]?.value.toString()).toBe('1');
    await reopened.close();
  });

  it('does not renew leases: a lease that expired while the disk failed is revoked once it recovers', async () => {
    const clock = new FakeClock();
    const { store, log } = openFailing(clock);
    const lease = await store.leaseGrant(10);
    await store.put('node-lease', 'held', { lease: lease.id });

    clock.advance(9_000);
    log.failNextCommit();
    await expect(store.put('unrelated', 'x')).rejects.toMatchObject({ code: 'SQLITE_FULL' });

    // Ten seconds after the grant the lease expires, as if the failed commit had never been.
    clock.advance(1_000);
    await until(async () => (await store.range('node-lease')).count === 0, 'the expired lease to be revoked');
    expect((await store.leaseTimeToLive(lease.id)).ttl).toBe(-1);
    await store.close();
  });

  it('of a physical compaction loses nothing, and the next open finishes the compaction', async () => {
    const { store, log, path } = openFailing();
    for (let i = 0; i < 20; i++) await store.put(`k/${i % 4}`, `${i}`);
    expect(log.stats().entries).toBe(20);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      await store.compact(15);
      // The logical compaction is durable; the removal of the rows it left behind runs next.
      log.failNextCommit();
      await until(() => warnings.some((m) => m.includes('physical compaction to 15 failed')), 'the failure warning');
    } finally {
      process.off('warning', onWarning);
    }
    expect(log.stats().entries).toBe(20);
    expect((await store.status()).compactRevision).toBe(15);
    expect((await store.range('k/', { rangeEnd: 'k0', revision: 15 })).kvs.map((kv) => kv.value.toString())).toEqual(['12', '13', '10', '11']);
    expect((await store.range('k/', { rangeEnd: 'k0' })).kvs.map((kv) => kv.value.toString())).toEqual(['16', '17', '18', '19']);
    expect((await store.put('k/0', '20')).header.revision).toBe(22);
    await store.close();

    // Per key, the newest row at or below 15 and every row above it: 10 of the 20.
    const reopenedLog = new SqliteLog(path);
    const reopened = new MvccBackend(reopenedLog);
    await until(() => reopenedLog.stats().entries === 11, 'the compaction to finish');
    expect((await reopened.range('k/', { rangeEnd: 'k0', revision: 15 })).kvs.map((kv) => kv.value.toString())).toEqual(['12', '13', '10', '11']);
    await reopened.close();
  });
});

describe('a failed sync (the disk stopped accepting writes)', () => {
  it('fails its batch and every later write, publishes nothing, and reads stay at the last durable revision', async () => {
    const { store, log } = openFailing();
    await store.put('a', '1');
    const watch = await store.watch('\0', { rangeEnd: '\0' });
    const events = watch[Symbol.asyncIterator]();
    log.failNextSync();
    const batch = await Promise.allSettled([store.put('a', '2'), store.put('b', '1')]);
    expect(batch.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'fulfilled'))).toEqual([
      'SyncFailed',
      'SyncFailed',
    ]);
    // Once durability is in doubt the store refuses writes until it is reopened.
    await expect(store.put('c', '1')).rejects.toMatchObject({ code: 'SyncFailed' });
    expect(store.revision).toBe(2);
    const all = await store.range('\0', { rangeEnd: '\0' });
    expect(all.kvs.map((kv) => `${kv.key.toString()}=${kv.value.toString()}@${kv.modRevision}`)).toEqual(['a=1@2']);
    watch.requestProgress();
    const next = await events.next();
    expect(next.value.events).toEqual([]);
    expect(next.value.header.revision).toBe(2);
    await store.close();
  });
});
