/**
 * A revision log whose next transaction fails at commit, as a full disk or an I/O error makes
 * it fail: the work inside the transaction is done against the real SQLite log, then SQLite
 * rolls all of it back and the error reaches the engine. Everything else is the real log.
 */
import Database from 'better-sqlite3';
import type { LeaseRecord, LogEntry, LogMeta, LogStats, RevisionLog } from '../../src/store/mvcc/revision-log.js';
import type { SqliteLog } from '../../src/store/sqlite/sqlite-log.js';

export class FailingLog implements RevisionLog {
  private failure: Error | undefined;
  private syncFailure: Error | undefined;

  constructor(readonly inner: SqliteLog) {}

  /** The next transaction throws this at its end (default: SQLITE_FULL), once. */
  failNextCommit(err: Error = new Database.SqliteError('database or disk is full', 'SQLITE_FULL')): void {
    this.failure = err;
  }

  /** The next sync (fsync) rejects with this, once — a disk that stops accepting writes. */
  failNextSync(err: Error = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })): void {
    this.syncFailure = err;
  }

  sync(): Promise<void> {
    const err = this.syncFailure;
    this.syncFailure = undefined;
    return err ? Promise.reject(err) : this.inner.sync();
  }

  transact(fn: () => void): void {
    const err = this.failure;
    if (!err) return this.inner.transact(fn);
    this.failure = undefined;
    this.inner.transact(() => {
      fn();
      throw err;
    });
  }

  append(entry: LogEntry): void {
    this.inner.append(entry);
  }
  putLease(lease: LeaseRecord): void {
    this.inner.putLease(lease);
  }
  deleteLease(id: number): void {
    this.inner.deleteLease(id);
  }
  setMeta(meta: Partial<LogMeta>): void {
    this.inner.setMeta(meta);
  }
  remove(revs: ReadonlyArray<{ main: number; sub: number }>): void {
    this.inner.remove(revs);
  }
  get(rev: number, sub: number): LogEntry | undefined {
    return this.inner.get(rev, sub);
  }
  scan(from: number, to: number): LogEntry[] {
    return this.inner.scan(from, to);
  }
  replay(visit: (entry: LogEntry) => void): void {
    this.inner.replay(visit);
  }
  leases(): LeaseRecord[] {
    return this.inner.leases();
  }
  meta(): LogMeta {
    return this.inner.meta();
  }
  maxRevision(): number {
    return this.inner.maxRevision();
  }
  stats(): LogStats {
    return this.inner.stats();
  }
  defragment(): void {
    this.inner.defragment();
  }
  close(): void {
    this.inner.close();
  }
}
