/**
 * The data directory: private to its user (0700, files 0600, as etcd keeps --data-dir) and
 * held by one store at a time, through an OS lock that dies with its process — so a
 * SIGKILLed daemon leaves no stale lock, and a second daemon is told which pid is in the way.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrDataDirInUse } from '../../src/store/errors.js';
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js';
import { buildChildren, type ChildBuild, type RunningChild } from '../support/children.js';
import { tempDir } from '../support/store.js';

const STORE_FILES = ['db', 'db-wal', 'db-shm', 'lock', 'lock.pid'];

/** Permission bits of each path, in octal, for readable failures. */
function modes(dir: string, files: string[]): Record<string, string> {
  const out: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) };
  for (const f of files) out[f] = (statSync(join(dir, f)).mode & 0o777).toString(8);
  return out;
}

const PRIVATE = { '.': '700', ...Object.fromEntries(STORE_FILES.map((f) => [f, '600'])) };

function inUseError(fn: () => unknown): ErrDataDirInUse {
  try {
    fn();
  } catch (err) {
    if (err instanceof ErrDataDirInUse) return err;
    throw err;
  }
  throw new Error('expected ErrDataDirInUse, but the directory opened');
}

describe('the data directory', () => {
  const root = tempDir('kubelab-data-dir-');
  let children: ChildBuild;
  const running: RunningChild[] = [];
  let umask: number;
  beforeAll(() => {
    children = buildChildren();
  });
  afterEach(async () => {
    for (const c of running.splice(0)) await c.kill();
  });
  afterAll(() => {
    children?.remove();
    root.remove();
  });

  describe('permissions', () => {
    beforeAll(() => {
      // The usual login umask, which would leave new files world-readable.
      umask = process.umask(0o022);
    });
    afterAll(() => {
      process.umask(umask);
    });

    it('is created 0700 with every file 0600 even when the umask is 022', async () => {
      const dir = join(root.path, 'new', 'data');
      const store = openSqliteBackend(dir);
      await store.put('/registry/secrets/default/token', 'hunter2');
      expect(modes(dir, STORE_FILES)).toEqual(PRIVATE);
      await store.close();

      // SQLite deletes its WAL and shared memory on close and makes them anew on the next open.
      const again = openSqliteBackend(dir);
      await again.put('/registry/secrets/default/token', 'hunter3');
      expect(modes(dir, STORE_FILES)).toEqual(PRIVATE);
      await again.close();
    });

    it('tightens a data directory and files that were left readable by others', async () => {
      const dir = join(root.path, 'loose');
      mkdirSync(dir, { mode: 0o755 });
      chmodSync(dir, 0o755);
      for (const f of ['db', 'db-wal', 'lock', 'lock.pid']) writeFileSync(join(dir, f), '', { mode: 0o644 });
      const store = openSqliteBackend(dir);
      await store.put('a', 'b');
      expect(modes(dir, STORE_FILES)).toEqual(PRIVATE);
      await store.close();
    });
  });

  describe('the lock', () => {
    it('refuses a second store in the same process, naming this pid, and leaves the first one working', async () => {
      const dir = join(root.path, 'same-process');
      const store = openSqliteBackend(dir);
      const err = inUseError(() => openSqliteBackend(dir));
      expect(err.holderPid).toBe(process.pid);
      expect(err.message).toContain(`(pid ${process.pid})`);
      expect((await store.put('still', 'works')).header.revision).toBe(2);
      await store.close();
    });

    it('refuses another process while this one holds the directory, naming this pid', async () => {
      const dir = join(root.path, 'held-here');
      const store = openSqliteBackend(dir);
      const child = children.spawn('data-dir-holder', ['try', dir]);
      running.push(child);
      const report = JSON.parse(await child.line(() => true)) as { code?: string; holderPid?: number };
      expect(report).toMatchObject({ code: 'DataDirInUse', holderPid: process.pid });
      await store.close();
    });

    it('refuses this process while another holds the directory, naming that pid', async () => {
      const dir = join(root.path, 'held-there');
      const child = children.spawn('data-dir-holder', ['hold', dir]);
      running.push(child);
      await child.line((l) => l.includes('"held"'));
      const err = inUseError(() => openSqliteBackend(dir));
      expect(err.holderPid).toBe(child.pid);
      expect(err.message).toContain(`pid ${child.pid}`);
    });

    it('is released by close()', async () => {
      const dir = join(root.path, 'closed');
      const store = openSqliteBackend(dir);
      await store.put('a', '1');
      await store.close();

      const child = children.spawn('data-dir-holder', ['try', dir]);
      running.push(child);
      expect(JSON.parse(await child.line(() => true))).toEqual({ opened: true });
      await child.exited;
      const again = openSqliteBackend(dir);
      expect((await again.range('a')).kvs[0]?.value.toString()).toBe('1');
      await again.close();
    });

    it('is released when the holder is killed with SIGKILL, keeping what it wrote', async () => {
      const dir = join(root.path, 'killed');
      const child = children.spawn('data-dir-holder', ['hold', dir]);
      running.push(child);
      await child.line((l) => l.includes('"held"'));
      expect(readFileSync(join(dir, 'lock.pid'), 'utf8').trim()).toBe(String(child.pid));
      await child.kill();

      const store = openSqliteBackend(dir);
      expect((await store.range('held-by')).kvs[0]?.value.toString()).toBe(String(child.pid));
      // The directory is ours now, and says so to the next comer.
      expect(inUseError(() => openSqliteBackend(dir)).holderPid).toBe(process.pid);
      await store.close();
    });
  });
});
