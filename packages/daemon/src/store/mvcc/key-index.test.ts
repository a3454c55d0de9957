/**
 * KeyIndex in etcd's notation (server/storage/mvcc/key_index.go writes its examples the same
 * way): `put@2` is a put at revision 2, `del@4` a tombstone, and `a@3 = {rev 3, create 2,
 * version 2}` the state a read at revision 3 finds.
 */
import { describe, expect, it } from 'vitest';
import { KeyIndex, type Rev } from './key-index.js';

/** Builds a key's index from a history like `put@2 put@3 del@4 put@5`. */
function history(h: string): KeyIndex {
  const ki = new KeyIndex('a');
  for (const step of h.split(' ').filter(Boolean)) {
    const m = /^(put|del)@(\d+)$/.exec(step);
    if (!m) throw new Error(`bad step ${step}`);
    const rev = { main: Number(m[2]), sub: 0 };
    if (m[1] === 'put') ki.put(rev);
    else ki.tombstone(rev);
  }
  return ki;
}

/** `{rev 3, create 2, version 2}`, or `absent`. */
function at(ki: KeyIndex, rev: number): string {
  const st = ki.at(rev);
  return st ? `{rev ${st.rev.main}, create ${st.createRevision}, version ${st.version}}` : 'absent';
}

function latest(ki: KeyIndex): string {
  const st = ki.latest();
  return st ? `{rev ${st.rev.main}, create ${st.createRevision}, version ${st.version}}` : 'absent';
}

const mains = (revs: Rev[]) => revs.map((r) => r.main);

describe('KeyIndex reads', () => {
  const h = 'put@2 put@3 del@4 put@5 put@7';

  it(`reads each revision of a history through its generations: ${h}`, () => {
    const ki = history(h);
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((r) => `${r}: ${at(ki, r)}`)).toEqual([
      '1: absent',
      '2: {rev 2, create 2, version 1}',
      '3: {rev 3, create 2, version 2}',
      '4: absent',
      '5: {rev 5, create 5, version 1}',
      '6: {rev 5, create 5, version 1}',
      '7: {rev 7, create 5, version 2}',
      '100: {rev 7, create 5, version 2}',
    ]);
  });

  it('latest is the newest state, and absent once the key is deleted: put@2 put@3 → {rev 3}; del@4 → absent', () => {
    const ki = history('put@2 put@3');
    expect(latest(ki)).toBe('{rev 3, create 2, version 2}');
    ki.tombstone({ main: 4, sub: 0 });
    expect(latest(ki)).toBe('absent');
    ki.put({ main: 6, sub: 1 });
    expect(latest(ki)).toBe('{rev 6, create 6, version 1}');
    expect(ki.latest()?.rev).toEqual({ main: 6, sub: 1 });
  });

  it('an empty index reads as absent everywhere', () => {
    const ki = new KeyIndex('a');
    expect([at(ki, 1), at(ki, 10), latest(ki)]).toEqual(['absent', 'absent', 'absent']);
  });

  it('replaying a compacted log keeps the create revision and version it is given: put@10{create 5, version 4} put@11', () => {
    const ki = new KeyIndex('a');
    ki.put({ main: 10, sub: 0 }, 5, 4);
    ki.put({ main: 11, sub: 2 }, 5, 5);
    expect([at(ki, 9), at(ki, 10), at(ki, 11)]).toEqual(['absent', '{rev 10, create 5, version 4}', '{rev 11, create 5, version 5}']);
  });

  it('a lone tombstone (the one compaction keeps) reads as absent, and a put after it starts at version 1: del@4 put@6', () => {
    const ki = history('del@4');
    expect([at(ki, 4), at(ki, 5), latest(ki)]).toEqual(['absent', 'absent', 'absent']);
    ki.put({ main: 6, sub: 0 });
    expect([at(ki, 5), at(ki, 6)]).toEqual(['absent', '{rev 6, create 6, version 1}']);
  });
});

