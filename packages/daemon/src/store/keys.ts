/**
 * Keys inside the store are "binary strings": one char per byte (latin1), so that JavaScript
 * string comparison is byte order — etcd's key order — and keys can index Maps cheaply.
 * Buffers appear only at the edges (arguments in, KeyValues out).
 */
import { Buffer } from 'node:buffer';
import type { BytesLike } from './backend.js';
import { ErrEmptyKey } from './errors.js';

export const EMPTY = Buffer.alloc(0);

export function toBuffer(b: BytesLike): Buffer {
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The binary-string form of a key. */
export function keyOf(b: BytesLike): string {
  if (typeof b === 'string') {
    // ASCII keys (all of Kubernetes') are already their own binary string.
    // eslint-disable-next-line no-control-regex
    return /^[\x00-\x7f]*$/.test(b) ? b : Buffer.from(b, 'utf8').toString('latin1');
  }
  return toBuffer(b).toString('latin1');
}

export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/**
 * The end of the range holding every key that starts with prefix (etcd's GetPrefixRangeEnd):
 * the prefix with its last byte below 0xff incremented and what follows dropped; a prefix of
 * only 0xff bytes (or an empty one) has no such end, so the range runs to the last key ("\0").
 */
export function prefixEnd(prefix: BytesLike): Buffer {
  const p = Buffer.from(toBuffer(prefix));
  for (let i = p.length - 1; i >= 0; i--) {
    if (p[i]! < 0xff) {
      p[i] = p[i]! + 1;
      return p.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/**
 * A key range as etcd reads `key, range_end`: no end → the single key; end "\0" → every key
 * ≥ key; otherwise [key, end). An end at or below key is an empty range.
 */
export class KeyRange {
  /** undefined: single key; null: unbounded above. */
  readonly end: string | null | undefined;

  constructor(
    readonly start: string,
    end?: string,
  ) {
    if (end === undefined || end === '') this.end = undefined;
    else if (end === '\0') this.end = null;
    else this.end = end;
  }

  static of(key: BytesLike, rangeEnd?: BytesLike): KeyRange {
    const start = keyOf(key);
    if (start.length === 0) throw new ErrEmptyKey();
    return new KeyRange(start, rangeEnd === undefined ? undefined : keyOf(rangeEnd));
  }

  get isSingle(): boolean {
    return this.end === undefined;
  }

  contains(key: string): boolean {
    if (this.end === undefined) return key === this.start;
    return key >= this.start && (this.end === null || key < this.end);
  }

  /** True when the range can hold no key at all. */
  get isEmpty(): boolean {
    return typeof this.end === 'string' && this.end <= this.start;
  }

  overlaps(other: KeyRange): boolean {
    if (this.isEmpty || other.isEmpty) return false;
    const aEnd = this.end === undefined ? this.start + '\0' : this.end;
    const bEnd = other.end === undefined ? other.start + '\0' : other.end;
    const aBeforeB = aEnd !== null && aEnd <= other.start;
    const bBeforeA = bEnd !== null && bEnd <= this.start;
    return !aBeforeB && !bBeforeA;
  }
}
