/**
 * The revision log: where the store's history is kept. Every change is appended as one
 * entry at its (revision, sub); nothing is rewritten in place, only removed by compaction.
 * The memory log and the SQLite log implement this; the MVCC engine above them (index,
 * requests, leases, watches) is shared, so both backends behave identically.
 */
import type { Buffer } from 'node:buffer';

export interface LogEntry {
  rev: number;
  sub: number;
  /** Binary-string key (see keys.ts). */
  key: string;
  /** 0 for a tombstone. */
  createRevision: number;
  /** 0 for a tombstone. */
  version: number;
  lease: number;
  /** null marks a tombstone: the key was deleted at this revision. */
  value: Buffer | null;
}

export interface LeaseRecord {
  id: number;
  /** Granted TTL in seconds. */
  ttl: number;
}

/** Book-keeping kept beside the log, written in the same transactions as the entries. */
export interface LogMeta {
  /** The compaction revision reads honour (etcd's scheduledCompactRev). */
  scheduledCompactRevision: number;
  /** Up to where the superseded entries have been physically removed (finishedCompactRev). */
  finishedCompactRevision: number;
  /** A revision the counter may not go below though no entry carries it (snapshot restore's bump). */
  revisionFloor: number;
  clusterId: string;
  memberId: string;
}

export interface LogStats {
  /** Bytes on disk, including write-ahead log. */
  dbSize: number;
  /** Bytes in use (dbSize less free pages). */
  dbSizeInUse: number;
  /** Entries in the log. */
  entries: number;
}

export interface RevisionLog {
  /**
   * Runs fn as one atomic unit: everything it appends, every lease and meta change, commits
   * together once fn returns, or not at all when it throws (and then this throws). The commit
   * is durable only once a later sync() resolves.
   */
  transact(fn: () => void): void;
  /**
   * Makes every transaction committed so far durable (the SQLite log fsyncs its WAL, on a
   * thread off the event loop). Rejects when that cannot be done.
   */
  sync(): Promise<void>;
  append(entry: LogEntry): void;
  putLease(lease: LeaseRecord): void;
  deleteLease(id: number): void;
  setMeta(meta: Partial<LogMeta>): void;
  /** Physically removes entries (compaction); only inside transact. */
  remove(revs: ReadonlyArray<{ main: number; sub: number }>): void;

  /** The entry at (rev, sub), including ones appended by the transaction in progress. */
  get(rev: number, sub: number): LogEntry | undefined;
  /** Entries with from ≤ rev ≤ to, in (rev, sub) order. */
  scan(from: number, to: number): LogEntry[];
  /** Visits every entry in (rev, sub) order, without values, to rebuild the index at open. */
  replay(visit: (entry: LogEntry) => void): void;
  leases(): LeaseRecord[];
  meta(): LogMeta;
  /** The highest revision any entry carries (0 when empty). */
  maxRevision(): number;
  stats(): LogStats;
  /** Reclaims space freed by compaction (SQLite: VACUUM) and truncates the write-ahead log. */
  defragment(): void;
  close(): void;
}
