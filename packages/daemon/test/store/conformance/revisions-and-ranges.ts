/**
 * Revisions and ranges (backend.ts, "Revisions" and "Ranges"): the global revision counter,
 * per-key create/mod revision and version, range ends, limit/count/more, keysOnly,
 * countOnly, and reads at past, future and compacted revisions (etcd's mvcc/kv.go Range).
 */
import { describe, expect } from 'vitest';
import { ErrCompacted, ErrFutureRev } from '../../../src/store/errors.js';
import { prefixEnd } from '../../../src/store/keys.js';
import type { BackendUnderTest } from './backends.js';
import { bytes, currentRevision, example, range, showBytes, stateOf } from './notation.js';

export function revisionsAndRanges(b: BackendUnderTest): void {
  describe('revisions', () => {
    example(b, 'an empty store is at revision 1 and holds nothing', '∅ → range(a..) = [] count 0, header 1', async (s) => {
      expect(await range(s, 'a..')).toBe('[] count 0');
      expect((await s.range('a')).header.revision).toBe(1);
    });

    example(
      b,
      'every write creates exactly one revision, one after the other',
      'put(a)@2 put(b)@3 del(a)@4 put(a)@5 → range(a..) = [a=v5@5, b=v3@3], header 5',
      async (s) => {
        expect(await range(s, 'a..')).toBe('[a=v5@5, b=v3@3] count 2');
        expect(await currentRevision(s)).toBe(5);
      },
    );

    example(b, 'concurrent writes get distinct, gapless revisions, each the one its key was written at', '∅ → 50 concurrent puts = @2..@51 in some order', async (s) => {
      const revs = await Promise.all(Array.from({ length: 50 }, (_, i) => s.put(`k${i}`, `${i}`).then((r) => r.header.revision)));
      expect([...revs].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
      const r = await s.range('k', { rangeEnd: prefixEnd('k') });
      const modOf = new Map(r.kvs.map((kv) => [showBytes(kv.key), kv.modRevision]));
      expect(revs.map((_, i) => modOf.get(`k${i}`))).toEqual(revs);
    });

    example(
      b,
      'create revision, mod revision and version follow a key through its generations',
      'put(a)@2 put(a)@3 del(a)@4 put(a)@5 → a@3{create 2, mod 3, version 2}, a@4 absent, a@5{create 5, mod 5, version 1}',
      async (s) => {
        expect(await stateOf(s, 'a', 2)).toBe('a{create_revision: 2, mod_revision: 2, version: 1}');
        expect(await stateOf(s, 'a', 3)).toBe('a{create_revision: 2, mod_revision: 3, version: 2}');
        expect(await stateOf(s, 'a', 4)).toBe('absent');
        expect(await stateOf(s, 'a', 5)).toBe('a{create_revision: 5, mod_revision: 5, version: 1}');
        expect(await stateOf(s, 'a')).toBe('a{create_revision: 5, mod_revision: 5, version: 1}');
      },
    );

    example(b, 'deleting a key that does not exist creates no revision', 'put(a)@2 del(x)@- del(x..z)@- put(b)@3', async (s) => {
      const r = await s.deleteRange('x');
      expect([r.deleted, r.header.revision]).toEqual([0, 3]);
    });

    example(b, 'deleting a key that is already deleted creates no revision', 'put(a)@2 del(a)@3 del(a)@- put(a)@4', async (s) => {
      expect(await stateOf(s, 'a')).toBe('a{create_revision: 4, mod_revision: 4, version: 1}');
    });
  });

  describe('range ends', () => {
    const five = 'put(a)@2 put(a/1)@3 put(a/2)@4 put(ab)@5 put(b)@6';

    example(b, 'a range without an end reads the one key', `${five} → range(a) = [a=v2@2]`, async (s) => {
      expect(await range(s, 'a')).toBe('[a=v2@2] count 1');
      expect(await range(s, 'a/')).toBe('[] count 0');
    });

    example(b, 'a prefix range (prefixEnd) reads every key that starts with the prefix', `${five} → range(a/*) = [a/1, a/2]`, async (s) => {
      expect(await range(s, 'a/*')).toBe('[a/1=v3@3, a/2=v4@4] count 2');
      expect(await range(s, 'a*')).toBe('[a=v2@2, a/1=v3@3, a/2=v4@4, ab=v5@5] count 4');
    });

    example(b, 'a range end of "\\0" reads every key from the start key on', `${five} → range(a/2..) = [a/2, ab, b]`, async (s) => {
      expect(await range(s, 'a/2..')).toBe('[a/2=v4@4, ab=v5@5, b=v6@6] count 3');
    });

    example(b, 'a range [key, end) includes its start and excludes its end', `${five} → range(a/1..ab) = [a/1, a/2]`, async (s) => {
      expect(await range(s, 'a/1..ab')).toBe('[a/1=v3@3, a/2=v4@4] count 2');
    });

    example(b, 'a range whose end is at or below its key is empty', `${five} → range(b..a) = [], range(b..b) = []`, async (s) => {
      expect(await range(s, 'b..a')).toBe('[] count 0');
      expect(await range(s, 'b..b')).toBe('[] count 0');
    });

    example(b, 'keys are ordered by their bytes, not by JavaScript string order', '∅ → put(z) put(U+1F600) put(U+FFFD); range(a..) = [z, U+FFFD, U+1F600]', async (s) => {
      // U+FFFD is ef bf bd in UTF-8 and U+1F600 is f0 9f 98 80: bytes put U+FFFD first,
      // though JavaScript's UTF-16 comparison would put the surrogate pair d83d first.
      await s.put('z', '1');
      await s.put('\u{1F600}', '2');
      await s.put('\uFFFD', '3');
      const r = await s.range('a', { rangeEnd: '\0' });
      expect(r.kvs.map((kv) => showBytes(kv.key))).toEqual(['z', '\\xef\\xbf\\xbd', '\\xf0\\x9f\\x98\\x80']);
    });

    example(b, 'binary keys range by bytes, and a prefix of 0xff bytes runs to the last key', '∅ → range(\\xff*) = [\\xff, \\xff\\x00, \\xff\\xff]', async (s) => {
      for (const k of [bytes(0xff), bytes(0xff, 0x00), bytes(0xff, 0xff), bytes(0xfe), bytes(0x00, 0x01)]) await s.put(k, k);
      expect(showBytes(prefixEnd(bytes(0xff)))).toBe('\\x00');
      const r = await s.range(bytes(0xff), { rangeEnd: prefixEnd(bytes(0xff)) });
      expect(r.kvs.map((kv) => showBytes(kv.key))).toEqual(['\\xff', '\\xff\\x00', '\\xff\\xff']);
      const all = await s.range(bytes(0x00), { rangeEnd: '\0' });
      expect(all.kvs.map((kv) => showBytes(kv.key))).toEqual(['\\x00\\x01', '\\xfe', '\\xff', '\\xff\\x00', '\\xff\\xff']);
      expect(all.kvs.every((kv) => kv.value.equals(kv.key))).toBe(true);
    });

    example(b, 'an empty key is refused', '∅ → range("") = ErrEmptyKey', async (s) => {
      await expect(s.range('')).rejects.toMatchObject({ name: 'ErrEmptyKey', message: 'etcdserver: key is not provided' });
    });
  });

  describe('limit, count and more', () => {
    const five = 'put(k1)@2 put(k2)@3 put(k3)@4 put(k4)@5 put(k5)@6';

    example(b, 'a limit cuts the range, count ignores it, and more says keys were left out', `${five} → range(k*, limit 2) = [k1, k2] count 5 more`, async (s) => {
      expect(await range(s, 'k*', { limit: 2 })).toBe('[k1=v2@2, k2=v3@3] count 5 more');
      expect(await range(s, 'k*', { limit: 4 })).toBe('[k1=v2@2, k2=v3@3, k3=v4@4, k4=v5@5] count 5 more');
    });

    example(b, 'a limit at or above the count leaves nothing out', `${five} → range(k*, limit 5) = [k1..k5] count 5`, async (s) => {
      const all = '[k1=v2@2, k2=v3@3, k3=v4@4, k4=v5@5, k5=v6@6] count 5';
      expect(await range(s, 'k*', { limit: 5 })).toBe(all);
      expect(await range(s, 'k*', { limit: 6 })).toBe(all);
      expect(await range(s, 'k*', { limit: 0 })).toBe(all);
    });

    example(b, 'count and limit apply to the keys at the revision read', `${five} del(k2)@7 → range(k*, rev 6, limit 1) = [k1] count 5 more`, async (s) => {
      expect(await range(s, 'k*', { revision: 6, limit: 1 })).toBe('[k1=v2@2] count 5 more');
      expect(await range(s, 'k*', { limit: 1 })).toBe('[k1=v2@2] count 4 more');
    });

    example(b, 'keysOnly leaves out values and keeps revisions and versions', 'put(a=x)@2 put(a=y)@3 → range(a, keysOnly) = [a=@3]', async (s) => {
      const r = await s.range('a', { keysOnly: true });
      expect(r.kvs.map((kv) => `${showBytes(kv.key)}=${showBytes(kv.value)}@${kv.modRevision} c${kv.createRevision} v${kv.version}`)).toEqual([
        'a=@3 c2 v2',
      ]);
    });

    example(b, 'countOnly returns the count and no keys, and never says more', `${five} → range(k*, countOnly, limit 2) = [] count 5`, async (s) => {
      expect(await range(s, 'k*', { countOnly: true })).toBe('[] count 5');
      expect(await range(s, 'k*', { countOnly: true, limit: 2 })).toBe('[] count 5');
    });
  });

  describe('reads at a revision', () => {
    const history = 'put(a)@2 put(b)@3 put(a)@4 del(b)@5 put(c)@6';

    example(b, 'a read at a past revision sees the store as it was then', `${history} → range(a.., rev 3) = [a=v2@2, b=v3@3]`, async (s) => {
      expect(await range(s, 'a..', { revision: 1 })).toBe('[] count 0');
      expect(await range(s, 'a..', { revision: 3 })).toBe('[a=v2@2, b=v3@3] count 2');
      expect(await range(s, 'a..', { revision: 5 })).toBe('[a=v4@4] count 1');
      expect(await range(s, 'a..', { revision: 6 })).toBe('[a=v4@4, c=v6@6] count 2');
    });

    example(b, 'the header of a past read carries the current revision', `${history} → range(a, rev 2).header = 6`, async (s) => {
      expect((await s.range('a', { revision: 2 })).header.revision).toBe(6);
    });

    example(b, 'a revision of 0 or below reads the newest state', `${history} → range(a.., rev 0) = range(a.., rev -1) = [a=v4@4, c=v6@6]`, async (s) => {
      expect(await range(s, 'a..', { revision: 0 })).toBe('[a=v4@4, c=v6@6] count 2');
      expect(await range(s, 'a..', { revision: -1 })).toBe('[a=v4@4, c=v6@6] count 2');
    });

    example(b, 'a read above the current revision fails with ErrFutureRev', `${history} → range(a, rev 7) = ErrFutureRev`, async (s) => {
      expect(await range(s, 'a', { revision: 7 })).toBe('ErrFutureRev');
      await expect(s.range('a', { revision: 7 })).rejects.toThrow(new ErrFutureRev().message);
    });

    example(
      b,
      'a read below the compaction fails with ErrCompacted carrying the compact revision',
      'put(a)@2 put(a)@3 del(a)@4 put(b)@5 compact(4) → range(a, rev 3) = ErrCompacted{4}',
      async (s) => {
        expect(await range(s, 'a', { revision: 3 })).toBe('ErrCompacted{4}');
        expect(await range(s, 'a..', { revision: 1 })).toBe('ErrCompacted{4}');
        await expect(s.range('a', { revision: 3 })).rejects.toThrow(new ErrCompacted(4).message);
      },
    );

    example(b, 'a read at exactly the compact revision succeeds', 'put(a)@2 put(a)@3 put(b)@4 compact(3) → range(a.., rev 3) = [a=v3@3]', async (s) => {
      expect(await range(s, 'a..', { revision: 3 })).toBe('[a=v3@3] count 1');
    });
  });
}
