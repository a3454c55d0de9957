/**
 * Reading a snapshot file back and proving it is whole before anything trusts it.
 *
 * One pass over the file computes the sha256 of everything before the digest (etcd checks
 * the sha256 it appended to the bolt database in the same way before a restore,
 * etcdctl/snapshot/v3_snapshot.go saveDB) and the crc32 of the database, optionally copying
 * the database out as it goes. What went wrong is told apart for the user:
 *
 *   missing file      → `open x.db: no such file or directory` (etcdctl's words)
 *   not a snapshot    → no SQLite database at its start and no trailer at its end
 *   truncated         → shorter than the database its header describes
 *   raw database      → a `db` copied from a data directory: no trailer, so no hash;
 *                       accepted only with skipHashCheck (etcdctl's --skip-hash-check)
 *   flipped byte      → sha256 mismatch, or a trailer that no longer parses
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { ErrSnapshotCorrupt } from '../errors.js';
import {
  MAGIC,
  SHA256_SIZE,
  SQLITE_HEADER_SIZE,
  type SnapshotMetadata,
  TAIL_SIZE,
  isSqliteHeader,
  locateMetadata,
  parseTrailer,
  sqliteDatabaseSize,
} from './format.js';
import { forEachChunk, readAt } from './io.js';
import { ErrSnapshotNotFound } from './errors.js';

export interface VerifyOptions {
  /** Accept a file whose hash cannot be checked: a raw database, or a digest that mismatches. */
  skipHashCheck?: boolean;
  /** Also write the database (the first dataSize bytes) to this open file. */
  copyTo?: FileHandle;
}

export interface VerifiedSnapshot {
  /** The trailer's metadata; absent for a raw database accepted with skipHashCheck. */
  metadata?: SnapshotMetadata;
  /** Bytes of SQLite database at the start of the file. */
  dataSize: number;
  fileSize: number;
  /** crc32 of the database bytes, as computed now. */
  hash: number;
}

export async function verifySnapshot(path: string, options: VerifyOptions = {}): Promise<VerifiedSnapshot> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ErrSnapshotNotFound(path);
    throw err;
  }
  try {
    const { size: fileSize } = await fh.stat();
    const header = await readAt(fh, 0, SQLITE_HEADER_SIZE);
    const trailer = await readTrailer(fh, fileSize);
    if (!trailer) return await verifyRaw(fh, path, fileSize, header, options);
    // The digest's place is fixed whatever the format, so even a newer one is checked for
    // damage first: a flipped byte must not pass for "written by a newer kubelab".
    const dataSize = 'newerFormat' in trailer ? 0 : trailer.dataSize;

    const sha = createHash('sha256');
    let hash = 0;
    let hashed = 0;
    await forEachChunk(fh, 0, fileSize - SHA256_SIZE, async (chunk) => {
      sha.update(chunk);
      // Chunks are read in order, so the database is the prefix [0, dataSize).
      const done = hashed;
      hashed += chunk.length;
      if (done >= dataSize) return;
      const data = chunk.subarray(0, Math.min(chunk.length, dataSize - done));
      hash = crc32(data, hash);
      if (options.copyTo) await writeAll(options.copyTo, data, done);
    });
    const expected = await readAt(fh, fileSize - SHA256_SIZE, SHA256_SIZE);
    const got = sha.digest();
    if (!got.equals(expected) && !options.skipHashCheck) {
      throw new ErrSnapshotCorrupt(
        path,
        `integrity check failed: expected sha256 ${expected.toString('hex')}, got ${got.toString('hex')}`,
      );
    }
    if ('newerFormat' in trailer) {
      throw new ErrSnapshotCorrupt(path, `written by a newer kubelab (snapshot format ${trailer.newerFormat})`);
    }
    if (!isSqliteHeader(header)) throw new ErrSnapshotCorrupt(path, 'integrity check failed: its database header is damaged');
    if (hash !== trailer.hash && !options.skipHashCheck) {
      throw new ErrSnapshotCorrupt(path, `integrity check failed: expected hash ${hex(trailer.hash)}, got ${hex(hash)}`);
    }
    return { metadata: trailer, dataSize, fileSize, hash };
  } finally {
    await fh.close();
  }
}

/** The trailer, undefined when the file has none (or one too damaged to parse). */
async function readTrailer(fh: FileHandle, fileSize: number): Promise<ReturnType<typeof parseTrailer>> {
  if (fileSize < SQLITE_HEADER_SIZE + MAGIC.length + TAIL_SIZE) return undefined;
  const where = locateMetadata(await readAt(fh, fileSize - TAIL_SIZE, TAIL_SIZE), fileSize);
  if (!where) return undefined;
  const dataEnd = where.offset - MAGIC.length;
  return parseTrailer(await readAt(fh, dataEnd, MAGIC.length + where.length), dataEnd);
}

/** A file without a trailer: a raw database (accepted with skipHashCheck), or a broken one. */
async function verifyRaw(
  fh: FileHandle,
  path: string,
  fileSize: number,
  header: Buffer,
  options: VerifyOptions,
): Promise<VerifiedSnapshot> {
  if (!isSqliteHeader(header)) {
    throw new ErrSnapshotCorrupt(path, 'not a kubelab snapshot: it holds no SQLite database and no snapshot trailer');
  }
  const dataSize = sqliteDatabaseSize(header);
  if (dataSize !== undefined && fileSize < dataSize) {
    throw new ErrSnapshotCorrupt(path, `truncated: ${fileSize} bytes, but its database alone needs ${dataSize}`);
  }
  if (dataSize !== undefined && fileSize > dataSize && !options.skipHashCheck) {
    throw new ErrSnapshotCorrupt(path, 'integrity check failed: the snapshot trailer after its database is damaged or cut short');
  }
  if (!options.skipHashCheck) {
    // etcdctl: "snapshot missing hash but --skip-hash-check=false".
    throw new ErrSnapshotCorrupt(
      path,
      'snapshot missing hash (a database copied from a data directory?); restore it with skip-hash-check',
    );
  }
  let hash = 0;
  let copied = 0;
  await forEachChunk(fh, 0, fileSize, async (chunk) => {
    const at = copied;
    copied += chunk.length;
    hash = crc32(chunk, hash);
    if (options.copyTo) await writeAll(options.copyTo, chunk, at);
  });
  return { dataSize: fileSize, fileSize, hash };
}

async function writeAll(fh: FileHandle, data: Buffer, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

function hex(n: number): string {
  return n.toString(16);
}
