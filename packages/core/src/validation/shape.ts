/**
 * Reading objects that arrive as untyped JSON. Validation must never throw on a malformed
 * body (a string where a list belongs, a number where an object belongs): these accessors
 * hand back a harmless empty value instead, and the validator reports the missing field the
 * way upstream reports a zero value after decoding.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as an object, or an empty one. */
export function rec(v: unknown): Obj {
  return isObj(v) ? v : {};
}

/** The value as a list, or an empty one. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A list of objects (non-objects become empty objects, so indexes stay right). */
export function recs(v: unknown): Obj[] {
  return arr(v).map(rec);
}

/** The value as a string, or "" (Go's zero value). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A list of strings (non-strings become ""). */
export function strs(v: unknown): string[] {
  return arr(v).map(str);
}

/** A string map such as labels, nodeSelector, data. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(rec(v))) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

/** A number, or undefined when absent or not a number. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** True when a field is present (not undefined and not null), as a non-nil Go pointer. */
export function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export function bool(v: unknown): boolean {
  return v === true;
}
