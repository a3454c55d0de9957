import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, KeyValue, WatchEvent, WatchResponse } from '../../src/store/backend.js';
import { ErrCompacted } from '../../src/store/errors.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';
import type { MvccBackend } from '../../src/store/mvcc-backend.js';
import { ErrDataDirNotEmpty } from '../../src/store/snapshot/errors.js';
import { restoreSnapshot } from '../../src/store/snapshot/restore.js';
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js';

const dirs: string[] = [];
const open: Backend[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kl-snap-'));
  dirs.push(d);
  return d;
}

function openSqlite(dir: string): MvccBackend {
  const b = openSqliteBackend(dir, { walCheckpointIntervalMs: 0 });
  open.push(b);
  return b;
}

afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every key of the store at revision (0: newest), as plain comparable values. */
async function everything(s: Backend, revision = 0) {
  const r = await s.range('\0', { rangeEnd: '\0', revision });
  return r.kvs.map(plain);
}

function plain(kv: KeyValue) {
  return [kv.key.toString(), kv.value.toString(), kv.createRevision, kv.modRevision, kv.version, kv.lease];
}

/** Events from startRevision up to and including revision `until`. */
async function eventsUpTo(s: Backend, startRevision: number, until: number) {
  const w = await s.watch('\0', { rangeEnd: '\0', startRevision });
  const out: Array<[string, string, number]> = [];
  for await (const resp of w) {
    for (const e of resp.events as WatchEvent[]) {
      if (e.kv.modRevision <= until) out.push([e.type, e.kv.key.toString(), e.kv.modRevision]);
    }
    // A revision's events never straddle two responses, so this is the last one needed.
    if ((resp.events.at(-1)?.kv.modRevision ?? 0) >= until) break;
  }
  w.cancel();
  return out;
}

