/**
 * Reopening a persistent store (ARCHITECTURE.md rule 5, "the store is a log"): closing and
 * opening the data directory again keeps the revision counter, the history, the compaction
 * and the leases with their keys — what a restarted etcd member recovers from its backend.
 * Only for backends with a data directory; skipped (and said so) for the others.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kubelab/core';
import type { BackendUnderTest, StoreUnderTest } from './backends.js';
import { tempDataDir } from './backends.js';
import { currentRevision, given, outcome, range, showBytes, showEvents, stateOf } from './notation.js';
import { watch } from './watching.js';

/** A test on a store holding `history`, closed and opened again before `afterReopen` runs. */
function acrossReopen(b: BackendUnderTest, sentence: string, notation: string, afterReopen: (s: StoreUnderTest, clock: FakeClock) => Promise<void>, beforeClose?: (s: StoreUnderTest, clock: FakeClock) => Promise<void>): void {
  it.skipIf(!b.persistent)(`${sentence}: ${notation}`, async () => {
    const dataDir = tempDataDir();
    const clock = new FakeClock();
    const first = await b.open({ dataDir, clock });
    await given(first, notation.split('→')[0] ?? '');
    await beforeClose?.(first, clock);
    await first.close();
    const second = await b.open({ dataDir, clock });
    await afterReopen(second, clock);
  });
}

