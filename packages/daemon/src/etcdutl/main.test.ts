/**
 * kubelab-etcdutl, the offline entry behind `kubelab etcd snapshot status|restore`: its
 * output, its errors in etcdutl's words and exit codes, and that a refused restore leaves
 * nothing behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteBackend } from '../store/sqlite/sqlite-backend.js';
import { main } from './main.js';

let dir: string;
let snapshot: string;
let revision: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-etcdutl-'));
  const store = openSqliteBackend(join(dir, 'source'));
  await store.put('/registry/configmaps/default/a', 'one');
  revision = (await store.put('/registry/configmaps/default/b', 'two')).header.revision;
  snapshot = join(dir, 's.db');
  await store.snapshot(snapshot);
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('kubelab-etcdutl snapshot status', () => {
  it('prints the status in etcdctl simple, json and table form', async () => {
    const json = await run('snapshot', 'status', '-w', 'json', snapshot);
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
    expect(Object.keys(status)).toEqual(['hash', 'revision', 'totalKey', 'totalSize']);
    expect(status).toMatchObject({ revision, totalKey: 2, totalSize: readFileSync(snapshot).length });
    expect((await run('snapshot', 'status', snapshot)).stdout).toMatch(new RegExp(`^${status.hash.toString(16)}, ${revision}, 2, \\d+ kB\\n$`));
    expect((await run('snapshot', 'status', '--write-out=table', snapshot)).stdout).toContain('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |\n');
  });

  it("refuses what etcdutl refuses, in its words and with its exit codes", async () => {
    expect(await run('snapshot', 'status', join(dir, 'missing.db'))).toEqual({ code: 1, stdout: '', stderr: `Error: stat ${join(dir, 'missing.db')}: no such file or directory\n` });
    expect(await run('snapshot', 'status')).toEqual({ code: 128, stdout: '', stderr: 'Error: snapshot status requires exactly one argument\n' });
    expect(await run('snapshot', 'status', '-w', 'yaml', snapshot)).toEqual({ code: 4, stdout: '', stderr: 'Error: unsupported output format\n' });
    expect(await run('snapshot', 'status', '--bogus', snapshot)).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown flag: --bogus\n' });
  });
});

describe('kubelab-etcdutl snapshot restore', () => {
  it('restores into a new data directory with the revision bumped and history marked compacted', async () => {
    const target = join(dir, 'restored');
    const r = await run('snapshot', 'restore', snapshot, '--data-dir', target, '--bump-revision', '1000', '--mark-compacted');
    expect(r).toEqual({ code: 0, stdout: '', stderr: `restored snapshot ${snapshot} (revision ${revision}, bumped to ${revision + 1000}; compacted at ${revision + 1000}) into ${target}\n` });
    const store = openSqliteBackend(target);
    try {
      const got = await store.range('/registry/configmaps/', { rangeEnd: '/registry/configmaps0' });
      expect(got.kvs.map((kv) => kv.value.toString())).toEqual(['one', 'two']);
      expect(got.header.revision).toBe(revision + 1000);
      await expect(store.range('/registry/configmaps/default/a', { revision })).rejects.toThrow('required revision has been compacted');
    } finally {
      await store.close();
    }
  });

  it('applies etcdutl 3.5\'s flag rules: --bump-revision and --mark-compacted go together, --data-dir is required', async () => {
    const target = join(dir, 'never');
    const rule = { code: 128, stdout: '', stderr: 'Error: --mark-compacted required if --revision-bump > 0\n' };
    expect(await run('snapshot', 'restore', snapshot, '--data-dir', target, '--bump-revision', '5')).toEqual(rule);
    expect(await run('snapshot', 'restore', snapshot, '--data-dir', target, '--mark-compacted')).toEqual(rule);
    expect(await run('snapshot', 'restore', snapshot)).toEqual({ code: 1, stdout: '', stderr: 'Error: required flag(s) "data-dir" not set\n' });
    expect(await run('snapshot', 'restore', '--data-dir', target)).toEqual({ code: 128, stdout: '', stderr: 'Error: snapshot restore requires exactly one argument\n' });
    expect((await run('snapshot', 'restore', snapshot, '--data-dir', target, '--bump-revision', 'x', '--mark-compacted')).stderr).toBe(
      'Error: invalid argument "x" for "--bump-revision" flag: strconv.ParseUint: parsing "x": invalid syntax\n',
    );
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a snapshot with a flipped byte or cut short, and creates nothing', async () => {
    const bytes = readFileSync(snapshot);
    const flipped = Buffer.from(bytes);
    flipped[4096] = flipped[4096]! ^ 0x01;
    writeFileSync(join(dir, 'flipped.db'), flipped);
    writeFileSync(join(dir, 'cut.db'), bytes.subarray(0, 3000));
    const target = join(dir, 'not-created');
    const bad = await run('snapshot', 'restore', join(dir, 'flipped.db'), '--data-dir', target);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: snapshot .*flipped\.db: integrity check failed: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}\n$/);
    const cut = await run('snapshot', 'restore', join(dir, 'cut.db'), '--data-dir', target);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/^Error: snapshot .*cut\.db: truncated: 3000 bytes, but its database alone needs \d+\n$/);
    expect(existsSync(target)).toBe(false);
    expect((await run('snapshot', 'status', join(dir, 'flipped.db'))).code).toBe(1);
  });
});
