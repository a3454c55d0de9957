/**
 * The revision log in memory: the same contract as the SQLite log, with nothing durable.
 * It is the executable spec of the log (a map from revision to its entries, in sub order)
 * and the store for fast tests. A transaction keeps an undo list, so a throwing batch leaves
 * the log exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import type { LeaseRecord, LogEntry, LogMeta, LogStats, RevisionLog } from '../mvcc/revision-log.js';

export function newMemberId(): string {
  return randomBytes(8).toString('hex');
}

export class MemoryLog implements RevisionLog {
  /** revision → its entries, indexed by sub (holes where compaction removed one). */
  private readonly byRev = new Map<number, Array<LogEntry | undefined>>();
  /** Revisions present in byRev, ascending. */
  private revs: number[] = [];
  private readonly leaseRecords = new Map<number, LeaseRecord>();
  private metaState: LogMeta;
  private undo: Array<() => void> | undefined;

  constructor(meta: Partial<LogMeta> = {}) {
    this.metaState = {
      scheduledCompactRevision: 0,
      finishedCompactRevision: 0,
      revisionFloor: 0,
      clusterId: newMemberId(),
      memberId: newMemberId(),
      ...meta,
    };
  }

  transact(fn: () => void): void {
    if (this.undo) throw new Error('memory log: nested transaction');
    this.undo = [];
    try {
      fn();
    } catch (err) {
      for (const u of this.undo.reverse()) u();
      throw err;
    } finally {
      this.undo = undefined;
    }
  }

  /** Nothing in memory outlives the process: committed is as durable as it gets. */
  sync(): Promise<void> {
    return Promise.resolve();
  }

  append(entry: LogEntry): void {
    const undo = this.inTx();
    let subs = this.byRev.get(entry.rev);
    if (!subs) {
      subs = [];
      this.byRev.set(entry.rev, subs);
      const last = this.revs[this.revs.length - 1];
      if (last !== undefined && last > entry.rev) throw new Error(`memory log: append of ${entry.rev} after ${last}`);
      this.revs.push(entry.rev);
      undo.push(() => {
        this.byRev.delete(entry.rev);
        this.revs.pop();
      });
    }
    subs[entry.sub] = entry;
    undo.push(() => {
      subs[entry.sub] = undefined;
    });
  }

  putLease(lease: LeaseRecord): void {
    const undo = this.inTx();
    const old = this.leaseRecords.get(lease.id);
    this.leaseRecords.set(lease.id, lease);
    undo.push(() => (old ? this.leaseRecords.set(lease.id, old) : this.leaseRecords.delete(lease.id)));
  }

  deleteLease(id: number): void {
    const undo = this.inTx();
    const old = this.leaseRecords.get(id);
    this.leaseRecords.delete(id);
    undo.push(() => old && this.leaseRecords.set(id, old));
  }

  setMeta(meta: Partial<LogMeta>): void {
    const undo = this.inTx();
    const old = this.metaState;
    this.metaState = { ...old, ...meta };
    undo.push(() => {
      this.metaState = old;
    });
  }

  remove(revs: ReadonlyArray<{ main: number; sub: number }>): void {
    const undo = this.inTx();
    const touched = new Set<number>();
    for (const r of revs) {
      const subs = this.byRev.get(r.main);
      const e = subs?.[r.sub];
      if (!subs || !e) continue;
      subs[r.sub] = undefined;
      touched.add(r.main);
      undo.push(() => {
        subs[r.sub] = e;
      });
    }
    const emptied = [...touched].filter((rev) => this.byRev.get(rev)!.every((e) => e === undefined));
    if (emptied.length === 0) return;
    const oldRevs = this.revs;
    const removed = emptied.map((rev) => [rev, this.byRev.get(rev)!] as const);
    for (const rev of emptied) this.byRev.delete(rev);
    const gone = new Set(emptied);
    this.revs = this.revs.filter((rev) => !gone.has(rev));
    undo.push(() => {
      for (const [rev, subs] of removed) this.byRev.set(rev, subs);
      this.revs = oldRevs;
    });
  }

  get(rev: number, sub: number): LogEntry | undefined {
    return this.byRev.get(rev)?.[sub];
  }

  scan(from: number, to: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = lowerBound(this.revs, from); i < this.revs.length; i++) {
      const rev = this.revs[i]!;
      if (rev > to) break;
      for (const e of this.byRev.get(rev)!) if (e) out.push(e);
    }
    return out;
  }

  replay(visit: (entry: LogEntry) => void): void {
    for (const rev of this.revs) for (const e of this.byRev.get(rev)!) if (e) visit(e);
  }

  leases(): LeaseRecord[] {
    return [...this.leaseRecords.values()];
  }

  meta(): LogMeta {
    return this.metaState;
  }

  maxRevision(): number {
    return this.revs[this.revs.length - 1] ?? 0;
  }

  stats(): LogStats {
    let bytes = 0;
    let entries = 0;
    this.replay((e) => {
      entries++;
      bytes += e.key.length + (e.value?.length ?? 0) + 40;
    });
    return { dbSize: bytes, dbSizeInUse: bytes, entries };
  }

  defragment(): void {}

  close(): void {}

  private inTx(): Array<() => void> {
    if (!this.undo) throw new Error('memory log: write outside a transaction');
    return this.undo;
  }
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
