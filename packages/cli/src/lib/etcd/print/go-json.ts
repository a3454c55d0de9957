/**
 * JSON as Go's encoding/json writes it, which is what etcdctl -w json prints: keys in the
 * order given (struct field order), no spaces, uint64 IDs as exact integers (bigint here —
 * JavaScript numbers would round them), and strings with Go's HTML-safe escapes
 * (<, >, & as \u003c, \u003e, \u0026). A field whose value is undefined is left out, which is
 * how callers express Go's `omitempty`.
 */
export type GoValue = string | number | bigint | boolean | null | GoValue[] | { [key: string]: GoValue | undefined };

export function goJson(v: GoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const fields = Object.entries(v).filter((e): e is [string, GoValue] => e[1] !== undefined);
  return `{${fields.map(([k, x]) => `${goString(k)}:${goJson(x)}`).join(',')}}`;
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A hex ID ("bdae9bbc11dd390d") as the uint64 Go prints in JSON. */
export function uint64(hex: string): bigint {
  return /^[0-9a-fA-F]+$/.test(hex) ? BigInt(`0x${hex}`) : 0n;
}

/** etcdctl's `%x` of an ID: lower-case hex without leading zeros. */
export function hexId(hex: string): string {
  return uint64(hex).toString(16);
}

/** omitempty for numbers, strings and booleans. */
export function omitZero<T extends number | bigint | string | boolean>(v: T): T | undefined {
  return v === 0 || v === 0n || v === '' || v === false ? undefined : v;
}
