/**
 * The Backend over a revision log: the MVCC engine, watches and leases, with group commit.
 *
 * Writes queue up and are applied together in one log transaction (one fsync), each still
 * getting its own revision, in arrival order; their promises resolve, and watchers hear of
 * them, only once that transaction is durable. Reads are served from the committed state.
 * Everything that touches state runs synchronously between awaits, so no read ever sees a
 * half-applied batch.
 *
 * The memory backend and the SQLite backend are this class over different logs.
 */
import { Buffer } from 'node:buffer';
import { randomInt } from 'node:crypto';
import { type Clock, RealClock, type TimerHandle } from '@kubelab/core';
import type {
  Backend,
  BytesLike,
  CompactResponse,
  DeleteRangeOptions,
  DeleteRangeResponse,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseTimeToLiveResponse,
  PutOptions,
  PutResponse,
  RangeOptions,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  SnapshotInfo,
  StoreStatus,
  TxnRequest,
  TxnResponse,
  Watch,
  WatchOptions,
} from './backend.js';
import {
  ErrEmptyKey,
  ErrLeaseExists,
  ErrLeaseNotFound,
  ErrLeaseTTLTooLarge,
  ErrRequestTooLarge,
  ErrStoreClosed,
  StoreError,
} from './errors.js';
import { KeyRange, keyBytes, keyOf } from './keys.js';
import { type Applied, applyDeleteRange, applyPut, applyRange, applyTxn, checkTxnRequest } from './mvcc/apply.js';
import type { Rev } from './mvcc/key-index.js';
import { KvStore } from './mvcc/kv-store.js';
import { Lessor, MAX_LEASE_TTL } from './mvcc/lessor.js';
import type { LogEntry, RevisionLog } from './mvcc/revision-log.js';
import { WatchHub } from './watch/watch-hub.js';

export interface MvccBackendOptions {
  clock?: Clock;
  /** Reported by status(), e.g. "kubelab-sqlite/0.1.0". */
  version?: string;
  /** etcd's --max-txn-ops (128). */
  maxTxnOps?: number;
  /** etcd's --max-request-bytes (1.5 MiB). */
  maxRequestBytes?: number;
  /** How often expired leases are looked for (etcd: every 500 ms). */
  leaseCheckIntervalMs?: number;
  /** Leases shorter than this are granted this TTL (etcd derives it from its election timeout). */
  minLeaseTtl?: number;
  progressNotifyIntervalMs?: number;
  /** Entries physically removed per compaction step, between which other work runs. */
  compactionBatchSize?: number;
  /** Writes a snapshot of the log; absent when the log cannot make one. */
  snapshot?: (path: string) => Promise<SnapshotInfo>;
  /**
   * Called at the instant a group commit is durable, before watchers hear of it, with the
   * newest revision it committed. Instrumentation only (the benchmarks' commit → event clock).
   */
  onCommit?: (revision: number) => void;
}

interface PendingWrite {
  run: () => Applied<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface WrittenBatch {
  seq: number;
  /** The newest revision the batch wrote. */
  revision: number;
  batch: PendingWrite[];
  outcomes: Array<{ ok: unknown } | { err: StoreError }>;
  committed: LogEntry[];
}

/** Group commits written and waiting for their fsync at once. */
const MAX_SYNCS_IN_FLIGHT = 4;

interface PendingRemoval {
  compactRevision: number;
  revs: Rev[];
  waiters: Array<() => void>;
}

export class MvccBackend implements Backend {
  private readonly clock: Clock;
  private readonly kv: KvStore;
  private readonly lessor: Lessor;
  private readonly hub: WatchHub;
  private readonly leaseTimer: TimerHandle;
  private readonly maxTxnOps: number;
  private readonly maxRequestBytes: number;
  private readonly minLeaseTtl: number;
  private readonly compactionBatchSize: number;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  /** Written batches waiting for their sync, oldest first. */
  private unsynced: WrittenBatch[] = [];
  private batchSeq = 0;
  private syncsInFlight = 0;
  /** The newest sync in flight (close and defragment wait for it). */
  private syncing: Promise<void> | undefined;
  /** Set when durability failed; every later write is refused with it. */
  private failure: StoreError | undefined;
  private removals: PendingRemoval[] = [];
  private removalScheduled = false;
  private closed = false;

