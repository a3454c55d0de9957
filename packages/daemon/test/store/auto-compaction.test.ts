/**
 * Auto-compaction as etcd does it (--auto-compaction-mode, --auto-compaction-retention),
 * driven by a FakeClock through the SQLite backend's `autoCompaction` option: it compacts to
 * the revisions etcd would pick, reads below them fail ErrCompacted, and nothing at or above
 * them is lost.
 */
import { join } from 'node:path';
import { FakeClock } from '@kubelab/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/store/backend.js';
import { ErrCompacted } from '../../src/store/errors.js';
import type { MvccBackend } from '../../src/store/mvcc-backend.js';
import { openSqliteBackend, type SqliteBackendOptions } from '../../src/store/sqlite/sqlite-backend.js';
import { revisionRange, revisionsInHistory, tempDir, until } from '../support/store.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

const root = tempDir('kubelab-auto-compaction-');
afterAll(() => root.remove());
let dirs = 0;

/** A store with `prefill` puts already in it, reopened with auto-compaction on a FakeClock. */
async function openStore(options: SqliteBackendOptions, prefill = 5): Promise<{ store: MvccBackend; clock: FakeClock; dir: string }> {
  const dir = join(root.path, `store-${dirs++}`);
  const first = openSqliteBackend(dir);
  for (let i = 0; i < prefill; i++) await first.put(`pre/${i}`, `${i}`);
  await first.close();
  const clock = new FakeClock();
  return { store: openSqliteBackend(dir, { ...options, clock }), clock, dir };
}

async function compactRevision(store: Backend): Promise<number> {
  return (await store.status()).compactRevision;
}

/** Lets queued writes (a compaction the clock just started) commit. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Puts and the revision each got, to check history against after compaction. */
class History {
  readonly writes: Array<{ key: string; value: string; rev: number }> = [];

  async put(store: Backend, key: string, value: string): Promise<number> {
    const rev = (await store.put(key, value)).header.revision;
    this.writes.push({ key, value, rev });
    return rev;
  }