describe('snapshot save and restore', () => {
  it('a snapshot taken while writers keep writing restores to the store exactly as of its revision', async () => {
    const source = openSqlite(join(tempDir(), 'source'));
    const big = 'x'.repeat(2048);
    for (let i = 0; i < 400; i++) await source.put(`/registry/pods/default/p${i}`, `${i}:${big}`);
    for (let i = 0; i < 100; i++) await source.deleteRange(`/registry/pods/default/p${i}`);
    const lease = await source.leaseGrant(3600);
    await source.put('/registry/leases/node-1', 'held', { lease: lease.id });
    await source.compact(source.revision - 50, { physical: true });
    const compactRevision = (await source.status()).compactRevision;

    let stop = false;
    const writer = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const key = `/registry/configmaps/w${w}/c${n % 40}`;
        if (n % 7 === 6) await source.deleteRange(key);
        else await source.put(key, `${w}-${n}`);
      }
    };
    const before = source.revision;
    const writers = [0, 1, 2, 3].map(writer);
    const file = join(tempDir(), 'snap.db');
    const info = await source.snapshot(file);
    stop = true;
    await Promise.all(writers);

    expect(info.revision).toBeGreaterThanOrEqual(before);
    // Writes were acknowledged while the snapshot was being taken, and are not in it.
    expect(source.revision).toBeGreaterThan(info.revision);

    const target = join(tempDir(), 'restored');
    const result = await restoreSnapshot(file, target);
    expect(result).toMatchObject({ snapshotRevision: info.revision, revision: info.revision, compactRevision });
    const restored = openSqlite(target);

    expect((await restored.range('a')).header.revision).toBe(info.revision);
    expect(await everything(restored)).toEqual(await everything(source, info.revision));
    // History is kept from the compaction on: every revision reads the same in both stores.
    for (let rev = compactRevision; rev <= info.revision; rev += Math.max(1, Math.floor((info.revision - compactRevision) / 60))) {
      expect(await everything(restored, rev)).toEqual(await everything(source, rev));
    }
    expect(await eventsUpTo(restored, compactRevision, info.revision)).toEqual(
      await eventsUpTo(source, compactRevision, info.revision),
    );
    await expect(restored.range('a', { revision: compactRevision - 1 })).rejects.toBeInstanceOf(ErrCompacted);
    expect((await restored.leaseLeases()).leases).toEqual([lease.id]);
    expect((await restored.leaseTimeToLive(lease.id, { keys: true })).keys.map(String)).toEqual(['/registry/leases/node-1']);
  });

  it('the restored store is a new cluster: new cluster and member IDs', async () => {
    const source = openMemoryBackend();
    open.push(source);
    await source.put('a', '1');
    const file = join(tempDir(), 'snap.db');
    await source.snapshot(file);
    const target = join(tempDir(), 'restored');
    const result = await restoreSnapshot(file, target);
    const restored = openSqlite(target);
    const [was, now] = [await source.status(), await restored.status()];
    expect(now.clusterId).toBe(result.clusterId);
    expect(now.memberId).toBe(result.memberId);
    expect(now.clusterId).not.toBe(was.clusterId);
    expect(now.memberId).not.toBe(was.memberId);
  });

  it('restore without options keeps the revision and history: the next write gets the next revision', async () => {
    const source = openMemoryBackend();
    open.push(source);
    await source.put('a', '1'); // @2
    await source.put('a', '2'); // @3
    await source.deleteRange('a'); // @4
    await source.put('b', '1'); // @5
    const file = join(tempDir(), 'snap.db');
    await source.snapshot(file);
    const target = join(tempDir(), 'restored');
    await restoreSnapshot(file, target);
    const restored = openSqlite(target);
    expect((await restored.put('c', '1')).header.revision).toBe(6);
    expect((await restored.range('a', { revision: 3 })).kvs.map(plain)).toEqual([['a', '2', 2, 3, 2, 0]]);
    expect(await eventsUpTo(restored, 2, 5)).toEqual([
      ['PUT', 'a', 2],
      ['PUT', 'a', 3],
      ['DELETE', 'a', 4],
      ['PUT', 'b', 5],
    ]);
  });

  it('bumpRevision with markCompacted starts past the bump and fails every older read and watch as compacted', async () => {
    const source = openMemoryBackend();
    open.push(source);
    for (let i = 0; i < 9; i++) await source.put(`k${i}`, `v${i}`); // revisions 2..10
    const file = join(tempDir(), 'snap.db');
    expect((await source.snapshot(file)).revision).toBe(10);
    const target = join(tempDir(), 'restored');
    const result = await restoreSnapshot(file, target, { bumpRevision: 1000, markCompacted: true });
    expect(result).toMatchObject({ snapshotRevision: 10, revision: 1010, compactRevision: 1010 });

    const restored = openSqlite(target);
    expect((await restored.status()).compactRevision).toBe(1010);
    expect((await restored.range('k3')).kvs.map(plain)).toEqual([['k3', 'v3', 5, 5, 1, 0]]);
    const err = await restored.range('k3', { revision: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrCompacted);
    expect((err as ErrCompacted).compactRevision).toBe(1010);
    const stale = await restored.watch('k', { rangeEnd: 'l', startRevision: 10 });
    await expect(stale[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(ErrCompacted);

    const fresh = await restored.watch('k', { rangeEnd: 'l', startRevision: 1010 });
    expect((await restored.put('k0', 'new')).header.revision).toBe(1011);
    const next = (await fresh[Symbol.asyncIterator]().next()) as IteratorYieldResult<WatchResponse>;
    expect(next.value.events.map((e) => [e.type, e.kv.key.toString(), e.kv.modRevision])).toEqual([['PUT', 'k0', 1011]]);
    fresh.cancel();
  });

  it('bumpRevision alone moves revisions forward and keeps the history readable', async () => {
    const source = openMemoryBackend();
    open.push(source);
    await source.put('a', '1'); // @2
    await source.put('a', '2'); // @3
    const file = join(tempDir(), 'snap.db');
    await source.snapshot(file);
    const target = join(tempDir(), 'restored');
    await restoreSnapshot(file, target, { bumpRevision: 5 });
    const restored = openSqlite(target);
    expect((await restored.range('a', { revision: 2 })).kvs.map(plain)).toEqual([['a', '1', 2, 2, 1, 0]]);
    expect((await restored.put('a', '3')).header.revision).toBe(9);
    expect((await restored.range('a')).kvs.map(plain)).toEqual([['a', '3', 2, 9, 3, 0]]);
  });

  it('a memory-backend snapshot restores into a SQLite data directory with the same keys and history', async () => {
    const source = openMemoryBackend();
    open.push(source);
    const lease = await source.leaseGrant(600);
    await source.put('/registry/a', 'one');
    await source.put('/registry/a', 'two', { lease: lease.id });
    await source.put('/registry/b', Buffer.from([0, 255, 7]));
    await source.txn({ success: [{ put: { key: '/registry/c', value: '' } }, { deleteRange: { key: '/registry/b' } }] });
    await source.compact(3);
    const file = join(tempDir(), 'snap.db');
    const info = await source.snapshot(file);
    const target = join(tempDir(), 'restored');
    await restoreSnapshot(file, target);
    const restored = openSqlite(target);
    expect(await everything(restored)).toEqual(await everything(source));
    for (let rev = 3; rev <= info.revision; rev++) expect(await everything(restored, rev)).toEqual(await everything(source, rev));
    expect((await restored.range('/registry/b', { revision: 4 })).kvs[0]?.value).toEqual(Buffer.from([0, 255, 7]));
    await expect(restored.range('/registry/a', { revision: 2 })).rejects.toBeInstanceOf(ErrCompacted);
    expect((await restored.leaseLeases()).leases).toEqual([lease.id]);
  });

  it('a target directory that is not empty is refused, etcdctl-style, and left untouched', async () => {
    const source = openMemoryBackend();
    open.push(source);
    await source.put('a', '1');
    const file = join(tempDir(), 'snap.db');
    await source.snapshot(file);
    const parent = tempDir();
    const target = join(parent, 'data');
    mkdirSync(target);
    writeFileSync(join(target, 'precious'), 'keep me');

    const err = await restoreSnapshot(file, target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrDataDirNotEmpty);
    expect((err as Error).message).toBe(`data-dir "${target}" not empty or could not be read`);
    expect(readdirSync(target)).toEqual(['precious']);
    expect(readFileSync(join(target, 'precious'), 'utf8')).toBe('keep me');
    expect(readdirSync(parent)).toEqual(['data']);
  });

  it('an existing empty target directory is accepted, as etcdutl accepts it', async () => {
    const source = openMemoryBackend();
    open.push(source);
    await source.put('a', '1');
    const file = join(tempDir(), 'snap.db');
    await source.snapshot(file);
    const target = join(tempDir(), 'data');
    mkdirSync(target);
    await restoreSnapshot(file, target);
    expect((await openSqlite(target).range('a')).kvs.map((kv) => kv.value.toString())).toEqual(['1']);
  });

  it('the snapshot file is 0600 and the restored data directory 0700 with 0600 files, with nothing left behind', async () => {
    const source = openSqlite(join(tempDir(), 'source'));
    await source.put('a', '1');
    const snapDir = tempDir();
    const file = join(snapDir, 'snap.db');
    const info = await source.snapshot(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(info.totalSize).toBe(statSync(file).size);
    expect(readdirSync(snapDir)).toEqual(['snap.db']);

    const parent = tempDir();
    const target = join(parent, 'restored');
    await restoreSnapshot(file, target);
    expect(readdirSync(parent)).toEqual(['restored']);
    const modes = () => readdirSync(target).map((f) => [f, statSync(join(target, f)).mode & 0o777]);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(modes()).toContainEqual(['db', 0o600]);
    expect(modes().every(([, m]) => m === 0o600)).toBe(true);
    const restored = openSqlite(target);
    await restored.put('b', '2');
    await restored.close();
    expect(modes().every(([, m]) => m === 0o600)).toBe(true);
  });
});
