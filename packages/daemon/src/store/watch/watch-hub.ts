/**
 * Delivers the revision log to watchers, modelled on etcd's watchableStore:
 *
 *   - synced watchers are caught up: each commit's changes are handed to them directly,
 *     once, right after the commit is durable;
 *   - unsynced watchers are behind (they started in the past, start in the future, or fell
 *     behind by not consuming): a sync pass reads their missing revisions from the log in
 *     chunks of whole revisions, shared by every watcher in the pass, until they catch up.
 *
 * Because commits and sync passes are each synchronous, nothing is delivered twice or
 * skipped at the hand-over from unsynced to synced.
 */
import type { Clock, TimerHandle } from '@kubelab/core';
import type { KeyValue, WatchEvent, WatchOptions } from '../backend.js';
import { ErrCompacted } from '../errors.js';
import type { KeyRange } from '../keys.js';
import type { LogEntry } from '../mvcc/revision-log.js';
import { Watcher, type WatcherOwner } from './watcher.js';

/** What the hub reads from the store. */
export interface WatchSource {
  currentRevision(): number;
  compactRevision(): number;
  /** Log entries with from ≤ rev ≤ to, in (rev, sub) order. */
  scan(from: number, to: number): LogEntry[];
  /** The event form of an entry (a tombstone becomes a DELETE kv). */
  eventKv(entry: LogEntry): KeyValue;
  /** The key as of rev (for prevKv); only asked for revisions at or above the compaction. */
  kvAt(key: string, rev: number): KeyValue | undefined;
}

export interface WatchHubOptions {
  clock: Clock;
  /** etcd sends progress notifications every 10 minutes by default. */
  progressNotifyIntervalMs?: number;
  /** Queued responses after which a watcher counts as slow. */
  maxBacklog?: number;
  /** Revisions read from the log per catch-up step (etcd's watchBatchMaxRevs). */
  batchRevisions?: number;
  /** Milliseconds a sync pass may run before yielding to other work. */
  sliceMs?: number;
}

export class WatchHub implements WatcherOwner {
  private readonly synced = new Set<Watcher>();
  private readonly unsynced = new Set<Watcher>();
  private nextId = 1;
  private syncScheduled = false;
  private closed = false;
  private readonly progressTimer: TimerHandle;
  private readonly maxBacklog: number;
  private readonly batchRevisions: number;
  private readonly sliceMs: number;

  constructor(
    private readonly source: WatchSource,
    options: WatchHubOptions,
  ) {
    this.maxBacklog = options.maxBacklog ?? 1024;
    this.batchRevisions = options.batchRevisions ?? 1000;
    this.sliceMs = options.sliceMs ?? 10;
    this.progressTimer = options.clock
      .setInterval(() => this.progressTick(), options.progressNotifyIntervalMs ?? 10 * 60 * 1000)
      .unref();
  }

  get size(): number {
    return this.synced.size + this.unsynced.size;
  }

  watch(range: KeyRange, options: WatchOptions): Watcher {
    const cur = this.source.currentRevision();
    const start = options.startRevision && options.startRevision > 0 ? options.startRevision : cur + 1;
    const w = new Watcher(
      this,
      this.nextId++,
      range,
      start,
      options.prevKv ?? false,
      options.progressNotify ?? false,
      new Set(options.filters ?? []),
    );
    if (this.closed) {
      w.end();
      return w;
    }
    if (start === cur + 1) {
      this.synced.add(w);
    } else {
      this.unsynced.add(w);
      this.scheduleSync();
    }
    return w;
  }

  /** Hands a commit's changes (ascending revisions) to the synced watchers. */
  publish(entries: LogEntry[]): void {
    if (entries.length === 0) return;
    const cur = this.source.currentRevision();
    const events = new EventCache(this.source, entries);
    for (const w of this.synced) {
      const evs = events.matching(w, 0, entries.length);
      w.nextRev = cur + 1;
      if (evs.length === 0) continue;
      w.push({ header: { revision: cur }, events: evs });
      if (w.backlog > this.maxBacklog) {
        // Slow consumer: stop queueing; its next revisions come from the log once it drains.
        this.synced.delete(w);
        this.unsynced.add(w);
      }
    }
    if (this.unsynced.size > 0) this.scheduleSync();
  }

  cancel(w: Watcher): void {
    this.synced.delete(w);
    this.unsynced.delete(w);
  }

  requestProgress(w: Watcher): void {
    if (this.synced.has(w)) w.push(this.progress());
    else if (this.unsynced.has(w)) w.progressRequested = true;
  }

  drained(w: Watcher): void {
    if (this.unsynced.has(w) && w.backlog < this.maxBacklog / 2) this.scheduleSync();
  }