export function reopen(b: BackendUnderTest): void {
  describe(`reopening${b.persistent ? '' : ' (not a persistent backend: skipped)'}`, () => {
    it.skipIf(!b.persistent)('a second store cannot open a data directory that is in use, and can once it is closed', async () => {
      const dataDir = tempDataDir();
      const first = await b.open({ dataDir });
      await first.put('a', 'x');
      await expect(b.open({ dataDir })).rejects.toMatchObject({ name: 'ErrDataDirInUse', dataDir, holderPid: process.pid });
      await first.close();
      const second = await b.open({ dataDir });
      expect(await range(second, 'a')).toBe('[a=x@2] count 1');
    });

    acrossReopen(b, 'the revision counter carries on where it was', 'put(a)@2 put(b)@3 del(b)@4 → reopen; header 4, put(c)@5', async (s) => {
      expect(await currentRevision(s)).toBe(4);
      expect((await s.put('c', 'x')).header.revision).toBe(5);
    });

    acrossReopen(b, 'the history stays readable and watchable', 'put(a)@2 put(b)@3 put(a)@4 del(b)@5 → reopen; range(a.., rev 3) = [a@2, b@3]; watch(a.., from 2) = all four', async (s) => {
      expect(await range(s, 'a..', { revision: 3 })).toBe('[a=v2@2, b=v3@3] count 2');
      expect(await stateOf(s, 'a')).toBe('a{create_revision: 2, mod_revision: 4, version: 2}');
      const w = await watch(s, 'a..', { startRevision: 2 });
      expect(showEvents(await w.events(4))).toBe('[PUT a=v2@2, PUT b=v3@3, PUT a=v4@4, DELETE b@5]');
    });

    acrossReopen(
      b,
      'the compaction stays, with the tombstone at the compact revision',
      'put(a)@2 put(a)@3 del(a)@4 put(b)@5 compact(4) → reopen; range(a, rev 3) = ErrCompacted{4}; watch(a, from 4) = [DELETE a@4]',
      async (s) => {
        expect(await range(s, 'a', { revision: 3 })).toBe('ErrCompacted{4}');
        expect((await s.status()).compactRevision).toBe(4);
        expect(await outcome(s.compact(4), () => 'ok')).toBe('ErrCompacted{4}');
        const w = await watch(s, 'a', { startRevision: 4 });
        expect(showEvents(await w.events(1))).toBe('[DELETE a@4]');
        expect(await outcome(s.compact(5), () => 'ok')).toBe('ok');
      },
    );

    acrossReopen(
      b,
      'a physical compaction stays, and keys keep their create revisions and versions',
      'put(a)@2 put(a)@3 put(a)@4 put(b)@5 del(b)@6 put(b)@7 → compact(6, physical), reopen; a{create 2, version 3}, b{create 7, version 1}',
      async (s) => {
        expect(await stateOf(s, 'a')).toBe('a{create_revision: 2, mod_revision: 4, version: 3}');
        expect(await stateOf(s, 'b')).toBe('b{create_revision: 7, mod_revision: 7, version: 1}');
        expect(await stateOf(s, 'b', 6)).toBe('absent');
        expect((await s.put('a', 'x')).header.revision).toBe(8);
        expect(await stateOf(s, 'a')).toBe('a{create_revision: 2, mod_revision: 8, version: 4}');
        expect(await range(s, 'a', { revision: 5 })).toBe('ErrCompacted{6}');
      },
      async (s) => {
        await s.compact(6, { physical: true });
      },
    );

    acrossReopen(
      b,
      'the revision survives a compaction that kept nothing but tombstones',
      'put(a)@2 del(a)@3 compact(3) put(b)@4 del(b)@5 → compact(5, physical), reopen; header 5, put(c)@6',
      async (s) => {
        expect(await currentRevision(s)).toBe(5);
        expect(await range(s, 'a..')).toBe('[] count 0');
        expect((await s.put('c', 'x')).header.revision).toBe(6);
        expect(await stateOf(s, 'b')).toBe('absent');
        expect((await s.put('b', 'x')).header.revision).toBe(7);
        expect(await stateOf(s, 'b')).toBe('b{create_revision: 7, mod_revision: 7, version: 1}');
      },
      async (s) => {
        await s.compact(5, { physical: true });
      },
    );

    acrossReopen(
      b,
      'leases stay, with their keys, and revoking one after reopening deletes them in one revision',
      'grant(7) put(a,lease=7)@2 put(b,lease=7)@3 put(c)@4 → reopen; leases = [7], timeToLive(7).keys = [a, b]; revoke(7)@5',
      async (s) => {
        expect((await s.leaseLeases()).leases).toEqual([7]);
        const t = await s.leaseTimeToLive(7, { keys: true });
        expect([t.grantedTtl, t.keys.map(showBytes)]).toEqual([3600, ['a', 'b']]);
        expect((await s.range('a')).kvs[0]?.lease).toBe(7);
        const w = await watch(s, 'a..');
        expect((await s.leaseRevoke(7)).header.revision).toBe(5);
        expect(showEvents((await w.response()).events)).toBe('[DELETE a@5, DELETE b@5]');
        expect(await range(s, 'a..')).toBe('[c=v4@4] count 1');
      },
    );

    acrossReopen(b, 'a revoked lease and a detached key stay that way', 'grant(7) grant(8) put(a,lease=7)@2 put(a)@3 put(b,lease=8)@4 → revoke(8)@5, reopen; leases = [7] with no keys', async (s) => {
      expect((await s.leaseLeases()).leases).toEqual([7]);
      expect((await s.leaseTimeToLive(7, { keys: true })).keys).toEqual([]);
      expect((await s.leaseTimeToLive(8)).ttl).toBe(-1);
      expect(await range(s, 'a..')).toBe('[a=v3@3] count 1');
    }, async (s) => {
      await s.leaseRevoke(8);
    });

    // etcd's lessor.Promote: a member that restarts gives every lease a fresh TTL, so a
    // restart never expires a lease early.
    acrossReopen(b, 'a reopened lease gets a fresh TTL and then expires on schedule', 'put(z)@2 → grant(9, ttl 10) put(k, lease 9)@3, +8s, reopen; +9.5s alive, +1s gone', async (s, clock) => {
      expect((await s.leaseTimeToLive(9)).ttl).toBe(10);
      const w = await watch(s, 'k');
      clock.advance(9_500);
      expect(await range(s, 'k')).toBe('[k=x@3] count 1');
      clock.advance(1_000);
      expect(showEvents((await w.response()).events)).toBe('[DELETE k@4]');
    }, async (s, clock) => {
      await s.leaseGrant(10, 9);
      await s.put('k', 'x', { lease: 9 });
      clock.advance(8_000);
    });
  });
}