describe('KeyIndex compaction', () => {
  const h = 'put@2 put@3 del@4 put@5 put@6 del@7 put@8';
  // compact(rev) → revisions dropped, whether the key is gone, reads after it.
  const cases: Array<[number, number[], string[]]> = [
    [1, [], ['2: {rev 2, create 2, version 1}']],
    [2, [], ['2: {rev 2, create 2, version 1}', '3: {rev 3, create 2, version 2}']],
    [3, [2], ['3: {rev 3, create 2, version 2}', '4: absent']],
    // The tombstone at exactly the compact revision stays (etcd #18089).
    [4, [2, 3], ['4: absent', '5: {rev 5, create 5, version 1}']],
    [5, [2, 3, 4], ['5: {rev 5, create 5, version 1}', '6: {rev 6, create 5, version 2}']],
    [6, [2, 3, 4, 5], ['6: {rev 6, create 5, version 2}', '7: absent']],
    [7, [2, 3, 4, 5, 6], ['7: absent', '8: {rev 8, create 8, version 1}']],
    [8, [2, 3, 4, 5, 6, 7], ['8: {rev 8, create 8, version 1}']],
    [100, [2, 3, 4, 5, 6, 7], ['100: {rev 8, create 8, version 1}']],
  ];
  for (const [rev, dropped, reads] of cases) {
    it(`${h} compact(${rev}) drops [${dropped.join(', ')}] and reads ${reads.join('; ')}`, () => {
      const ki = history(h);
      const out: Rev[] = [];
      expect(ki.compact(rev, out)).toBe(false);
      expect(mains(out)).toEqual(dropped);
      expect(reads.map((r) => `${r.split(':')[0]}: ${at(ki, Number(r.split(':')[0]))}`)).toEqual(reads);
      expect(latest(ki)).toBe('{rev 8, create 8, version 1}');
    });
  }

  it('successive compactions drop each revision once and keep versions right: compact(3) then compact(6)', () => {
    const ki = history(h);
    const first: Rev[] = [];
    const second: Rev[] = [];
    ki.compact(3, first);
    ki.compact(6, second);
    expect([mains(first), mains(second)]).toEqual([[2], [3, 4, 5]]);
    expect([at(ki, 6), at(ki, 8)]).toEqual(['{rev 6, create 5, version 2}', '{rev 8, create 8, version 1}']);
    ki.put({ main: 9, sub: 0 });
    expect(at(ki, 9)).toBe('{rev 9, create 8, version 2}');
  });

  it('a key deleted below the compact revision is gone entirely: put@2 del@3 compact(4) → dropped [2, 3], gone', () => {
    const ki = history('put@2 del@3');
    const out: Rev[] = [];
    expect(ki.compact(4, out)).toBe(true);
    expect(mains(out)).toEqual([2, 3]);
  });

  it('a tombstone kept at the compact revision goes at the next compaction: put@2 del@3 compact(3) compact(4)', () => {
    const ki = history('put@2 del@3');
    const first: Rev[] = [];
    expect(ki.compact(3, first)).toBe(false);
    expect(mains(first)).toEqual([2]);
    const second: Rev[] = [];
    expect(ki.compact(4, second)).toBe(true);
    expect(mains(second)).toEqual([3]);
  });

  it('a key re-created after a kept tombstone keeps its new generation: put@2 del@3 compact(3) put@4 compact(4)', () => {
    const ki = history('put@2 del@3');
    ki.compact(3, []);
    ki.put({ main: 4, sub: 0 });
    const out: Rev[] = [];
    expect(ki.compact(4, out)).toBe(false);
    expect(mains(out)).toEqual([3]);
    expect([at(ki, 4), latest(ki)]).toEqual(['{rev 4, create 4, version 1}', '{rev 4, create 4, version 1}']);
  });

  it('compaction keeps sub-revisions as they were: put@(2,1) put@(3,4) compact(3) → reads rev (3,4)', () => {
    const ki = new KeyIndex('a');
    ki.put({ main: 2, sub: 1 });
    ki.put({ main: 3, sub: 4 });
    const out: Rev[] = [];
    ki.compact(3, out);
    expect(out).toEqual([{ main: 2, sub: 1 }]);
    expect(ki.at(3)?.rev).toEqual({ main: 3, sub: 4 });
  });
});
