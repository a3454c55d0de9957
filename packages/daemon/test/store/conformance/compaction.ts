/**
 * Compaction (backend.ts "Compaction"; etcd's mvcc/kvstore.go compact and key_index.go
 * compact): which versions survive, the tombstone kept at exactly the compact revision for
 * watchers (etcd #18089, #19179), the revisions compaction refuses, and physical compaction.
 */
import { describe, expect } from 'vitest';
import type { BackendUnderTest } from './backends.js';
import { currentRevision, example, outcome, range, showEvents, stateOf } from './notation.js';
import { watch } from './watching.js';

export function compaction(b: BackendUnderTest): void {
  describe('compaction', () => {
    example(
      b,
      'compaction keeps each key’s newest version at or below its revision',
      'put(a)@2 put(a)@3 put(a)@4 put(b)@5 compact(3) → range(a, rev 3) = [a=v3@3]; range(a, rev 2) = ErrCompacted{3}',
      async (s) => {
        expect(await range(s, 'a', { revision: 3 })).toBe('[a=v3@3] count 1');
        expect(await range(s, 'a', { revision: 2 })).toBe('ErrCompacted{3}');
        expect(await range(s, 'a..', { revision: 4 })).toBe('[a=v4@4] count 1');
        expect(await range(s, 'a..')).toBe('[a=v4@4, b=v5@5] count 2');
        expect(await stateOf(s, 'a')).toBe('a{create_revision: 2, mod_revision: 4, version: 3}');
      },
    );

    example(
      b,
      'compaction forgets keys deleted below its revision',
      'put(a)@2 del(a)@3 put(b)@4 compact(4) → range(a.., rev 4) = [b=v4@4]; watch(a.., from 4) = [PUT b=v4@4]',
      async (s) => {
        expect(await range(s, 'a..', { revision: 4 })).toBe('[b=v4@4] count 1');
        const w = await watch(s, 'a..', { startRevision: 4 });
        expect(showEvents(await w.events(1))).toBe('[PUT b=v4@4]');
      },
    );

    example(
      b,
      'a tombstone at exactly the compact revision stays, so a watch from there sees the delete (etcd #18089, #19179)',
      'put(a)@2 put(a)@3 del(a)@4 put(b)@5 compact(4) → watch(a, from 4) = [DELETE a@4]; watch(a, from 3) = ErrCompacted{4}',
      async (s) => {
        const w = await watch(s, 'a', { startRevision: 4 });
        expect(showEvents(await w.events(1))).toBe('[DELETE a@4]');
        const early = await watch(s, 'a', { startRevision: 3 });
        expect(await early.end()).toBe('ErrCompacted{4}');
        expect(await range(s, 'a', { revision: 4 })).toBe('[] count 0');
      },
      { checks: 'dropsTombstoneAtCompactRevision' },
    );

    example(
      b,
      'the next compaction removes the kept tombstone, and a re-created key starts a fresh generation',
      'put(a)@2 del(a)@3 compact(3) put(b)@4 compact(4) put(a)@5 → watch(a.., from 4) = [PUT b@4, PUT a@5]; a{create 5, version 1}',
      async (s) => {
        const w = await watch(s, 'a..', { startRevision: 4 });
        expect(showEvents(await w.events(2))).toBe('[PUT b=v4@4, PUT a=v5@5]');
        expect(await stateOf(s, 'a')).toBe('a{create_revision: 5, mod_revision: 5, version: 1}');
      },
    );

    example(b, 'a compaction at or below the previous one fails with ErrCompacted', 'put(a)@2 put(a)@3 put(a)@4 compact(3) → compact(3) = compact(2) = ErrCompacted{3}', async (s) => {
      expect(await outcome(s.compact(3), () => 'ok')).toBe('ErrCompacted{3}');
      expect(await outcome(s.compact(2), () => 'ok')).toBe('ErrCompacted{3}');
      expect(await outcome(s.compact(4), () => 'ok')).toBe('ok');
    });

    example(b, 'a compaction above the current revision fails with ErrFutureRev', 'put(a)@2 put(a)@3 → compact(4) = ErrFutureRev; compact(3) ok', async (s) => {
      expect(await outcome(s.compact(4), () => 'ok')).toBe('ErrFutureRev');
      expect(await outcome(s.compact(3), () => 'ok')).toBe('ok');
    });

    example(b, 'compaction creates no revision', 'put(a)@2 put(a)@3 compact(3) put(b)@4 → compact(4).header = 4', async (s) => {
      expect((await s.compact(4)).header.revision).toBe(4);
      expect(await currentRevision(s)).toBe(4);
      expect((await s.put('c', 'x')).header.revision).toBe(5);
    });

    example(b, 'status reports the compact revision', 'put(a)@2 put(a)@3 compact(2) compact(3) → status.compactRevision = 3', async (s) => {
      const st = await s.status();
      expect([st.compactRevision, st.header.revision]).toEqual([3, 3]);
    });

    example(
      b,
      'a watch event’s prevKv is left out when the revision before it is compacted',
      'put(a=x)@2 put(a=y)@3 put(a=z)@4 compact(3) → watch(a, from 3, prevKv) = [PUT a=y@3, PUT a=z@4 (prev a=y@3)]',
      async (s) => {
        // etcd reads prevKv at mod_revision-1 and leaves it out when that read fails.
        const w = await watch(s, 'a', { startRevision: 3, prevKv: true });
        expect(showEvents(await w.events(2))).toBe('[PUT a=y@3, PUT a=z@4 (prev a=y@3)]');
      },
    );

    example(
      b,
      'a physical compaction resolves once the old history is gone, and reads and watches stay right',
      '∅ → 200 keys × 3 versions @2..@601, compact(401, physical); range(k*) = newest; watch(k*, from 401) = the last 201 puts',
      async (s) => {
        for (let round = 0; round < 3; round++) {
          await Promise.all(Array.from({ length: 200 }, (_, i) => s.put(`k${String(i).padStart(3, '0')}`, `r${round}`)));
        }
        expect(await currentRevision(s)).toBe(601);
        const before = await s.range('k', { rangeEnd: 'l' });
        expect((await s.compact(401, { physical: true })).header.revision).toBe(601);
        const after = await s.range('k', { rangeEnd: 'l' });
        expect(after).toEqual(before);
        const atCompaction = await s.range('k', { rangeEnd: 'l', revision: 401 });
        expect(atCompaction.kvs.filter((kv) => kv.value.toString() === 'r1').length).toBe(200);
        expect(atCompaction.kvs.every((kv) => kv.modRevision <= 401)).toBe(true);
        const w = await watch(s, 'k*', { startRevision: 401 });
        const events = await w.events(201);
        expect(events.map((e) => e.kv.modRevision)).toEqual(Array.from({ length: 201 }, (_, i) => 401 + i));
        expect((await s.status()).compactRevision).toBe(401);
      },
    );

    example(
      b,
      'writes made while a physical compaction runs in small steps are kept, and reads stay consistent',
      '∅ → 100 keys × 5 versions, compact(401, physical) in steps of 7 alongside 100 more puts',
      async (s) => {
        for (let round = 0; round < 5; round++) {
          await Promise.all(Array.from({ length: 100 }, (_, i) => s.put(`k${String(i).padStart(2, '0')}`, `r${round}`)));
        }
        let compacted = false;
        const compacting = s.compact(401, { physical: true }).then(() => {
          compacted = true;
        });
        const writes = Array.from({ length: 100 }, (_, i) => s.put(`k${String(i).padStart(2, '0')}`, 'r5'));
        while (!compacted) {
          const r = await s.range('k', { rangeEnd: 'l', revision: 401 });
          expect(r.kvs.map((kv) => kv.value.toString())).toEqual(Array(100).fill('r3'));
          await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all([compacting, ...writes]);
        const now = await s.range('k', { rangeEnd: 'l' });
        expect(now.kvs.map((kv) => [kv.value.toString(), kv.version])).toEqual(Array(100).fill(['r5', 6]));
        expect(await range(s, 'k00', { revision: 400 })).toBe('ErrCompacted{401}');
      },
      { compactionBatchSize: 7 },
    );
  });
}
