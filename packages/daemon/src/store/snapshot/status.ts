/**
 * `snapshot status`: what a snapshot file holds, etcdctl's four numbers.
 *
 * etcdctl 3.4 computes them from the bolt file alone and checks only bolt's page structure,
 * so it reports a snapshot with a flipped value byte, or one cut short, as if it were fine
 * (seen with etcdctl 3.4.23). Here the file's sha256 is verified first, then SQLite's
 * integrity check runs, and the trailer must agree with the database — a status that says
 * nothing is wrong means a restore will succeed.
 */
import { ErrSnapshotCorrupt } from '../errors.js';
import { inspectDatabase } from './database.js';
import { verifySnapshot } from './verify.js';

/** etcdctl's snapshot status fields (its JSON names). */
export interface SnapshotStatus {
  /** crc32 of the database bytes. */
  hash: number;
  /** The store's revision in the snapshot. */
  revision: number;
  /** Rows in the revision log: every retained version of every key. */
  totalKey: number;
  /** Size of the snapshot file in bytes. */
  totalSize: number;
}

export async function snapshotStatus(path: string): Promise<SnapshotStatus> {
  const verified = await verifySnapshot(path);
  const metadata = verified.metadata;
  // verifySnapshot only omits the metadata when asked to skip the hash check.
  if (!metadata) throw new ErrSnapshotCorrupt(path, 'snapshot missing hash');
  const facts = inspectDatabase(path, path, metadata);
  return { hash: metadata.hash, revision: facts.revision, totalKey: facts.totalKey, totalSize: verified.fileSize };
}
