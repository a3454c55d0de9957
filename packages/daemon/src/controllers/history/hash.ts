/**
 * The short hashes controllers put in names and labels: a Deployment's pod-template-hash
 * ("web-7d9f8c6b5"), a DaemonSet's and StatefulSet's ControllerRevision names.
 *
 * Upstream (pkg/controller.ComputeHash, pkg/controller/history.HashControllerRevision) feeds
 * an FNV-32 hasher with the Go object and turns the decimal sum into letters and digits that
 * cannot spell words or be mistaken for each other (k8s.io/apimachinery/pkg/util/rand
 * SafeEncodeString). We hash a canonical JSON form of the object instead of Go's printed
 * struct, so the values differ from a real cluster's but have the same shape and the same
 * properties: equal templates hash equal, any change gives a new hash, and a collision count
 * moves the hash along.
 */

/** SafeEncodeString's alphabet: no vowels, no 0/1/3 (which read as o, l, e). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits (hash/fnv New32a), over UTF-8 bytes. */
export function fnv32a(data: string | Uint8Array, seed = FNV_OFFSET): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1, 32 bits (hash/fnv New32): multiply first, then xor. */
export function fnv32(data: string | Uint8Array, seed = FNV_OFFSET): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, FNV_PRIME) >>> 0;
    h ^= b;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte becomes one letter of the alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * controller.ComputeHash: the pod-template-hash of a template (and a DaemonSet's revision
 * hash). The collision count, when set, is hashed as 8 little-endian bytes after the object.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(canonicalJson(template ?? {}));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