  constructor(
    private readonly log: RevisionLog,
    private readonly options: MvccBackendOptions = {},
  ) {
    this.clock = options.clock ?? new RealClock();
    this.maxTxnOps = options.maxTxnOps ?? 128;
    this.maxRequestBytes = options.maxRequestBytes ?? 1.5 * 1024 * 1024;
    this.minLeaseTtl = options.minLeaseTtl ?? 1;
    this.compactionBatchSize = options.compactionBatchSize ?? 10_000;
    this.lessor = new Lessor(this.clock);
    this.kv = new KvStore(log, this.lessor);
    this.loadState();
    const kv = this.kv;
    this.hub = new WatchHub(
      {
        currentRevision: () => kv.durableRev,
        compactRevision: () => kv.compactRev,
        scan: (from, to) => log.scan(from, to),
        eventKv: (e) => kv.eventKv(e),
        kvAt: (key, rev) => kv.kvAt(key, rev),
      },
      { clock: this.clock, progressNotifyIntervalMs: options.progressNotifyIntervalMs },
    );
    this.leaseTimer = this.clock
      .setInterval(() => this.revokeExpiredLeases(), options.leaseCheckIntervalMs ?? 500)
      .unref();
  }

  /** The current (durable) revision, without a round trip (for metrics and tests). */
  get revision(): number {
    return this.kv.durableRev;
  }

  /** Registered watches (for metrics). */
  get watchCount(): number {
    return this.hub.size;
  }

  async range(key: BytesLike, options: RangeOptions = {}): Promise<RangeResponse> {
    this.checkOpen();
    return applyRange(this.kv, { key, ...options });
  }

  put(key: BytesLike, value: BytesLike, options: PutOptions = {}): Promise<PutResponse> {
    const bytes = byteSize(key) + byteSize(value);
    if (this.aboveGrpcLimit(bytes)) return Promise.reject(new ErrRequestTooLarge());
    // etcd's gRPC layer refuses an empty key (checkPutRequest) before the size or the lease is looked at.
    if (keyOf(key).length === 0) return Promise.reject(new ErrEmptyKey());
    return this.request(bytes, () => applyPut(this.kv, { key, value, ...options }));
  }

  deleteRange(key: BytesLike, options: DeleteRangeOptions = {}): Promise<DeleteRangeResponse> {
    return this.request(byteSize(key) + byteSize(options.rangeEnd), () =>
      applyDeleteRange(this.kv, { key, ...options }),
    );
  }

