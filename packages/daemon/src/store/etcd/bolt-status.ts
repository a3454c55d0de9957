/**
 * Reads an etcd snapshot (a bbolt database file) just far enough to report what
 * `etcdctl snapshot status` reports: the revision of its newest key, the number of keys in
 * all buckets, the database size, and etcdctl's content hash (crc32-Castagnoli over every
 * bucket name, key and value, in order — etcdctl/snapshot/v3_snapshot.go Status). So a lab
 * user sees the same four numbers from `kubelab snapshot save` and from etcdctl.
 *
 * bbolt's layout (go.etcd.io/bbolt page.go, bucket.go): fixed-size pages; pages 0 and 1
 * are meta pages (the valid one with the higher txid wins) naming the root bucket's page and
 * the high-water page id; a bucket is a B+tree of branch and leaf pages, or, when small, an
 * "inline" leaf page stored inside its parent's value. All integers are little-endian.
 */
import { Buffer } from 'node:buffer';
import { ErrSnapshotCorrupt } from '../errors.js';

const MAGIC = 0xed0cdaed;
const PAGE_HEADER = 16;
const ELEMENT = 16;
const BRANCH = 0x01;
const LEAF = 0x02;
const BUCKET_LEAF = 0x01;
const BUCKET_HEADER = 16;

export interface BoltStatus {
  /** Main revision of the last key in the "key" bucket (etcdctl's Revision). */
  revision: number;
  /** Keys in all buckets (etcdctl's TotalKey). */
  totalKey: number;
  /** High-water page id × page size (etcdctl's TotalSize). */
  totalSize: number;
  /** crc32c of bucket names, keys and values (etcdctl's Hash). */
  hash: number;
}

/** Reads length bytes at offset (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Buffer;

/** Reads the database through readAt page by page, so a large snapshot is never all in memory. */
export function boltStatus(readAt: ReadAt, fileSize: number, path: string): BoltStatus {
  const corrupt = (detail: string) => new ErrSnapshotCorrupt(path, detail);
  if (fileSize < 1024) throw corrupt('too short to be an etcd (bbolt) database');
  const first = readAt(0, PAGE_HEADER + 64);
  const size0 = first.readUInt32LE(PAGE_HEADER + 8);
  const metas = [readMeta(first), size0 >= 512 ? readMeta(readAt(size0, PAGE_HEADER + 64)) : undefined].filter(
    (m) => m !== undefined,
  );
  if (metas.length === 0) throw corrupt('no valid bbolt meta page');
  const meta = metas.reduce((a, b) => (b.txid > a.txid ? b : a));
  const pageSize = meta.pageSize;
  if (fileSize < meta.highWater * pageSize) throw corrupt('truncated: shorter than its meta page says');

  /** A page with its overflow pages. */
  const page = (pgid: number) => {
    const off = pgid * pageSize;
    if (pgid < 2 || off + pageSize > fileSize) throw corrupt(`page ${pgid} lies outside the database`);
    const overflow = readAt(off, PAGE_HEADER).readUInt32LE(12);
    return readAt(off, (overflow + 1) * pageSize);
  };

  let crc = ~0 >>> 0;
  let totalKey = 0;
  let revision = 0;

  /** Visits a bucket's key/value pairs in key order (bbolt's Bucket.ForEach). */
  const forEach = (bucketValue: Buffer, visit: (k: Buffer, v: Buffer, flags: number) => void) => {
    const root = readU64(bucketValue, 0);
    if (root === 0) walk(bucketValue.subarray(BUCKET_HEADER), visit);
    else walk(page(root), visit);
  };
  const walk = (p: Buffer, visit: (k: Buffer, v: Buffer, flags: number) => void) => {
    const flags = p.readUInt16LE(8);
    const count = p.readUInt16LE(10);
    for (let i = 0; i < count; i++) {
      const e = PAGE_HEADER + i * ELEMENT;
      if (flags & BRANCH) {
        walk(page(readU64(p, e + 8)), visit);
      } else if (flags & LEAF) {
        const elFlags = p.readUInt32LE(e);
        const pos = e + p.readUInt32LE(e + 4);
        const ksize = p.readUInt32LE(e + 8);
        const vsize = p.readUInt32LE(e + 12);
        visit(p.subarray(pos, pos + ksize), p.subarray(pos + ksize, pos + ksize + vsize), elFlags);
      } else {
        throw corrupt(`page with unexpected flags ${flags}`);
      }
    }
  };

  forEach(meta.rootBucket, (name, bucket, flags) => {
    if (!(flags & BUCKET_LEAF)) throw corrupt(`top-level key ${name.toString()} is not a bucket`);
    crc = crc32c(crc, name);
    const isKeyBucket = name.toString() === 'key';
    forEach(bucket, (k, v, f) => {
      crc = crc32c(crc, k);
      // A nested bucket has no value of its own to hash (bbolt hands ForEach a nil value).
      if (!(f & BUCKET_LEAF)) crc = crc32c(crc, v);
      // etcd's revision keys: 8-byte big-endian main revision, '_', 8-byte sub revision.
      if (isKeyBucket && k.length >= 8) revision = Number(k.readBigUInt64BE(0));
      totalKey++;
    });
  });
  return { revision, totalKey, totalSize: meta.highWater * pageSize, hash: ~crc >>> 0 };
}

interface Meta {
  pageSize: number;
  rootBucket: Buffer;
  highWater: number;
  txid: number;
}

/** A meta page (page 0 sits at offset 0, page 1 at the page size page 0 names). */
function readMeta(p: Buffer): Meta | undefined {
  const off = PAGE_HEADER;
  if (p.length < off + 64) return undefined;
  if (p.readUInt32LE(off) !== MAGIC || p.readUInt32LE(off + 4) !== 2) return undefined;
  // The checksum is FNV-1a 64 over the meta fields before it.
  if (fnv1a64(p.subarray(off, off + 56)) !== p.readBigUInt64LE(off + 56)) return undefined;
  return {
    pageSize: p.readUInt32LE(off + 8),
    rootBucket: Buffer.from(p.subarray(off + 16, off + 32)),
    highWater: readU64(p, off + 40),
    txid: readU64(p, off + 48),
  };
}

function readU64(b: Buffer, off: number): number {
  return Number(b.readBigUInt64LE(off));
}

function fnv1a64(data: Buffer): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of data) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Continues a crc32c over data; start from ~0 and finish with ~crc (Go's crc32.Update). */
function crc32c(crc: number, data: Buffer): number {
  let c = crc;
  for (const byte of data) c = CRC32C_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}
