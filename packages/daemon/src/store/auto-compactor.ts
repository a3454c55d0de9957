/**
 * Keeps a long-running store bounded: automatic compaction of old history, and a checkpoint
 * that empties the SQLite write-ahead log. A daemon that only heartbeats (node leases
 * rewritten every 10 s) otherwise grows its history, and so its database, forever.
 *
 * ## Auto-compaction (etcd's --auto-compaction-mode and --auto-compaction-retention)
 * Reproduces etcd's compactors (server/etcdserver/api/v3compactor/revision.go, periodic.go)
 * on the injected Clock, so tests fast-forward through days:
 *
 *   - 'revision': keep the last `retention` revisions. Every 5 minutes (revInterval), compact
 *     to current − retention when that is above the last compaction.
 *       retention 10, writes up to @31, 5 min pass → compact(21); idle 5 min → nothing.
 *   - 'periodic': keep the history of the last `retention` milliseconds. The current revision
 *     is sampled every tenth of min(retention, 1 h); the oldest sample kept is one retention
 *     old, and that is what gets compacted to: first once a whole retention has passed since
 *     start, then every min(retention, 1 h).
 *       retention 1 h: samples every 6 min; at 1:00 compact to the revision of 0:00, at 2:00
 *       to that of 1:00, … — between compactions the store holds one to two hours of history.
 *
 * As in etcd, a compaction that finds the revision already compacted counts as done, and a
 * failed one is retried at the next tick. Only one compaction runs at a time.
 *
 * ## WAL checkpoint
 * SQLite checkpoints its WAL as it grows, but keeps the file at its peak size (kine's
 * lesson: WAL and database grew without bound). Every minute, once the writes already
 * waiting for a group commit have committed, a non-empty WAL is checkpointed with TRUNCATE,
 * so between writes the WAL holds at most a minute of them and a quiet daemon's files are
 * just its database. The checkpoint never waits for a reader (see truncateWalNow).
 */
import type { Clock, TimerHandle } from '@kubelab/core';
import type Database from 'better-sqlite3';
import { ErrCompacted, ErrStoreClosed } from './errors.js';

export interface AutoCompactionOptions {
  mode: 'revision' | 'periodic';
  /** 'revision': how many revisions to keep. 'periodic': how many milliseconds of history. */
  retention: number;
}

/** What the compactor needs of a store: MvccBackend has both. */
export interface Compactable {
  /** The current revision. */
  readonly revision: number;
  compact(revision: number): Promise<unknown>;
}

/** What the checkpointer needs of a log: SqliteLog's WAL. */
export interface Checkpointable {
  /** Bytes in the write-ahead log right now. */
  walBytes(): number;
  /** Copies the WAL into the database and truncates it to zero bytes. */
  checkpoint(): void;
}

/** etcd's revInterval: revision mode looks every 5 minutes. */
export const REVISION_CHECK_INTERVAL_MS = 5 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** etcd's retryDivisor: periodic mode samples ten times per compaction interval. */
const SAMPLES_PER_INTERVAL = 10;
export const WAL_CHECKPOINT_INTERVAL_MS = 60 * 1000;

/** Refuses options etcd would refuse, before anything is opened. */
export function checkAutoCompaction(options: AutoCompactionOptions): void {
  if (options.mode !== 'revision' && options.mode !== 'periodic') {
    throw new RangeError(`auto-compaction mode must be 'periodic' or 'revision', got '${String(options.mode)}'`);
  }
  if (!Number.isFinite(options.retention) || options.retention <= 0) {
    throw new RangeError(`auto-compaction retention must be a positive number, got ${options.retention}`);
  }
}

export class AutoCompactor {
  private readonly timer: TimerHandle;
  private stopped = false;
  private running = false;
  /** The revision of the last compaction that succeeded (etcd's prev / lastRevision). */
  private compacted = 0;
  /** Periodic mode: sampled revisions, oldest first. */
  private samples: number[] = [];
  private readonly keepSamples: number;
  private lastSuccess: number;
  /** Periodic mode: how long after lastSuccess the next compaction is due. */
  private wait: number;

