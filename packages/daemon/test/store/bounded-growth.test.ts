/**
 * A store that runs for days stays the same size: auto-compaction drops old history, SQLite
 * reuses the freed pages, the WAL is checkpointed and truncated, and defragment() gives the
 * space of a big compaction back to the file system. (kine's lesson: without these, the WAL
 * and the database grow without bound.)
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '@kubelab/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MvccBackend } from '../../src/store/mvcc-backend.js';
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js';
import { tempDir, until } from '../support/store.js';

const root = tempDir('kubelab-growth-');
afterAll(() => root.remove());

function walBytes(dir: string): number {
  try {
    return statSync(join(dir, 'db-wal')).size;
  } catch {
    return 0;
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * How many node leases the heartbeat test renews. The shape is a cluster's: every lease
 * rewritten every 10 s, each renewal its own request and revision, for 24 hours. 100 keeps the
 * test around 20 s; KUBELAB_HEARTBEAT_KEYS=1000 runs the full size (several minutes).
 */
const HEARTBEAT_KEYS = Number(process.env['KUBELAB_HEARTBEAT_KEYS'] ?? 100);

/** A Lease object as the kubelet renews it, as the API server would store it. */
function leaseJson(node: string, renewTime: number): string {
  return JSON.stringify({
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name: node, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node }] },
    spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime: new Date(renewTime).toISOString() },
  });
}

describe('bounded growth', () => {
  it(
    `stays the same size over a day of heartbeats from ${HEARTBEAT_KEYS} nodes with auto-compaction on`,
    async () => {
      const dir = join(root.path, 'heartbeats');
      const clock = new FakeClock();
      // unsafeNoFsync: file sizes do not depend on fsync, and 8,640 fsyncs would dominate the run.
      const store = openSqliteBackend(dir, { clock, unsafeNoFsync: true, autoCompaction: { mode: 'revision', retention: 1000 } });
      const modRevisions = new Array<number>(HEARTBEAT_KEYS).fill(0);
      const sizes: number[] = [];
      let conflicts = 0;
      for (let tick = 1; tick <= 24 * 360; tick++) {
        // Every node renews its lease as kube-apiserver's GuaranteedUpdate writes: a txn that
        // puts only if the lease is unchanged since it was read.
        await Promise.all(
          modRevisions.map(async (mod, i) => {
            const key = `/registry/leases/kube-node-lease/node-${i}`;
            const r = await store.txn({
              compare: [{ key, target: 'modRevision', result: '=', value: mod }],
              success: [{ put: { key, value: leaseJson(`node-${i}`, clock.now()) } }],
            });
            if (r.succeeded) modRevisions[i] = r.header.revision;
            else conflicts++;
          }),
        );
        clock.advance(10_000);
        if (tick % 360 === 0) sizes.push((await store.status()).dbSize);
      }

      expect(conflicts).toBe(0);
      const status = await store.status();
      expect(status.header.revision).toBe(1 + 24 * 360 * HEARTBEAT_KEYS);
      expect(status.compactRevision).toBeGreaterThan(status.header.revision - 1000 - 30 * HEARTBEAT_KEYS - 1);
      // Database plus WAL after every later hour is within a quarter of what it was after the first.
      const firstHour = sizes[0]!;
      const largest = Math.max(...sizes.slice(1));
      expect(largest, `bytes on disk each hour: ${sizes.join(', ')}`).toBeLessThanOrEqual(firstHour * 1.25);
      // And the leases themselves are all there, freshly renewed.
      const leases = await store.range('/registry/leases/', { rangeEnd: '/registry/leases0' });
      expect(leases.count).toBe(HEARTBEAT_KEYS);
      expect(leases.kvs[0]?.value.toString()).toBe(leaseJson('node-0', clock.now() - 10_000));
      await store.close();
    },
    600_000,
  );

  it('truncates the WAL of a store between writes every minute', async () => {
    const dir = join(root.path, 'wal');
    const clock = new FakeClock();
    const store = openSqliteBackend(dir, { clock });
    for (let i = 0; i < 200; i++) await store.put(`k/${i % 10}`, 'x'.repeat(500));
    expect(walBytes(dir)).toBeGreaterThan(0);

    clock.advance(59_999);
    await turn();
    expect(walBytes(dir)).toBeGreaterThan(0);
    clock.advance(1);
    await until(() => walBytes(dir) === 0, 'the WAL to be truncated');
    expect((await store.range('k/', { rangeEnd: 'k0' })).count).toBe(10);

    // A write waiting for its group commit when the minute is up commits first, and is kept.
    await store.put('late', '1');
    const waiting = store.put('racing', '2');
    clock.advance(60_000);
    expect((await waiting).header.revision).toBe(203);
    await until(() => walBytes(dir) === 0, 'the WAL to be truncated again');
    await store.close();

    const reopened = openSqliteBackend(dir);
    expect((await reopened.range('racing')).kvs[0]?.value.toString()).toBe('2');
    await reopened.close();
  });

  it('truncates the WAL a minute later when a reader held an old state, losing nothing', async () => {
    const dir = join(root.path, 'wal-reader');
    const clock = new FakeClock();
    const store = openSqliteBackend(dir, { clock });
    await store.put('k', '1');
    // Another connection in a read transaction, as a snapshot's VACUUM INTO holds one.
    const reader = new Database(join(dir, 'db'), { readonly: true });
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT COUNT(*) FROM kv').pluck().get()).toBe(1);
    await store.put('k', '2');

    clock.advance(60_000);
    await turn();
    expect(walBytes(dir)).toBeGreaterThan(0);
    expect((await store.put('k', '3')).header.revision).toBe(4);
    reader.exec('COMMIT');
    reader.close();

    clock.advance(60_000);
    await until(() => walBytes(dir) === 0, 'the WAL to be truncated');
    expect((await store.range('k')).kvs[0]?.value.toString()).toBe('3');
    await store.close();
  });

  it('leaves the WAL to SQLite when walCheckpointIntervalMs is 0', async () => {
    const dir = join(root.path, 'wal-off');
    const clock = new FakeClock();
    const store = openSqliteBackend(dir, { clock, walCheckpointIntervalMs: 0 });
    await store.put('k', 'v');
    clock.advance(10 * 60_000);
    await turn();
    expect(walBytes(dir)).toBeGreaterThan(0);
    await store.close();
  });

  it('gives back the space of a big compaction on defragment()', async () => {
    const dir = join(root.path, 'defrag');
    const store: MvccBackend = openSqliteBackend(dir, { unsafeNoFsync: true });
    const big = 'y'.repeat(2000);
    for (let round = 0; round < 100; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.put(`obj/${i}`, `${round}:${big}`)));
    }
    await store.compact(store.revision, { physical: true });
    const compacted = await store.status();
    // Compaction frees pages inside the file; the file itself keeps its size.
    expect(compacted.dbSizeInUse).toBeLessThan(compacted.dbSize / 4);

    await store.defragment();
    const defragmented = await store.status();
    expect(defragmented.dbSize).toBeLessThan(compacted.dbSize / 4);
    expect(walBytes(dir)).toBe(0);
    const objs = await store.range('obj/', { rangeEnd: 'obj0' });
    expect(objs.count).toBe(50);
    expect(objs.kvs.every((kv) => kv.value.toString() === `99:${big}`)).toBe(true);
    await store.close();
  });
});
