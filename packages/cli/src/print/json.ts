/** `-o json` as kubectl writes it: keys sorted (Go's map order), four-space indent, <>& escaped. */
export function toGoJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 4).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}\n`;
}

/** A copy with every object's keys in byte order, as Go's encoding/json writes a map. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort(byteOrder)) out[k] = sortKeys((value as Record<string, unknown>)[k]);
  return out;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
