/**
 * `snapshot restore`: a new data directory from a snapshot, which openSqliteBackend opens as
 * it opens any other.
 *
 * As with etcdutl snapshot restore, the restored store is a new cluster: it gets a new
 * cluster ID and member ID, so nothing mistakes it for the one the snapshot came from. The
 * directory is assembled under a temporary name beside the target and renamed into place
 * last, so a crash part-way leaves no half-written data directory (at worst a hidden
 * `.<name>.restore-*` directory beside it).
 *
 * bumpRevision and markCompacted are etcd's --bump-revision and --mark-compacted (etcd
 * #16028), which Kubernetes needs after a restore (kubernetes #107457): clients hold
 * resourceVersions from the old store, and some are *newer* than the snapshot. Bumping the
 * revision by more than the writes made since the snapshot keeps revisions moving forward for
 * them; marking the history compacted at that bumped revision makes every watch or read from
 * an old resourceVersion fail with ErrCompacted ("410 Gone"), so informers relist instead of
 * trusting caches the restore invalidated.
 *
 *   snapshot at revision 10, restore with bumpRevision 1000 and markCompacted
 *   → the next write gets revision 1011
 *   → range(k, revision 10) and watch(k, from 10) fail ErrCompacted{compactRevision: 1010}
 *   → range(k) still returns k as it was at revision 10
 *
 * (etcdutl refuses --bump-revision without --mark-compacted; that is a flag rule, left to the
 * CLI. Here either may be used alone.)
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DIR_MODE, FILE_MODE } from '../data-dir.js';
import { newMemberId } from '../memory/memory-log.js';
import { DB_FILE } from '../sqlite/sqlite-backend.js';
import { SqliteLog } from '../sqlite/sqlite-log.js';
import { inspectDatabase } from './database.js';
import { ErrDataDirNotEmpty } from './errors.js';
import { createPrivateFile, fsyncDir } from './io.js';
import { verifySnapshot } from './verify.js';

export interface RestoreOptions {
  /** Raise the revision by this much: the next write gets a revision above snapshot revision + N. */
  bumpRevision?: number;
  /** Record a compaction at the (bumped) revision: older reads and watches fail ErrCompacted. */
  markCompacted?: boolean;
  /**
   * Accept a file whose integrity hash cannot be checked, such as `<data-dir>/db` copied from
   * a stopped store (etcdctl's --skip-hash-check). SQLite's integrity check still runs.
   */
  skipHashCheck?: boolean;
}

export interface RestoreResult {
  /** The revision the snapshot held. */
  snapshotRevision: number;
  /** The restored store's current revision: the next write gets one more. */
  revision: number;
  compactRevision: number;
  totalKey: number;
  clusterId: string;
  memberId: string;
}

export async function restoreSnapshot(path: string, dataDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const bump = options.bumpRevision ?? 0;
  if (!Number.isSafeInteger(bump) || bump < 0) throw new RangeError(`bumpRevision must be a whole number ≥ 0, got ${bump}`);
  const target = resolve(dataDir);
  refuseNonEmpty(target, dataDir);

  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.restore-`));
  try {
    chmodSync(staging, DIR_MODE);
    const db = join(staging, DB_FILE);
    createPrivateFile(db);
    const fh = await open(db, 'r+');
    let verified;
    try {
      verified = await verifySnapshot(path, { skipHashCheck: options.skipHashCheck, copyTo: fh });
      await fh.sync();
    } finally {
      await fh.close();
    }
    const facts = inspectDatabase(db, path, verified.metadata);
    const revision = facts.revision + bump;
    const compactRevision = options.markCompacted ? revision : facts.compactRevision;
    const ids = { clusterId: newMemberId(), memberId: newMemberId() };

    // Open it as the store will: the SQLite log applies its pragmas (WAL, synchronous=FULL),
    // and records the new identity, the revision floor and the compaction durably.
    const log = new SqliteLog(db);
    try {
      log.transact(() => log.setMeta({ ...ids, revisionFloor: revision, scheduledCompactRevision: compactRevision }));
    } finally {
      log.close();
    }
    for (const name of readdirSync(staging)) chmodSync(join(staging, name), FILE_MODE);
    fsyncDir(staging);

    // Checked again just before the rename, which replaces an empty directory atomically.
    refuseNonEmpty(target, dataDir);
    renameSync(staging, target);
    fsyncDir(parent);
    return { snapshotRevision: facts.revision, revision, compactRevision, totalKey: facts.totalKey, ...ids };
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** etcdutl's rule: the target may be absent or an empty directory, nothing else. */
function refuseNonEmpty(target: string, asGiven: string): void {
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ErrDataDirNotEmpty(asGiven);
  }
  if (entries.length > 0) throw new ErrDataDirNotEmpty(asGiven);
}
