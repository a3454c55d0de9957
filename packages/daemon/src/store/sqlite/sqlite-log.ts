/**
 * The revision log in SQLite: one row per change, keyed by (revision, sub), appended and
 * never updated; compaction deletes superseded rows. Write-ahead logging; a transaction is
 * durable once sync() has fsynced the WAL, which the engine awaits (on a libuv thread, so the
 * event loop keeps serving) before acknowledging a write. The WAL is checkpointed as it grows
 * and truncated when it is done, so the files stay bounded (kine's lesson: an unchecked WAL
 * grows forever).
 *
 * An ordinary rowid table, not WITHOUT ROWID: values are around a kilobyte, and a
 * WITHOUT ROWID b-tree spills every such row to an overflow page (3× the bytes on disk,
 * 4× slower point reads, measured by the store benchmarks).
 *
 * Lessons taken from kine's SQL log: revisions are not AUTOINCREMENT ids (those leave gaps
 * when a transaction rolls back and watchers stall on the gap) but assigned by the engine
 * inside the write transaction; compaction progress is recorded in the same transaction as
 * the deletions it describes.
 */
import { closeSync, fdatasync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { LeaseRecord, LogEntry, LogMeta, LogStats, RevisionLog } from '../mvcc/revision-log.js';
import { newMemberId } from '../memory/memory-log.js';

/** Bumped when the schema changes; an unknown version is refused rather than misread. */
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  rev INTEGER NOT NULL,
  sub INTEGER NOT NULL,
  key BLOB NOT NULL,
  create_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL,
  value BLOB,
  PRIMARY KEY (rev, sub)
);
CREATE TABLE IF NOT EXISTS lease (
  id INTEGER PRIMARY KEY,
  ttl INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;
`;

export interface SqliteLogOptions {
  /**
   * Skip fsync (synchronous=OFF): a crash of the machine may lose acknowledged writes.
   * Named after etcd's --unsafe-no-fsync; for tests and throw-away clusters only.
   */
  unsafeNoFsync?: boolean;
  /** Pages of WAL after which SQLite checkpoints (default 1000, about 4 MiB). */
  walAutocheckpointPages?: number;
  /** Called once the database is closed (the opener releases the data directory). */
  onClose?: () => void;
}

type Row = [number, number, Buffer, number, number, number, Buffer | null];

export class SqliteLog implements RevisionLog {
  readonly db: Database.Database;
  private readonly stmt;
  private readonly tx: (fn: () => void) => void;
  private cachedMeta: LogMeta | undefined;
  private walFd: number | undefined;

  constructor(
    readonly path: string,
    private readonly options: SqliteLogOptions = {},
  ) {
    this.db = new Database(path);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${path}: written by a newer kubelab (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    this.db.pragma('journal_mode = WAL');
    // NORMAL: a commit writes the WAL without waiting for the disk; sync() then fsyncs the WAL
    // off the event loop before anything is acknowledged. (In WAL mode NORMAL still syncs the
    // WAL before each checkpoint and the database after it, so checkpoints never lose data.)
    this.db.pragma(`synchronous = ${options.unsafeNoFsync ? 'OFF' : 'NORMAL'}`);
    this.db.pragma(`wal_autocheckpoint = ${options.walAutocheckpointPages ?? 1000}`);
    // After a checkpoint, shrink the WAL back to this size instead of keeping its peak.
    this.db.pragma('journal_size_limit = 16777216');
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('cache_size = -65536');
    this.db.exec(SCHEMA);
    if (version === 0) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    const db = this.db;
    this.stmt = {
      insert: db.prepare('INSERT INTO kv (rev, sub, key, create_revision, version, lease, value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT rev, sub, key, create_revision, version, lease, value FROM kv WHERE rev = ? AND sub = ?').raw(),
      scan: db
        .prepare('SELECT rev, sub, key, create_revision, version, lease, value FROM kv WHERE rev >= ? AND rev <= ? ORDER BY rev, sub')
        .raw(),
      replay: db
        .prepare('SELECT rev, sub, key, create_revision, version, lease, value IS NULL FROM kv ORDER BY rev, sub')
        .raw(),
      remove: db.prepare('DELETE FROM kv WHERE rev = ? AND sub = ?'),
      maxRev: db.prepare('SELECT MAX(rev) FROM kv').pluck(),
      count: db.prepare('SELECT COUNT(*) FROM kv').pluck(),
      putLease: db.prepare('INSERT OR REPLACE INTO lease (id, ttl) VALUES (?, ?)'),
      deleteLease: db.prepare('DELETE FROM lease WHERE id = ?'),
      leases: db.prepare('SELECT id, ttl FROM lease ORDER BY id'),
      setMeta: db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      meta: db.prepare('SELECT name, value FROM meta').raw(),
    };
    this.tx = db.transaction((fn: () => void) => fn());
    this.ensureIdentity();
  }

  transact(fn: () => void): void {
    const before = this.cachedMeta;
    try {
      this.tx(fn);
    } catch (err) {
      this.cachedMeta = before;
      throw err;
    }
  }

  sync(): Promise<void> {
    if (this.options.unsafeNoFsync) return Promise.resolve();
    return new Promise((resolve, reject) => {
      try {
        // fdatasync flushes the file's data whichever descriptor wrote it; SQLite keeps the
        // -wal file (same inode) while any connection is open, truncating rather than deleting.
        this.walFd ??= openSync(`${this.path}-wal`, 'r');
      } catch (err) {
        return reject(err);
      }
      fdatasync(this.walFd, (err) => (err ? reject(err) : resolve()));
    });
  }

  append(e: LogEntry): void {
    this.stmt.insert.run(e.rev, e.sub, Buffer.from(e.key, 'latin1'), e.createRevision, e.version, e.lease, e.value);
  }

  putLease(lease: LeaseRecord): void {
    this.stmt.putLease.run(lease.id, lease.ttl);
  }

  deleteLease(id: number): void {
    this.stmt.deleteLease.run(id);
  }

  setMeta(meta: Partial<LogMeta>): void {
    for (const [name, value] of Object.entries(meta)) this.stmt.setMeta.run(name, value);
    this.cachedMeta = { ...this.meta(), ...meta };
  }

  remove(revs: ReadonlyArray<{ main: number; sub: number }>): void {
    for (const r of revs) this.stmt.remove.run(r.main, r.sub);
  }

  get(rev: number, sub: number): LogEntry | undefined {
    const row = this.stmt.get.get(rev, sub) as Row | undefined;
    return row ? toEntry(row) : undefined;
  }

  scan(from: number, to: number): LogEntry[] {
    return (this.stmt.scan.all(from, to) as Row[]).map(toEntry);
  }

  replay(visit: (entry: LogEntry) => void): void {
    for (const row of this.stmt.replay.iterate() as IterableIterator<[number, number, Buffer, number, number, number, number]>) {
      visit({
        rev: row[0],
        sub: row[1],
        key: row[2].toString('latin1'),
        createRevision: row[3],
        version: row[4],
        lease: row[5],
        value: row[6] ? null : EMPTY_VALUE,
      });
    }
  }

  leases(): LeaseRecord[] {
    return this.stmt.leases.all() as LeaseRecord[];
  }

  meta(): LogMeta {
    if (!this.cachedMeta) {
      const m: Record<string, unknown> = {};
      for (const [name, value] of this.stmt.meta.all() as Array<[string, unknown]>) m[name] = value;
      this.cachedMeta = {
        scheduledCompactRevision: Number(m['scheduledCompactRevision'] ?? 0),
        finishedCompactRevision: Number(m['finishedCompactRevision'] ?? 0),
        revisionFloor: Number(m['revisionFloor'] ?? 0),
        clusterId: String(m['clusterId'] ?? ''),
        memberId: String(m['memberId'] ?? ''),
      };
    }
    return this.cachedMeta;
  }

  maxRevision(): number {
    return (this.stmt.maxRev.get() as number | null) ?? 0;
  }

  stats(): LogStats {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    let wal = 0;
    try {
      wal = statSync(`${this.path}-wal`).size;
    } catch {
      // no WAL file right now
    }
    return {
      dbSize: pages * pageSize + wal,
      dbSizeInUse: (pages - free) * pageSize,
      entries: this.stmt.count.get() as number,
    };
  }

  /** VACUUM rewrites the file without free pages; the checkpoint then empties the WAL. */
  defragment(): void {
    this.db.exec('VACUUM');
    this.checkpoint();
  }

  /** Moves the WAL into the database and truncates it to zero bytes. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.checkpoint();
    } finally {
      if (this.walFd !== undefined) closeSync(this.walFd);
      this.walFd = undefined;
      this.db.close();
      this.options.onClose?.();
    }
  }

  private ensureIdentity(): void {
    const m = this.meta();
    if (m.clusterId && m.memberId) return;
    this.transact(() => this.setMeta({ clusterId: m.clusterId || newMemberId(), memberId: m.memberId || newMemberId() }));
  }
}

/** Replay only needs to know a put from a tombstone; values are read on demand. */
const EMPTY_VALUE = Buffer.alloc(0);

function toEntry(r: Row): LogEntry {
  return { rev: r[0], sub: r[1], key: r[2].toString('latin1'), createRevision: r[3], version: r[4], lease: r[5], value: r[6] };
}
