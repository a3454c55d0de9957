/**
 * The snapshot file format. A snapshot is the store's SQLite database followed by a trailer:
 *
 *   ┌──────────────────────────┬───────┬───────────────┬─────────────┬────────────┐
 *   │ SQLite database          │ MAGIC │ metadata JSON │ JSON length │ sha256     │
 *   │ (dataSize bytes)         │ 16 B  │ UTF-8         │ u32 BE, 4 B │ 32 B       │
 *   └──────────────────────────┴───────┴───────────────┴─────────────┴────────────┘
 *
 * The sha256 covers every byte before it, as etcd appends a sha256 of its bolt database to a
 * snapshot (etcdctl's snapshot save; checked by restore unless --skip-hash-check). Reading
 * starts from the end: the last 36 bytes give the digest and the JSON's length, and the JSON
 * says how long the database is. The database is an ordinary SQLite file in rollback-journal
 * mode, whose header records its own size, so SQLite reads it in place and ignores the
 * trailer; a restore copies only the first dataSize bytes.
 */
import { Buffer } from 'node:buffer';

export const FORMAT_VERSION = 1;

/** Marks the start of the trailer; fixed length, so the layout above is exact. */
export const MAGIC = Buffer.from('kubelab-snapshot', 'ascii');

export const SHA256_SIZE = 32;
const LENGTH_SIZE = 4;
/** A trailer's JSON is a few hundred bytes; anything larger is not one of ours. */
const MAX_METADATA_BYTES = 64 * 1024;

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
export const SQLITE_HEADER_SIZE = 100;

/** The trailer's JSON block. Field names follow etcd's snapshot status where they overlap. */
export interface SnapshotMetadata {
  formatVersion: number;
  /** The store's revision in the snapshot. */
  revision: number;
  /** Reads below this fail with ErrCompacted (etcd's scheduled compact revision). */
  compactRevision: number;
  /** Rows in the revision log: every retained version of every key, tombstones included. */
  totalKey: number;
  /** The cluster the snapshot was taken from (a restore gives the copy a new one). */
  clusterId: string;
  /**
   * Content hash: crc32 (IEEE, zlib's) of the database bytes. etcd's snapshot status plays the
   * same role with a crc32 (Castagnoli) over its bolt buckets' keys and values; the numbers are
   * not comparable, only the purpose (two snapshots with one hash hold the same data).
   */
  hash: number;
  /** Length of the database at the start of the file. */
  dataSize: number;
}

/** The facts read from a snapshot's database, which the metadata repeats. */
export type DatabaseFacts = Pick<SnapshotMetadata, 'revision' | 'compactRevision' | 'totalKey' | 'clusterId'>;

/** MAGIC, JSON and its length: what goes between the database and the digest. */
export function encodeTrailer(meta: SnapshotMetadata): Buffer {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const length = Buffer.alloc(LENGTH_SIZE);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, json, length]);
}

/** How many bytes at the end of a file parseTrailer needs to find the JSON's length. */
export const TAIL_SIZE = LENGTH_SIZE + SHA256_SIZE;

/**
 * Where the trailer's JSON sits, given the last TAIL_SIZE bytes of a file of fileSize bytes;
 * undefined when the length is impossible (then there is no trailer, or it is damaged).
 */
export function locateMetadata(tail: Buffer, fileSize: number): { offset: number; length: number } | undefined {
  if (tail.length !== TAIL_SIZE) return undefined;
  const length = tail.readUInt32BE(0);
  const offset = fileSize - TAIL_SIZE - length;
  if (length === 0 || length > MAX_METADATA_BYTES || offset - MAGIC.length < SQLITE_HEADER_SIZE) return undefined;
  return { offset, length };
}

/**
 * The metadata from MAGIC followed by the JSON, or undefined when they are not a trailer that
 * fits a file whose database ends at dataEnd. A newer format is a distinct error, not garbage.
 */
export function parseTrailer(magicAndJson: Buffer, dataEnd: number): SnapshotMetadata | { newerFormat: number } | undefined {
  if (!magicAndJson.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(magicAndJson.subarray(MAGIC.length).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const m = parsed as Record<string, unknown>;
  if (typeof m['formatVersion'] === 'number' && m['formatVersion'] > FORMAT_VERSION) return { newerFormat: m['formatVersion'] };
  const numbers = ['formatVersion', 'revision', 'compactRevision', 'totalKey', 'hash', 'dataSize'] as const;
  if (!numbers.every((k) => Number.isSafeInteger(m[k]) && (m[k] as number) >= 0)) return undefined;
  if (typeof m['clusterId'] !== 'string' || m['dataSize'] !== dataEnd) return undefined;
  return {
    formatVersion: m['formatVersion'] as number,
    revision: m['revision'] as number,
    compactRevision: m['compactRevision'] as number,
    totalKey: m['totalKey'] as number,
    clusterId: m['clusterId'],
    hash: m['hash'] as number,
    dataSize: m['dataSize'] as number,
  };
}

export function isSqliteHeader(header: Buffer): boolean {
  return header.length >= SQLITE_HEADER_SIZE && header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER);
}

/**
 * The database's size as its header records it (page size × page count), or undefined when
 * the header's count is not trustworthy: SQLite itself only trusts it when the change counter
 * (offset 24) equals the version-valid-for number (offset 92) — see "The Database File
 * Format", section 1.3.
 */
export function sqliteDatabaseSize(header: Buffer): number | undefined {
  if (!isSqliteHeader(header)) return undefined;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0 || pages === 0) return undefined;
  if (header.readUInt32BE(24) !== header.readUInt32BE(92)) return undefined;
  return pageSize * pages;
}
