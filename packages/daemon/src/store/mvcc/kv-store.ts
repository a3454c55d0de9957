/**
 * The MVCC engine shared by every local backend: the in-memory key index over a revision
 * log, the revision counters, and etcd's read and write transactions (mvcc/kvstore.go,
 * kvstore_txn.go). Reads resolve a key to the revision that holds its state at the asked
 * revision, then fetch that entry from the log.
 */
import type { Buffer } from 'node:buffer';
import type { KeyValue } from '../backend.js';
import { ErrCompacted, ErrFutureRev } from '../errors.js';
import { EMPTY, type KeyRange, keyBytes } from '../keys.js';
import type { Rev } from './key-index.js';
import type { Lessor } from './lessor.js';
import type { LogEntry, RevisionLog } from './revision-log.js';
import { TreeIndex } from './tree-index.js';

export interface ReadOptions {
  /** 0: no limit. */
  limit?: number;
  countOnly?: boolean;
  keysOnly?: boolean;
}

export interface ReadResult {
  kvs: KeyValue[];
  count: number;
}

export class KvStore {
  index = new TreeIndex();
  /** The newest applied revision (writes build on it); 1 for an empty store, as in etcd. */
  currentRev = 1;
  /**
   * The newest revision known to be durable. Reads see the store as of this revision, so no
   * reader ever observes a write that a crash could still take back; it catches up with
   * currentRev as each group commit's sync completes.
   */
  durableRev = 1;
  /** Reads and watches below this revision fail with ErrCompacted. */
  compactRev = 0;
  /** compact(0) was accepted (not remembered across a restart: the log records revision 0 as "never"). */
  private compactedAtZero = false;
  /** Counts changes to the index and log, so a refused request can be proven harmless. */
  mutations = 0;

  constructor(
    readonly log: RevisionLog,
    readonly lessor: Lessor,
  ) {}

  /**
   * Rebuilds the index, counters and lease attachments from the log. Returns the revisions a
   * compaction left in the log that are no longer reachable (an interrupted compaction), for
   * the caller to remove.
   */
  load(): Rev[] {
    const index = new TreeIndex();
    const leaseOfKey = new Map<string, number>();
    this.log.replay((e) => {
      const rev = { main: e.rev, sub: e.sub };
      if (e.value === null) {
        index.ensure(e.key).tombstone(rev);
        leaseOfKey.delete(e.key);
      } else {
        index.ensure(e.key).put(rev, e.createRevision, e.version);
        if (e.lease !== 0) leaseOfKey.set(e.key, e.lease);
        else leaseOfKey.delete(e.key);
      }
    });
    const meta = this.log.meta();
    this.index = index;
    this.currentRev = Math.max(1, this.log.maxRevision(), meta.revisionFloor);
    this.durableRev = this.currentRev;
    this.compactRev = meta.scheduledCompactRevision;
    const unreachable = this.compactRev > 0 ? index.compact(this.compactRev) : [];
    this.lessor.load(this.log.leases());
    for (const [key, lease] of leaseOfKey) if (this.lessor.has(lease)) this.lessor.attach(key, lease);
    return unreachable;
  }

  /** Resolves a requested read revision (≤ 0: newest) against cur, or throws. */
  resolveRevision(requested: number | undefined, cur: number): number {
    const rev = requested && requested > 0 ? requested : cur;
    if (rev > cur) throw new ErrFutureRev();
    if (rev < this.compactRev) throw new ErrCompacted(this.compactRev);
    return rev;
  }

  /** Keys in range as of atRev (already resolved), etcd's rangeKeys. */
  rangeAt(range: KeyRange, atRev: number, options: ReadOptions = {}): ReadResult {
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const kvs: KeyValue[] = [];
    let count = 0;
    for (const ki of this.index.range(range)) {
      const st = ki.at(atRev);
      if (!st) continue;
      count++;
      if (options.countOnly || kvs.length >= limit) continue;
      kvs.push(this.toKeyValue(this.entry(st.rev), options.keysOnly));
    }
    return { kvs, count };
  }

  /** The key as of atRev, or undefined. Reads below the compaction are refused by callers. */
  kvAt(key: string, atRev: number): KeyValue | undefined {
    const st = this.index.get(key)?.at(atRev);
    return st ? this.toKeyValue(this.entry(st.rev)) : undefined;
  }

  entry(rev: Rev): LogEntry {
    const e = this.log.get(rev.main, rev.sub);
    if (!e) throw new Error(`revision log is missing entry ${rev.main}/${rev.sub} that the index points at`);
    return e;
  }

