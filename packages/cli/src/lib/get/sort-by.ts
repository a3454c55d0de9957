/**
 * `--sort-by=<jsonpath>` (kubectl's RuntimeSort): objects ordered by the value the path
 * selects — numbers by value, strings in natural order ("web-2" before "web-10"), and
 * objects without the field first.
 */
import { relaxed, selectJsonPath } from '../../print/jsonpath.js';

export function sortByPath<T>(items: readonly T[], path: string, objectOf: (item: T) => unknown = (x) => x): T[] {
  const expr = relaxed(path);
  const keyed = items.map((item, i) => ({ item, i, key: selectJsonPath(expr, objectOf(item))[0] }));
  keyed.sort((a, b) => compareValues(a.key, b.key) || a.i - b.i);
  return keyed.map((k) => k.item);
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return naturalCompare(String(a), String(b));
}

/** Natural order: runs of digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const as = a.match(re) ?? [];
  const bs = b.match(re) ?? [];
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i]!;
    const y = bs[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}