  close(): void {
    this.closed = true;
    this.progressTimer.clear();
    for (const w of [...this.synced, ...this.unsynced]) w.end();
    this.synced.clear();
    this.unsynced.clear();
  }

  private progress() {
    return { header: { revision: this.source.currentRevision() }, events: [] };
  }

  /** etcd's progress notification: an idle synced watcher learns the store has moved on. */
  private progressTick(): void {
    for (const w of this.synced) {
      if (w.progressNotify && !w.sentSinceProgressTick) w.push(this.progress());
      w.sentSinceProgressTick = false;
    }
  }

  private scheduleSync(): void {
    if (this.syncScheduled || this.closed) return;
    this.syncScheduled = true;
    setImmediate(() => {
      this.syncScheduled = false;
      this.sync();
    });
  }

  /** Catches unsynced watchers up from the log, a chunk of whole revisions at a time. */
  private sync(): void {
    const deadline = performance.now() + this.sliceMs;
    for (;;) {
      const cur = this.source.currentRevision();
      const compactRev = this.source.compactRevision();
      const behind: Watcher[] = [];
      for (const w of this.unsynced) {
        if (w.done) {
          this.unsynced.delete(w);
        } else if (w.backlog >= this.maxBacklog / 2) {
          continue; // still slow: wait for its consumer
        } else if (w.nextRev < compactRev) {
          this.unsynced.delete(w);
          w.fail(new ErrCompacted(compactRev));
        } else if (w.nextRev === cur + 1) {
          this.markSynced(w);
        } else if (w.nextRev <= cur) {
          behind.push(w);
        } // else: starts in the future; waits
      }
      if (behind.length === 0) return;
      let from = Infinity;
      for (const w of behind) from = Math.min(from, w.nextRev);
      const to = Math.min(cur, from + this.batchRevisions - 1);
      const entries = this.source.scan(from, to);
      const events = new EventCache(this.source, entries);
      for (const w of behind) {
        if (w.nextRev > to) continue;
        const evs = events.matching(w, firstAtOrAfter(entries, w.nextRev), entries.length);
        w.nextRev = to + 1;
        if (evs.length > 0) w.push({ header: { revision: cur }, events: evs });
        if (w.nextRev === cur + 1 && w.backlog < this.maxBacklog) this.markSynced(w);
      }
      if (performance.now() > deadline) {
        this.scheduleSync();
        return;
      }
    }
  }

  private markSynced(w: Watcher): void {
    this.unsynced.delete(w);
    this.synced.add(w);
    if (w.progressRequested) {
      w.progressRequested = false;
      w.push(this.progress());
    }
  }
}

/** Builds each entry's event once per delivery, however many watchers receive it. */
class EventCache {
  private plain: (WatchEvent | undefined)[] = [];
  private withPrev: (WatchEvent | undefined)[] = [];

  constructor(
    private readonly source: WatchSource,
    private readonly entries: LogEntry[],
  ) {}

  matching(w: Watcher, from: number, to: number): WatchEvent[] {
    const out: WatchEvent[] = [];
    for (let i = from; i < to; i++) {
      const e = this.entries[i]!;
      if (!w.range.contains(e.key)) continue;
      if (!w.wants(e.value === null ? 'DELETE' : 'PUT')) continue;
      out.push(w.prevKv ? this.eventWithPrev(i) : this.event(i));
    }
    return out;
  }

  private event(i: number): WatchEvent {
    let ev = this.plain[i];
    if (!ev) {
      const e = this.entries[i]!;
      ev = { type: e.value === null ? 'DELETE' : 'PUT', kv: this.source.eventKv(e) };
      this.plain[i] = ev;
    }
    return ev;
  }

  /**
   * etcd reads prevKv at modRevision-1, and leaves it out when that is compacted, and for a
   * create event (a PUT with createRevision = modRevision; watch.go isCreateEvent) — even
   * one whose key the same txn deleted first, when the key did exist at modRevision-1.
   */
  private eventWithPrev(i: number): WatchEvent {
    let ev = this.withPrev[i];
    if (!ev) {
      const e = this.entries[i]!;
      const base = this.event(i);
      const before = e.rev - 1;
      const isCreate = e.value !== null && e.createRevision === e.rev;
      const prevKv =
        !isCreate && before >= this.source.compactRevision() ? this.source.kvAt(e.key, before) : undefined;
      ev = prevKv ? { ...base, prevKv } : base;
      this.withPrev[i] = ev;
    }
    return ev;
  }
}

function firstAtOrAfter(entries: LogEntry[], rev: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.rev < rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