  txn(request: TxnRequest): Promise<TxnResponse> {
    try {
      if (this.aboveGrpcLimit(txnSize(request))) throw new ErrRequestTooLarge();
      checkTxnRequest(request, this.maxTxnOps);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.request(txnSize(request), () => applyTxn(this.kv, request));
  }

  async compact(revision: number, options: { physical?: boolean } = {}): Promise<CompactResponse> {
    const response = await this.write(() => {
      const revs = this.kv.compact(revision);
      this.removals.push({ compactRevision: revision, revs, waiters: [] });
      return { response: { header: this.header() }, changes: [] };
    });
    this.scheduleRemoval();
    if (options.physical) await this.physicallyCompacted(revision);
    return response;
  }

  async watch(key: BytesLike, options: WatchOptions = {}): Promise<Watch> {
    this.checkOpen();
    const range = KeyRange.of(key, options.rangeEnd);
    // etcd refuses a watch whose rangeEnd is at or below its key (mvcc/watcher.go, ErrEmptyWatcherRange).
    if (range.isEmpty) throw new StoreError('EmptyWatcherRange', 'mvcc: watcher range is empty');
    return this.hub.watch(range, options);
  }

  leaseGrant(ttl: number, id = 0): Promise<LeaseGrantResponse> {
    return this.write(() => {
      if (ttl > MAX_LEASE_TTL) throw new ErrLeaseTTLTooLarge();
      const leaseId = id > 0 ? id : this.newLeaseId();
      if (this.lessor.has(leaseId)) throw new ErrLeaseExists();
      const granted = Math.max(this.minLeaseTtl, Math.trunc(ttl));
      this.log.putLease({ id: leaseId, ttl: granted });
      this.lessor.grant(leaseId, granted);
      return { response: { header: this.header(), id: leaseId, ttl: granted }, changes: [] };
    });
  }

  leaseRevoke(id: number): Promise<{ header: ResponseHeader }> {
    return this.write(() => {
      if (!this.lessor.has(id)) throw new ErrLeaseNotFound();
      const txn = this.kv.write();
      for (const key of this.lessor.keysOf(id)) txn.deleteRange(new KeyRange(key));
      this.lessor.revoke(id);
      this.log.deleteLease(id);
      const changes = txn.end();
      return { response: { header: { revision: txn.rev } }, changes };
    });
  }

  async leaseKeepAlive(id: number): Promise<LeaseKeepAliveResponse> {
    this.checkOpen();
    return { header: this.header(), id, ttl: this.lessor.renew(id) };
  }

  async leaseTimeToLive(id: number, options: { keys?: boolean } = {}): Promise<LeaseTimeToLiveResponse> {
    this.checkOpen();
    const t = this.lessor.timeToLive(id);
    if (!t) return { header: this.header(), id, ttl: -1, grantedTtl: 0, keys: [] };
    return {
      header: this.header(),
      id,
      ttl: t.ttl,
      grantedTtl: t.grantedTtl,
      keys: options.keys ? t.keys.map(keyBytes) : [],
    };
  }

  async leaseLeases(): Promise<LeaseLeasesResponse> {
    this.checkOpen();
    return { header: this.header(), leases: this.lessor.ids() };
  }

  async status(): Promise<StoreStatus> {
    this.checkOpen();
    const meta = this.log.meta();
    const stats = this.log.stats();
    return {
      header: this.header(),
      clusterId: meta.clusterId,
      memberId: meta.memberId,
      version: this.options.version ?? 'kubelab',
      dbSize: stats.dbSize,
      dbSizeInUse: stats.dbSizeInUse,
      compactRevision: this.kv.compactRev,
    };
  }

  async defragment(): Promise<void> {
    this.checkOpen();
    while (this.syncsInFlight > 0) await this.syncing;
    this.log.defragment();
  }

  async snapshot(path: string): Promise<SnapshotInfo> {
    this.checkOpen();
    if (!this.options.snapshot) throw new StoreError('Unsupported', 'kubelab: this store cannot write snapshots');
    return this.options.snapshot(path);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Drain: the batch in flight, then whatever queued behind it.
    while (this.syncsInFlight > 0 || (this.queue.length > 0 && !this.failure)) {
      if (this.syncsInFlight > 0) await this.syncing;
      else this.flush();
    }
    this.closed = true;
    this.leaseTimer.clear();
    this.hub.close();
    for (const r of this.removals) for (const w of r.waiters) w();
    this.removals = [];
    this.log.close();
  }

  private header(): ResponseHeader {
    return { revision: this.kv.durableRev };
  }

  private checkOpen(): void {
    if (this.closed) throw new ErrStoreClosed();
  }

  /**
   * etcd's gRPC server refuses a message above --max-request-bytes plus 512 KiB before etcd
   * sees it (v3rpc/grpc.go grpcOverheadBytes), so such a request is "too large" ahead of every
   * other check; a smaller one above the limit is refused only after the request checks.
   */
  private aboveGrpcLimit(bytes: number): boolean {
    return bytes > this.maxRequestBytes + 512 * 1024;
  }

  private request<T>(bytes: number, run: () => Applied<T>): Promise<T> {
    if (bytes > this.maxRequestBytes) return Promise.reject(new ErrRequestTooLarge());
    return this.write(run);
  }

  /** Queues a write for the next group commit. */
  private write<T>(run: () => Applied<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ErrStoreClosed());
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: lets every request already in flight join the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Applies every queued write in one log transaction, then has the log synced (the fsync
   * runs on a libuv thread, off the event loop) before publishing to watchers and answering.
   * Batches pipeline: the next one is applied and written while earlier syncs are in flight,
   * up to MAX_SYNCS_IN_FLIGHT, so a write waits for one fsync, not for the one before it too.
   * A sync issued after a batch was written covers it and every earlier batch, so batches
   * become durable — and are published and answered — strictly in order.
   */
  private flush(): void {
    this.flushScheduled = false;
    if (this.failure !== undefined) return;
    if (this.syncsInFlight >= MAX_SYNCS_IN_FLIGHT) return; // the next completion flushes
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes: Array<{ ok: unknown } | { err: StoreError }> = new Array(batch.length);
    const committed: LogEntry[] = [];
    try {
      this.log.transact(() => {
        for (let i = 0; i < batch.length; i++) {
          const before = this.kv.mutations;
          try {
            const applied = batch[i]!.run();
            outcomes[i] = { ok: applied.response };
            for (const c of applied.changes) committed.push(c);
          } catch (err) {
            // A refused request must have changed nothing; anything else aborts the batch.
            if (!(err instanceof StoreError) || this.kv.mutations !== before) throw err;
            outcomes[i] = { err };
          }
        }
      });
    } catch (err) {
      // The commit failed (disk full, I/O error): nothing of the batch is durable. Rebuild the
      // in-memory state from the log so it matches what is on disk, and fail every request.
      // (Batches still syncing were written before it and stay valid.)
      const durable = this.kv.durableRev;
      this.loadState();
      this.kv.durableRev = durable;
      for (const w of batch) w.reject(err);
      return;
    }
    const written: WrittenBatch = { seq: ++this.batchSeq, revision: this.kv.currentRev, batch, outcomes, committed };
    this.unsynced.push(written);
    this.syncsInFlight++;
    const sync = this.log.sync().then(
      () => this.durableThrough(written.seq),
      (err: unknown) => this.failDurability(err),
    );
    this.syncing = sync.finally(() => {
      this.syncsInFlight--;
      if (this.queue.length > 0) this.flush();
    });
  }

  /** Batches up to seq are durable: publish and answer them, oldest first. */
  private durableThrough(seq: number): void {
    while (this.unsynced.length > 0 && this.unsynced[0]!.seq <= seq) {
      const b = this.unsynced.shift()!;
      this.kv.durableRev = b.revision;
      this.options.onCommit?.(b.revision);
      this.hub.publish(b.committed);
      for (let i = 0; i < b.batch.length; i++) {
        const o = b.outcomes[i]!;
        if ('err' in o) b.batch[i]!.reject(o.err);
        else b.batch[i]!.resolve(o.ok);
      }
    }
  }

  /**
   * The log could not be made durable (fsync failed): what it holds can no longer be trusted
   * to match what was acknowledged, so every pending and future write fails; reads still see
   * the last durable state. Restarting the daemon recovers from what is on disk.
   */
  private failDurability(err: unknown): void {
    if (!this.failure) {
      this.failure = new StoreError('SyncFailed', `kubelab: the store could not be made durable: ${String(err)}`);
      process.emitWarning(this.failure.message);
    }
    for (const b of this.unsynced) for (const w of b.batch) w.reject(this.failure);
    this.unsynced = [];
    for (const w of this.queue) w.reject(this.failure);
    this.queue = [];
  }

  private loadState(): void {
    const unreachable = this.kv.load();
    this.removals = unreachable.length
      ? [{ compactRevision: this.kv.compactRev, revs: unreachable, waiters: [] }]
      : [];
    if (unreachable.length) this.scheduleRemoval();
  }

  /**
   * Physical compaction: removes unreachable entries a batch at a time, each batch its own
   * transaction, the last one recording the compaction as finished — so a crash part-way
   * leaves a log that the next open finishes compacting (etcd's scheduled/finished revisions).
   */
  private scheduleRemoval(): void {
    if (this.removalScheduled || this.removals.length === 0) return;
    this.removalScheduled = true;
    setImmediate(() => {
      this.removalScheduled = false;
      if (this.closed) return;
      const r = this.removals[0];
      if (!r) return;
      const chunk = r.revs.splice(0, this.compactionBatchSize);
      const finished = r.revs.length === 0;
      try {
        this.log.transact(() => {
          this.log.remove(chunk);
          if (finished) this.log.setMeta({ finishedCompactRevision: r.compactRevision });
        });
      } catch (err) {
        // Nothing is lost: the entries stay unreachable and the next open removes them.
        process.emitWarning(`kubelab: physical compaction to ${r.compactRevision} failed: ${String(err)}`);
        for (const x of this.removals) for (const w of x.waiters) w();
        this.removals = [];
        return;
      }
      if (finished) {
        this.removals.shift();
        for (const w of r.waiters) w();
      }
      this.scheduleRemoval();
    });
  }

  private physicallyCompacted(revision: number): Promise<void> {
    const r = this.removals.find((x) => x.compactRevision === revision);
    if (!r) return Promise.resolve();
    return new Promise((resolve) => r.waiters.push(resolve));
  }

  private revokeExpiredLeases(): void {
    if (this.closed) return;
    for (const id of this.lessor.takeExpired()) {
      this.leaseRevoke(id).catch((err: unknown) => {
        if (!(err instanceof ErrLeaseNotFound)) this.lessor.retryExpired(id);
      });
    }
  }

  private newLeaseId(): number {
    for (;;) {
      const id = randomInt(1, 2 ** 47) * 64 + randomInt(0, 64);
      if (!this.lessor.has(id)) return id;
    }
  }
}

function byteSize(b: BytesLike | undefined): number {
  if (b === undefined) return 0;
  return typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength;
}

function opSize(op: RequestOp): number {
  if ('put' in op) return byteSize(op.put.key) + byteSize(op.put.value);
  if ('range' in op) return byteSize(op.range.key) + byteSize(op.range.rangeEnd);
  return byteSize(op.deleteRange.key) + byteSize(op.deleteRange.rangeEnd);
}

function txnSize(t: TxnRequest): number {
  let n = 0;
  for (const c of t.compare ?? []) n += byteSize(c.key) + byteSize(c.rangeEnd) + (typeof c.value === 'number' ? 8 : byteSize(c.value));
  for (const op of [...(t.success ?? []), ...(t.failure ?? [])]) n += opSize(op);
  return n;
}
