import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { findEtcd, startEtcd } from '../../src/store/etcd/etcd-process.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';
import {
  formatSnapshotStatusJson,
  formatSnapshotStatusSimple,
  formatSnapshotStatusTable,
  humanizeBytes,
} from '../../src/store/snapshot/print.js';
import { type SnapshotStatus, snapshotStatus } from '../../src/store/snapshot/status.js';
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kl-snapstat-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** crc32 of the SQLite database at the start of the file, computed without the snapshot code. */
function databaseCrc(path: string): number {
  const db = new Database(path, { readonly: true });
  const size = (db.pragma('page_size', { simple: true }) as number) * (db.pragma('page_count', { simple: true }) as number);
  db.close();
  return crc32(readFileSync(path).subarray(0, size));
}

describe('snapshot status', () => {
  for (const [name, open] of [
    ['sqlite', (dir: string) => openSqliteBackend(join(dir, 'data'), { walCheckpointIntervalMs: 0 })],
    ['memory', () => openMemoryBackend()],
  ] as const) {
    it(`reports the ${name} store's revision, history rows, content hash and file size`, async () => {
      const dir = tempDir();
      const store = open(dir);
      await store.put('a', '1'); // @2
      await store.put('a', '2'); // @3
      await store.put('b', '1'); // @4
      await store.deleteRange('a'); // @5: a tombstone row
      await store.txn({ success: [{ put: { key: 'c', value: '1' } }, { put: { key: 'd', value: '1' } }] }); // @6: two rows
      await store.compact(3, { physical: true }); // drops a@2
      const file = join(dir, 'snap.db');
      const saved = await store.snapshot(file);
      await store.close();

      const status = await snapshotStatus(file);
      expect(status).toEqual({ hash: databaseCrc(file), revision: 6, totalKey: 5, totalSize: statSync(file).size });
      expect(saved).toEqual(status);
    });
  }
});

describe('snapshot status output', () => {
  // Captured from etcdctl 3.4.23 `snapshot status -w <format>` on a 20 kB snapshot.
  const etcdExample: SnapshotStatus = { hash: 145533080, revision: 21, totalKey: 24, totalSize: 20480 };

  it("the table is etcdctl's: centred header, right-aligned cells, hex hash, humanized size", () => {
    expect(formatSnapshotStatusTable(etcdExample)).toBe(
      [
        '+---------+----------+------------+------------+',
        '|  HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |',
        '+---------+----------+------------+------------+',
        '| 8aca898 |       21 |         24 |      20 kB |',
        '+---------+----------+------------+------------+',
        '',
      ].join('\n'),
    );
  });

  it('columns widen for values longer than their header', () => {
    const table = formatSnapshotStatusTable({ hash: 0xdeadbeef, revision: 123456789012, totalKey: 7, totalSize: 5 });
    expect(table.split('\n').slice(1, 4)).toEqual([
      '|   HASH   |   REVISION   | TOTAL KEYS | TOTAL SIZE |',
      '+----------+--------------+------------+------------+',
      '| deadbeef | 123456789012 |          7 |        5 B |',
    ]);
  });

  it("the JSON and simple forms are etcdctl's", () => {
    expect(formatSnapshotStatusJson(etcdExample)).toBe('{"hash":145533080,"revision":21,"totalKey":24,"totalSize":20480}\n');
    expect(formatSnapshotStatusSimple(etcdExample)).toBe('8aca898, 21, 24, 20 kB\n');
  });

  it("sizes are humanized as go-humanize's Bytes: SI units, one decimal below ten", () => {
    const cases: Array<[number, string]> = [
      [0, '0 B'],
      [9, '9 B'],
      [10, '10 B'],
      [999, '999 B'],
      [1000, '1.0 kB'],
      [1549, '1.5 kB'],
      [9960, '10 kB'],
      [12500, '12 kB'], // Go's %.0f rounds a half to even
      [13500, '14 kB'],
      [20480, '20 kB'],
      [2138112, '2.1 MB'],
      [5_000_000_000, '5.0 GB'],
    ];
    expect(cases.map(([n]) => [n, humanizeBytes(n)])).toEqual(cases);
  });

  it.skipIf(!findEtcd() || spawnSync('etcdctl', ['version']).status !== 0)(
    "prints exactly what etcdctl prints for the same numbers from a real etcd's snapshot",
    async () => {
      const etcd = await startEtcd();
      try {
        const env = { ...process.env, ETCDCTL_API: '3' };
        const ctl = (...args: string[]) => {
          const r = spawnSync('etcdctl', [`--endpoints=${etcd.endpoint}`, ...args], { env, encoding: 'utf8' });
          expect(r.status, r.stderr).toBe(0);
          return r.stdout;
        };
        for (let i = 0; i < 40; i++) ctl('put', `/registry/k${i % 30}`, 'v'.repeat(i * 100));
        const file = join(tempDir(), 'etcd.db');
        ctl('snapshot', 'save', file);
        const numbers = JSON.parse(ctl('snapshot', 'status', file, '-w', 'json')) as SnapshotStatus;
        expect(formatSnapshotStatusTable(numbers)).toBe(ctl('snapshot', 'status', file, '-w', 'table'));
        expect(formatSnapshotStatusSimple(numbers)).toBe(ctl('snapshot', 'status', file, '-w', 'simple'));
        expect(formatSnapshotStatusJson(numbers)).toBe(ctl('snapshot', 'status', file, '-w', 'json'));
      } finally {
        await etcd.stop();
      }
    },
  );
});
