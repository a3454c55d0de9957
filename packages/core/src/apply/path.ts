/**
 * Field paths as server-side apply names them (sigs.k8s.io/structured-merge-diff fieldpath):
 * a path is a list of elements, each selecting a child of the value above it:
 *
 *   field  `f:replicas`                          a member of a struct or map
 *   key    `k:{"name":"nginx"}`                  the item of a list-type=map list with these keys
 *   value  `v:"example.com/finalizer"`           the item of a list-type=set list
 *   index  `i:0`                                 an item of a list by position (rarely used)
 *
 * Printed for humans (conflict messages) the same path reads
 * `.spec.template.spec.containers[name="nginx"].image`.
 */
import { goNumber, isJsonObject } from '../patch/json-value.js';

export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly (readonly [string, unknown])[] }
  | { readonly value: unknown }
  | { readonly index: number };

export type Path = readonly PathElement[];

export const fieldElement = (name: string): PathElement => ({ field: name });

/** A key element; fields are sorted by name as upstream keeps them. */
export function keyElement(fields: readonly (readonly [string, unknown])[]): PathElement {
  return { key: [...fields].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
}

/** Rank of each element kind: fields sort before keys, keys before values, values before indexes. */
function rank(pe: PathElement): number {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The total order upstream defines on path elements (fieldpath PathElement.Compare). */
export function compareElements(a: PathElement, b: PathElement): number {
  const r = rank(a) - rank(b);
  if (r !== 0) return r < 0 ? -1 : 1;
  if ('field' in a) return cmp(a.field, (b as { field: string }).field);
  if ('key' in a) return compareKeys(a.key, (b as { key: readonly (readonly [string, unknown])[] }).key);
  if ('value' in a) return compareValues(a.value, (b as { value: unknown }).value);
  return cmp(a.index, (b as { index: number }).index);
}

function compareKeys(a: readonly (readonly [string, unknown])[], b: readonly (readonly [string, unknown])[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = cmp(a[i]![0], b[i]![0]) || compareValues(a[i]![1], b[i]![1]);
    if (c !== 0) return c;
  }
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isJsonObject(v)) return 4;
  return 5; // null
}

/** value.Compare: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const r = valueRank(a) - valueRank(b);
  if (r !== 0) return r < 0 ? -1 : 1;
  if (typeof a === 'number' || typeof a === 'string') return cmp(a, b as typeof a);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    for (let i = 0; ; i++) {
      if (i >= a.length && i >= bl.length) return 0;
      if (i >= a.length) return -1;
      if (i >= bl.length) return 1;
      const c = compareValues(a[i], bl[i]);
      if (c !== 0) return c;
    }
  }
  if (isJsonObject(a)) {
    const ak = Object.keys(a).sort();
    const bo = b as Record<string, unknown>;
    const bk = Object.keys(bo).sort();
    for (let i = 0; ; i++) {
      if (i >= ak.length && i >= bk.length) return 0;
      if (i >= ak.length) return -1;
      if (i >= bk.length) return 1;
      const c = cmp(ak[i]!, bk[i]!) || compareValues(a[ak[i]!], bo[bk[i]!]);
      if (c !== 0) return c;
    }
  }
  return 0;
}

export function elementsEqual(a: PathElement, b: PathElement): boolean {
  return compareElements(a, b) === 0;
}

/** value.ToString: strings quoted, lists `[a,b]`. */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueText).join(',')}]`;
  if (isJsonObject(v)) return Object.keys(v).map((k) => `${k}=${valueText(v[k])}`).join('');
  return String(v);
}

/** `.name`, `[name="nginx"]`, `[="x"]`, `[0]`. */
export function elementString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map(([k, v]) => `${k}=${valueText(v)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueText(pe.value)}]`;
  return `[${pe.index}]`;
}

export function pathString(p: Path): string {
  return p.map(elementString).join('');
}

/**
 * JSON as Go's encoding/json (and jsoniter's standard-library mode) writes it: map keys
 * sorted, and <, > and & escaped, so that FieldsV1 keys match upstream byte for byte.
 */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isJsonObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${goString(k)}:${goJson(v[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : JSON.stringify(v);
  return JSON.stringify(v ?? null);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The FieldsV1 key of an element. */
export function serializeElement(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) return `k:{${pe.key.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(',')}}`;
  if ('value' in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

/**
 * Parses a FieldsV1 key. Returns undefined for an unknown element type (upstream skips
 * those so that newer servers' encodings do not break older ones) and throws for a
 * malformed one.
 */
export function deserializeElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: JSON.parse(body) as unknown };
    case 'k': {
      const parsed = JSON.parse(body) as unknown;
      if (!isJsonObject(parsed)) throw new Error(`invalid key element: ${s}`);
      return keyElement(Object.entries(parsed));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(body)}: invalid syntax`);
      return { index: Number(body) };
    }
    default:
      return undefined;
  }
}
