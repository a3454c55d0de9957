import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrSnapshotCorrupt } from '../../src/store/errors.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';
import { encodeTrailer } from '../../src/store/snapshot/format.js';
import { restoreSnapshot } from '../../src/store/snapshot/restore.js';
import { snapshotStatus } from '../../src/store/snapshot/status.js';
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js';

let dir: string;
let snapshot: string;
/** Bytes of the database at the start of the snapshot (the trailer follows). */
let dataSize: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kl-snapint-'));
  const store = openMemoryBackend();
  for (let i = 0; i < 50; i++) await store.put(`/registry/secrets/default/s${i}`, `value-${i}`.repeat(20));
  snapshot = join(dir, 'snap.db');
  await store.snapshot(snapshot);
  await store.close();
  const db = new Database(snapshot, { readonly: true });
  dataSize = (db.pragma('page_size', { simple: true }) as number) * (db.pragma('page_count', { simple: true }) as number);
  db.close();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the snapshot with the byte at position inverted. */
function flipped(position: number): string {
  const bytes = readFileSync(snapshot);
  bytes[position] = bytes[position]! ^ 0xff;
  const path = join(dir, `flipped-${position}.db`);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ErrSnapshotCorrupt);
  return err as Error;
}

describe('snapshot integrity', () => {
  it('an intact snapshot passes status and restore', async () => {
    expect((await snapshotStatus(snapshot)).revision).toBe(51);
    await restoreSnapshot(snapshot, join(dir, 'ok'));
    expect(existsSync(join(dir, 'ok', 'db'))).toBe(true);
  });

  it('one flipped byte anywhere in the file is refused by status and by restore, which writes nothing', async () => {
    const size = statSync(snapshot).size;
    const positions = {
      'SQLite header': 0,
      'page size': 16,
      'first table page': 4096 + 200,
      'last database byte': dataSize - 1,
      'trailer magic': dataSize + 3,
      'trailer JSON': dataSize + 30,
      'JSON length': size - 36,
      sha256: size - 1,
    };
    for (const [where, position] of Object.entries(positions)) {
      const path = flipped(position);
      const status = await refusal(snapshotStatus(path));
      expect(status.message, where).toMatch(/integrity check failed|damaged/);
      const target = join(dir, `restored-${position}`);
      await refusal(restoreSnapshot(path, target));
      expect(existsSync(target), where).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a flipped byte in the data is reported as a sha256 mismatch, as etcdctl reports it', async () => {
    const err = await refusal(snapshotStatus(flipped(dataSize - 100)));
    expect(err.message).toMatch(/^snapshot .*flipped-\d+\.db: integrity check failed: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}$/);
  });

  it('a truncated snapshot is refused as truncated', async () => {
    const path = join(dir, 'truncated.db');
    copyFileSync(snapshot, path);
    truncateSync(path, Math.floor(dataSize / 2));
    const err = await refusal(snapshotStatus(path));
    expect(err.message).toBe(`snapshot ${path}: truncated: ${Math.floor(dataSize / 2)} bytes, but its database alone needs ${dataSize}`);
    await refusal(restoreSnapshot(path, join(dir, 'restored')));
    expect(existsSync(join(dir, 'restored'))).toBe(false);
  });

  it('a snapshot missing only its last byte is refused', async () => {
    const path = join(dir, 'short.db');
    copyFileSync(snapshot, path);
    truncateSync(path, statSync(snapshot).size - 1);
    const err = await refusal(snapshotStatus(path));
    expect(err.message).toMatch(/trailer after its database is damaged or cut short/);
  });

  it('a file that is not a snapshot is refused as not a snapshot', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'these are not the bytes you are looking for\n'.repeat(10));
    const err = await refusal(snapshotStatus(path));
    expect(err.message).toBe(`snapshot ${path}: not a kubelab snapshot: it holds no SQLite database and no snapshot trailer`);
    await refusal(restoreSnapshot(path, join(dir, 'restored')));
  });

  it('another SQLite database is refused even with skipHashCheck, as not a kubelab store', async () => {
    const path = join(dir, 'other.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const err = await refusal(restoreSnapshot(path, join(dir, 'restored'), { skipHashCheck: true }));
    expect(err.message).toBe(`snapshot ${path}: not a kubelab store: its database has no kv, lease, meta table`);
    expect(existsSync(join(dir, 'restored'))).toBe(false);
  });

  it('a snapshot from a newer kubelab is refused as such, not as damage', async () => {
    const data = readFileSync(snapshot).subarray(0, dataSize);
    const meta = { ...(await snapshotStatus(snapshot)), formatVersion: 2, compactRevision: 0, clusterId: 'x', dataSize };
    const body = Buffer.concat([data, encodeTrailer(meta)]);
    const path = join(dir, 'newer.db');
    writeFileSync(path, Buffer.concat([body, createHash('sha256').update(body).digest()]));
    const err = await refusal(snapshotStatus(path));
    expect(err.message).toBe(`snapshot ${path}: written by a newer kubelab (snapshot format 2)`);
  });

  it('a missing file is reported as etcdctl reports it', async () => {
    const path = join(dir, 'missing.db');
    for (const attempt of [snapshotStatus(path), restoreSnapshot(path, join(dir, 'restored'))]) {
      const err = await refusal(attempt);
      expect(err.message).toBe(`open ${path}: no such file or directory`);
      expect((err as Error & { errno: string }).errno).toBe('ENOENT');
    }
    expect(existsSync(join(dir, 'restored'))).toBe(false);
  });

  it("a db copied from a stopped store's data directory restores only with skipHashCheck", async () => {
    const dataDir = join(dir, 'stopped');
    const store = openSqliteBackend(dataDir, { walCheckpointIntervalMs: 0 });
    await store.put('a', '1');
    await store.put('a', '2');
    await store.close();
    const raw = join(dir, 'raw-db');
    copyFileSync(join(dataDir, 'db'), raw);

    const err = await refusal(restoreSnapshot(raw, join(dir, 'refused')));
    expect(err.message).toMatch(/snapshot missing hash .*skip-hash-check/);
    expect(existsSync(join(dir, 'refused'))).toBe(false);

    const target = join(dir, 'restored');
    await restoreSnapshot(raw, target, { skipHashCheck: true });
    const restored = openSqliteBackend(target, { walCheckpointIntervalMs: 0 });
    try {
      const kvs = (await restored.range('a')).kvs;
      expect(kvs.map((kv) => [kv.value.toString(), kv.modRevision, kv.version])).toEqual([['2', 3, 2]]);
    } finally {
      await restored.close();
    }
  });
});
