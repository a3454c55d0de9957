/**
 * Small helpers for defaulters, which fill fields in place the way upstream's SetDefaults_*
 * functions do: only when a field is absent (a nil pointer or a zero value in Go).
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at obj[key], created when absent (like taking the address of a struct field). */
export function child(obj: Obj, key: string): Obj {
  if (!isObj(obj[key])) obj[key] = {};
  return obj[key] as Obj;
}

/** The objects of the list at obj[key] (other entries are skipped). */
export function items(obj: Obj, key: string): Obj[] {
  const v = obj[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** Sets obj[key] when it is absent or null. */
export function setDefault(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Sets obj[key] when it is absent, null, or the zero value "" / 0 (a non-pointer Go field). */
export function setDefaultIfZero(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '' || obj[key] === 0) obj[key] = value;
}

export function isZeroOrAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0;
}