  /** Every write at or above the compaction reads back at its revision; every one below fails. */
  async expectCompactedAt(store: MvccBackend, compactRev: number): Promise<void> {
    let kept = 0;
    for (const w of this.writes) {
      if (w.rev >= compactRev) {
        const kv = (await store.range(w.key, { revision: w.rev })).kvs[0];
        expect(kv?.value.toString(), `${w.key}@${w.rev}`).toBe(w.value);
        kept++;
      } else {
        await expect(store.range(w.key, { revision: w.rev })).rejects.toThrow(ErrCompacted);
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(await revisionsInHistory(store, compactRev + 1)).toEqual(revisionRange(compactRev + 1, store.revision));
  }
}

describe("auto-compaction in mode 'revision'", () => {
  it('compacts every 5 minutes to the current revision less the retention', async () => {
    const { store, clock } = await openStore({ autoCompaction: { mode: 'revision', retention: 10 } });
    const history = new History();
    for (let i = 0; i < 25; i++) await history.put(store, `k/${i % 4}`, `v${i}`);
    expect(store.revision).toBe(31);

    clock.advance(5 * MINUTE - 1);
    await turn();
    expect(await compactRevision(store)).toBe(0);

    clock.advance(1);
    await until(async () => (await compactRevision(store)) === 21, 'compaction to 21');
    await expect(store.range('k/0', { revision: 20 })).rejects.toMatchObject({ compactRevision: 21 });
    await history.expectCompactedAt(store, 21);
    // The newest state is untouched.
    expect((await store.range('k/', { rangeEnd: 'k0' })).kvs.map((kv) => kv.value.toString())).toEqual(['v24', 'v21', 'v22', 'v23']);

    for (let i = 25; i < 30; i++) await history.put(store, `k/${i % 4}`, `v${i}`);
    clock.advance(5 * MINUTE);
    await until(async () => (await compactRevision(store)) === 26, 'compaction to 26');
    await history.expectCompactedAt(store, 26);
    await store.close();
  });

  it('leaves an idle store alone, and a store younger than the retention', async () => {
    const { store, clock } = await openStore({ autoCompaction: { mode: 'revision', retention: 100 } });
    clock.advance(15 * MINUTE);
    await turn();
    expect(await compactRevision(store)).toBe(0);

    for (let i = 0; i < 100; i++) await store.put('busy', `${i}`);
    clock.advance(5 * MINUTE);
    await until(async () => (await compactRevision(store)) === 6, 'compaction to 6');
    const { header } = await store.status();

    // Nothing written since: nothing to compact, and no error either.
    clock.advance(30 * MINUTE);
    await turn();
    expect(await store.status()).toMatchObject({ header, compactRevision: 6 });
    await store.close();
  });

  it('counts a compaction someone else made further ahead as done, and moves on from it', async () => {
    const { store, clock } = await openStore({ autoCompaction: { mode: 'revision', retention: 10 } });
    for (let i = 0; i < 30; i++) await store.put('k', `${i}`);
    await store.compact(36);
    // 36 - 10 = 26 is behind the compaction already made: nothing to do.
    clock.advance(5 * MINUTE);
    await turn();
    expect(await compactRevision(store)).toBe(36);

    for (let i = 0; i < 20; i++) await store.put('k', `${i}`);
    clock.advance(5 * MINUTE);
    await until(async () => (await compactRevision(store)) === 46, 'compaction to 46');
    await store.close();
  });
});

describe("auto-compaction in mode 'periodic'", () => {
  /**
   * One put a minute; revisionAt[m] is the revision when minute m began (what a sample taken
   * then saw). Returns after `minutes`, checking the compact revision after every minute.
   */
  async function writeEveryMinute(
    store: MvccBackend,
    clock: FakeClock,
    history: History,
    minutes: number,
    expected: (minute: number, revisionAt: number[]) => number,
  ): Promise<number[]> {
    const revisionAt = [store.revision];
    for (let m = 1; m <= minutes; m++) {
      clock.advance(MINUTE);
      revisionAt[m] = store.revision;
      await history.put(store, `lease/node-${m % 3}`, `renewed at minute ${m}`);
      expect(await compactRevision(store), `compact revision after minute ${m}`).toBe(expected(m, revisionAt));
    }
    return revisionAt;
  }

  it('with 1h retention compacts every hour to the revision of an hour before', async () => {
    const { store, clock } = await openStore({ autoCompaction: { mode: 'periodic', retention: HOUR } });
    const history = new History();
    // Before 1:00 nothing; from then on, at each full hour h, the revision of hour h-1.
    const revisionAt = await writeEveryMinute(store, clock, history, 180, (m, at) => (m < 60 ? 0 : at[Math.floor(m / 60) * 60 - 60]!));
    expect(revisionAt[0]).toBe(6);
    await history.expectCompactedAt(store, revisionAt[120]!);
    await store.close();
  });

  it('with 10m retention compacts every 10 minutes to the revision of 10 minutes before', async () => {
    const { store, clock } = await openStore({ autoCompaction: { mode: 'periodic', retention: 10 * MINUTE } });
    const history = new History();
    const revisionAt = await writeEveryMinute(store, clock, history, 45, (m, at) => (m < 10 ? 0 : at[Math.floor(m / 10) * 10 - 10]!));
    await history.expectCompactedAt(store, revisionAt[30]!);
    await store.close();
  });

  it('with 24h retention waits a day, then compacts every hour to the revision of 24 hours before', async () => {
    const { store, clock } = await openStore({ autoCompaction: { mode: 'periodic', retention: 24 * HOUR } });
    const revisionAt: number[] = [];
    for (let m = 0; m <= 27 * 60; m += 6) {
      if (m > 0) clock.advance(6 * MINUTE);
      revisionAt[m] = store.revision;
      await store.put('lease/node-0', `${m}`);
      const compacted = await compactRevision(store);
      if (m < 24 * 60) expect(compacted, `at minute ${m}`).toBe(0);
      else expect(compacted, `at minute ${m}`).toBe(revisionAt[Math.floor(m / 60) * 60 - 24 * 60]);
    }
    await store.close();
  });

  it('keeps its compaction across a restart, and stops its timers on close', async () => {
    const { store, clock, dir } = await openStore({ autoCompaction: { mode: 'periodic', retention: 10 * MINUTE } });
    for (let m = 1; m <= 10; m++) {
      clock.advance(MINUTE);
      await store.put('k', `${m}`);
    }
    expect(await compactRevision(store)).toBe(6);
    await store.close();
    expect(clock.pending()).toBe(0);

    const reopened = openSqliteBackend(dir);
    expect(await compactRevision(reopened)).toBe(6);
    await expect(reopened.range('k', { revision: 5 })).rejects.toThrow(ErrCompacted);
    expect((await reopened.range('pre/0', { revision: 6 })).kvs[0]?.value.toString()).toBe('0');
    await reopened.close();
  });
});

describe('auto-compaction options', () => {
  it('refuses a retention that is not a positive number before opening anything', () => {
    const dir = join(root.path, 'bad-options');
    expect(() => openSqliteBackend(dir, { autoCompaction: { mode: 'revision', retention: 0 } })).toThrow(/retention/);
    expect(() => openSqliteBackend(dir, { autoCompaction: { mode: 'periodic', retention: Number.NaN } })).toThrow(/retention/);
    // The refusal left the directory free.
    const store = openSqliteBackend(dir);
    return store.close();
  });
});