  constructor(
    private readonly store: Compactable,
    private readonly options: AutoCompactionOptions,
    private readonly clock: Clock,
  ) {
    checkAutoCompaction(options);
    this.lastSuccess = clock.now();
    // The first periodic compaction waits for a whole retention: before that, all history is young.
    this.wait = options.retention;
    if (options.mode === 'revision') {
      this.keepSamples = 0;
      this.timer = clock.setInterval(() => this.revisionTick(), REVISION_CHECK_INTERVAL_MS).unref();
    } else {
      const interval = Math.min(options.retention, HOUR_MS) / SAMPLES_PER_INTERVAL;
      // Rounded up so the oldest sample is never younger than the retention (etcd truncates,
      // but samples before it waits, which keeps one interval more).
      this.keepSamples = Math.ceil(options.retention / interval) + 1;
      this.samples.push(store.revision);
      this.timer = clock.setInterval(() => this.periodicTick(), interval).unref();
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer.clear();
  }

  private revisionTick(): void {
    const rev = this.store.revision - this.options.retention;
    if (rev <= 0 || rev <= this.compacted) return;
    this.compact(rev, () => undefined);
  }

  private periodicTick(): void {
    this.samples.push(this.store.revision);
    if (this.samples.length > this.keepSamples) this.samples.shift();
    if (this.clock.now() - this.lastSuccess < this.wait) return;
    const rev = this.samples[0]!;
    const done = () => {
      this.lastSuccess = this.clock.now();
      this.wait = Math.min(this.options.retention, HOUR_MS);
    };
    // Nothing was written in the meantime: as good as compacted (etcd gets ErrCompacted here).
    if (rev <= this.compacted) done();
    else this.compact(rev, done);
  }

  private compact(rev: number, done: () => void): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.store.compact(rev).then(
      () => {
        this.compacted = rev;
        done();
      },
      (err: unknown) => {
        if (err instanceof ErrCompacted) {
          // Someone compacted further already (kube-apiserver, etcdctl): etcd counts it as done.
          this.compacted = Math.max(rev, err.compactRevision);
          done();
        } else if (!this.stopped && !(err instanceof ErrStoreClosed)) {
          process.emitWarning(`kubelab: auto-compaction to revision ${rev} failed, retrying: ${String(err)}`);
        }
      },
    ).finally(() => {
      this.running = false;
    });
  }
}

export class WalCheckpointer {
  private readonly timer: TimerHandle;
  private stopped = false;

  constructor(
    private readonly log: Checkpointable,
    clock: Clock,
    intervalMs = WAL_CHECKPOINT_INTERVAL_MS,
  ) {
    // setImmediate: a group commit already scheduled runs first, so the checkpoint neither
    // delays a waiting batch nor leaves its frames behind in the WAL.
    this.timer = clock.setInterval(() => setImmediate(() => this.tick()), intervalMs).unref();
  }

  stop(): void {
    this.stopped = true;
    this.timer.clear();
  }

  private tick(): void {
    if (this.stopped || this.log.walBytes() === 0) return;
    try {
      this.log.checkpoint();
    } catch (err) {
      // A reader in another process holds an old snapshot: the next tick tries again.
      process.emitWarning(`kubelab: WAL checkpoint failed: ${String(err)}`);
    }
  }
}

/**
 * wal_checkpoint(TRUNCATE) without waiting. TRUNCATE waits for every reader to reach the
 * newest state, through the busy handler — 5 s with better-sqlite3's default, all of it on the
 * event loop — and a snapshot's worker reads for as long as its copy takes. With the busy
 * timeout at zero, a checkpoint that meets a reader copies what it can and the next tick
 * finishes the job.
 */
export function truncateWalNow(db: Database.Database): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
