/**
 * SortedKeys: the ordered key set under the tree index. Keys are binary strings (one char
 * per byte), so their order is etcd's byte order. Ranges are written as etcd writes them:
 * [start, end), with end null for "every key ≥ start" (range_end "\0").
 */
import { describe, expect, it } from 'vitest';
import { SortedKeys } from './sorted-keys.js';

function of(...keys: string[]): SortedKeys {
  const s = new SortedKeys();
  for (const k of keys) s.add(k);
  return s;
}

const range = (s: SortedKeys, start: string, end: string | null) => [...s.range(start, end)];

/** A deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SortedKeys', () => {
  it('add and delete say whether they changed the set, and size follows', () => {
    const s = new SortedKeys();
    expect([s.add('b'), s.add('a'), s.add('b'), s.size]).toEqual([true, true, false, 2]);
    expect([s.delete('x'), s.delete('a'), s.delete('a'), s.size]).toEqual([false, true, false, 1]);
    expect([s.delete('b'), s.size, range(s, '', null)]).toEqual([true, 0, []]);
    expect(s.delete('b')).toBe(false);
  });

  it('a range is [start, end): range(b, d) over {a, b, c, d, e} = [b, c]', () => {
    const s = of('e', 'c', 'a', 'd', 'b');
    expect(range(s, 'b', 'd')).toEqual(['b', 'c']);
    expect(range(s, 'bb', 'dd')).toEqual(['c', 'd']);
    expect(range(s, 'c', 'c')).toEqual([]);
    expect(range(s, 'd', 'b')).toEqual([]);
  });

  it('a null end runs to the last key, and a start before the first key starts at the first', () => {
    const s = of('b', 'c');
    expect(range(s, 'a', null)).toEqual(['b', 'c']);
    expect(range(s, 'c', null)).toEqual(['c']);
    expect(range(s, 'z', null)).toEqual([]);
    expect(range(new SortedKeys(), 'a', null)).toEqual([]);
  });

  it('keys order by byte: "\\x00" < "/" < "A" < "a" < "\\x7f" < "\\xc3\\xa9" < "\\xff"', () => {
    const keys = ['\xff', 'a', '\xc3\xa9', '\x00', 'A', '/', '\x7f', 'a/', 'a\x00'];
    expect(range(of(...keys), '\x00', null)).toEqual(['\x00', '/', 'A', 'a', 'a\x00', 'a/', '\x7f', '\xc3\xa9', '\xff']);
  });

  it('stays ordered across chunk splits: 5,000 keys inserted in reverse, then every other deleted', () => {
    const s = new SortedKeys();
    const key = (i: number) => `k${String(i).padStart(5, '0')}`;
    for (let i = 4999; i >= 0; i--) s.add(key(i));
    expect(s.size).toBe(5000);
    expect(range(s, key(0), null)).toEqual(Array.from({ length: 5000 }, (_, i) => key(i)));
    for (let i = 0; i < 5000; i += 2) s.delete(key(i));
    expect(range(s, key(1000), key(1010))).toEqual([key(1001), key(1003), key(1005), key(1007), key(1009)]);
    for (let i = 1; i < 5000; i += 2) s.delete(key(i));
    expect([s.size, range(s, '', null)]).toEqual([0, []]);
    s.add('again');
    expect(range(s, '', null)).toEqual(['again']);
  });

  for (const seed of [1, 2, 3]) {
    it(`matches a sorted array through random adds, deletes and ranges (seed ${seed})`, () => {
      const rand = rng(seed);
      const s = new SortedKeys();
      const model = new Set<string>();
      // A small alphabet and short keys collide often; lengths up to 4 give prefix relations.
      const randomKey = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => 'ab/\xff'[Math.floor(rand() * 4)]).join('');
      for (let step = 0; step < 20_000; step++) {
        const k = randomKey();
        const roll = rand();
        // expect() only on a mismatch: 20,000 passing expects would dominate the run time.
        if (roll < 0.5 && s.add(k) === model.has(k)) expect.fail(`seed ${seed} step ${step}: add ${JSON.stringify(k)} disagrees`);
        if (roll >= 0.5 && roll < 0.8 && s.delete(k) !== model.has(k)) expect.fail(`seed ${seed} step ${step}: delete ${JSON.stringify(k)} disagrees`);
        if (roll < 0.5) model.add(k);
        else if (roll < 0.8) model.delete(k);
        if (step % 97 === 0) {
          const end = rand() < 0.2 ? null : randomKey();
          const want = [...model].filter((x) => x >= k && (end === null || x < end)).sort();
          expect(range(s, k, end), `seed ${seed} step ${step} range(${JSON.stringify(k)}, ${JSON.stringify(end)})`).toEqual(want);
        }
      }
      expect(s.size).toBe(model.size);
      expect(range(s, '', null)).toEqual([...model].sort());
    });
  }

  it('a large random set splits into many chunks and still ranges correctly', () => {
    const rand = rng(42);
    const s = new SortedKeys();
    const model = new Set<string>();
    for (let i = 0; i < 30_000; i++) {
      const k = Math.floor(rand() * 1e9).toString(36);
      s.add(k);
      model.add(k);
    }
    const sorted = [...model].sort();
    expect(s.size).toBe(sorted.length);
    expect(range(s, '', null)).toEqual(sorted);
    for (let i = 0; i < 200; i++) {
      const a = sorted[Math.floor(rand() * sorted.length)]!;
      const b = sorted[Math.floor(rand() * sorted.length)]!;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      expect(range(s, lo, hi)).toEqual(sorted.filter((x) => x >= lo && x < hi));
    }
  });
});
