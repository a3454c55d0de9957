/**
 * Plain JSON values as the patch and apply code sees them: objects, arrays, strings, numbers,
 * booleans and null. Helpers here are shared by every patch flavour and by server-side apply.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A deep copy of a JSON value, so patching never touches the caller's object (keys set to
 * undefined are left out, as JSON would). Plain loops: a few times faster than
 * structuredClone on an object decoded from JSON, which is all this ever sees.
 */
export function deepClone<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = deepClone(v[i]);
    return out as T;
  }
  const out: JsonObject = {};
  for (const k in v) {
    const x = (v as JsonObject)[k];
    if (x !== undefined) out[k] = deepClone(x);
  }
  return out as T;
}

/**
 * Structural equality of JSON values; key order never matters, nor do keys set to
 * undefined. Walks both values without building key lists: the API server asks this of
 * every update (is anything changed?), on objects of a few hundred fields.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    let defined = 0;
    for (const k in a) {
      const x = a[k];
      if (x === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(x, b[k])) return false;
      defined++;
    }
    for (const k in b) if (b[k] !== undefined) defined--;
    return defined === 0;
  }
  return false;
}

/** The Go-ish type of a decoded JSON value, as reflect.TypeOf distinguishes them upstream. */
export type JsonKind = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'null';

export function kindOf(v: unknown): JsonKind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'map';
  }
}

/** Own enumerable property check that ignores undefined (absent) values. */
export function has(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}

/**
 * A value printed the way Go's fmt `%v` prints decoded JSON (`map[a:1 b:[x y]]`), because
 * several upstream error messages embed values that way and kubectl users see them verbatim.
 */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Integers print in full (upstream decodes them as int64); other numbers like Go's %v of a float64. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  // JavaScript writes 1e-7 and 1e+21 where Go writes 1e-07 and 1e+21.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Keys of an object in a deterministic order (Go iterates maps randomly; we pick sorted). */
export function sortedKeys(o: JsonObject): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
}

/** JSON with object keys sorted at every level, as Go's encoding/json writes maps. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => stableStringify(x === undefined ? null : x)).join(',')}]`;
  if (isJsonObject(v)) {
    return `{${sortedKeys(v)
      .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