  toKeyValue(e: LogEntry, keysOnly = false): KeyValue {
    return {
      key: keyBytes(e.key),
      createRevision: e.createRevision,
      modRevision: e.rev,
      version: e.version,
      value: keysOnly || e.value === null ? EMPTY : e.value,
      lease: e.lease,
    };
  }

  /** The watch event form of an entry: a tombstone is a DELETE of the key at its revision. */
  eventKv(e: LogEntry): KeyValue {
    if (e.value !== null) return this.toKeyValue(e);
    return { key: keyBytes(e.key), createRevision: 0, modRevision: e.rev, version: 0, value: EMPTY, lease: 0 };
  }

  /** A write transaction at the current revision (etcd's storeTxnWrite). */
  write(): TxnWrite {
    return new TxnWrite(this, this.currentRev);
  }

  /** A read-only view at the durable revision (what readers may see). */
  read(): TxnWrite {
    return new TxnWrite(this, this.durableRev);
  }

  /**
   * Logical compaction: from now on reads below atRev fail. Records the compaction in the log
   * (inside the caller's transaction) and returns the revisions to remove physically.
   */
  compact(atRev: number): Rev[] {
    // etcd's compactMainRev starts at -1, so a never-compacted etcd accepts compact(0) once.
    const floor = this.compactRev === 0 && !this.compactedAtZero ? -1 : this.compactRev;
    if (atRev <= floor) throw new ErrCompacted(this.compactRev);
    // Only durable history may be compacted: readers are at durableRev.
    if (atRev > this.durableRev) throw new ErrFutureRev();
    this.mutations++;
    const dropped = this.index.compact(atRev);
    this.compactRev = atRev;
    if (atRev === 0) this.compactedAtZero = true;
    this.log.setMeta({ scheduledCompactRevision: atRev });
    return dropped;
  }
}

/**
 * One write request's view of the store. Its changes all get revision beginRev+1 with
 * increasing sub-revisions; reads inside it see its own earlier writes, as in etcd.
 */
export class TxnWrite {
  readonly beginRev: number;
  readonly changes: LogEntry[] = [];

  constructor(
    private readonly s: KvStore,
    beginRev: number,
  ) {
    this.beginRev = beginRev;
  }

  /** The revision reads see: the new one once this request changed something. */
  get rev(): number {
    return this.changes.length > 0 ? this.beginRev + 1 : this.beginRev;
  }

  range(range: KeyRange, revision: number | undefined, options: ReadOptions): ReadResult {
    return this.s.rangeAt(range, this.s.resolveRevision(revision, this.rev), options);
  }

  /** The key's current value (including this request's writes), for prevKv. */
  current(key: string): KeyValue | undefined {
    return this.s.kvAt(key, this.rev);
  }

  put(key: string, value: Buffer, lease: number): void {
    const ki = this.s.index.ensure(key);
    const cur = ki.latest();
    const rev = { main: this.beginRev + 1, sub: this.changes.length };
    const entry: LogEntry = {
      rev: rev.main,
      sub: rev.sub,
      key,
      createRevision: cur ? cur.createRevision : rev.main,
      version: cur ? cur.version + 1 : 1,
      lease,
      value,
    };
    this.s.mutations++;
    this.s.log.append(entry);
    ki.put(rev, entry.createRevision, entry.version);
    this.s.lessor.attach(key, lease);
    this.changes.push(entry);
  }

  /** Deletes the live keys in range; returns how many. */
  deleteRange(range: KeyRange): number {
    const live: string[] = [];
    for (const ki of this.s.index.range(range)) if (ki.latest()) live.push(ki.key);
    for (const key of live) this.deleteKey(key);
    return live.length;
  }

  private deleteKey(key: string): void {
    const rev = { main: this.beginRev + 1, sub: this.changes.length };
    const entry: LogEntry = { rev: rev.main, sub: rev.sub, key, createRevision: 0, version: 0, lease: 0, value: null };
    this.s.mutations++;
    this.s.log.append(entry);
    this.s.index.ensure(key).tombstone(rev);
    this.s.lessor.attach(key, 0);
    this.changes.push(entry);
  }

  /** Publishes the new revision; returns the changes (for watchers). */
  end(): LogEntry[] {
    if (this.changes.length > 0) this.s.currentRev = this.beginRev + 1;
    return this.changes;
  }
}
