/**
 * One watch on a real etcd: a Watch gRPC stream of its own carrying exactly one watcher, so
 * that a cancel, a compaction or a progress request concerns this watch alone (etcd answers
 * a progress request with watch_id -1, "every watcher on this stream").
 *
 * The stream protocol (etcdserver/api/v3rpc/watch.go): we send a create request; etcd answers
 * `created` (and, if it refuses the watch, `canceled` with a reason in the same response);
 * then event responses; a watch whose start is below the compaction is canceled later with
 * `compact_revision` set. We ask for fragments so that one huge revision cannot exceed a
 * message limit, and put them back together, because our contract never splits a revision.
 *
 * etcd 3.4.23 and older answer a progress request at once, possibly before events the watch
 * still owes (etcd #15220, fixed by #15237 in 3.4.24 and 3.5.8); we pass that on as etcd
 * sends it.
 */
import type { IWatchResponse, WatchClient, IDuplexStream, IWatchRequest, IEvent } from 'etcd3';
import type { BytesLike, EventType, Watch, WatchEvent, WatchOptions, WatchResponse } from '../backend.js';
import { ErrCompacted, StoreError } from '../errors.js';
import { toBuffer } from '../keys.js';
import { header, int64, keyValue } from './etcd-convert.js';
import { ErrEtcd, ErrEtcdUnavailable, fromEtcdError } from './etcd-errors.js';

/** Responses queued for a slow consumer before we stop reading (gRPC flow control takes over). */
const HIGH_WATER = 1024;
const LOW_WATER = 256;

// etcdserverpb.WatchCreateRequest.FilterType numbers.
const FILTER: Record<EventType, number> = { PUT: 0, DELETE: 1 };

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse> & { pause(): void; resume(): void };

export interface EtcdWatchContext {
  client: WatchClient;
  endpoints: readonly string[];
  /** Called once the watch has ended, however it ended. */
  onEnd: (w: EtcdWatch) => void;
}

export class EtcdWatch implements Watch, AsyncIterator<WatchResponse> {
  startRevision = 0;
  private queue: WatchResponse[] = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<WatchResponse>) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;
  private ended = false;
  private created = false;
  private paused = false;
  /** Events of a revision etcd sent in fragments, until the last fragment arrives. */
  private fragments: WatchEvent[] = [];
  private opened!: { resolve: () => void; reject: (e: unknown) => void };

  private constructor(
    readonly id: number,
    private readonly stream: WatchStream,
    private readonly ctx: EtcdWatchContext,
  ) {}

  /** Opens the stream and resolves once etcd has confirmed the watch (`created`). */
  static async open(ctx: EtcdWatchContext, id: number, key: BytesLike, options: WatchOptions): Promise<EtcdWatch> {
    let stream: WatchStream;
    try {
      stream = (await ctx.client.watch()) as WatchStream;
    } catch (err) {
      throw asStoreError(err, ctx.endpoints);
    }
    const w = new EtcdWatch(id, stream, ctx);
    const created = new Promise<void>((resolve, reject) => {
      w.opened = { resolve, reject };
    });
    stream.on('data', (r: IWatchResponse) => w.onResponse(r, options));
    stream.on('error', (err: Error) => w.onStreamEnd(err));
    stream.on('end', () => w.onStreamEnd(undefined));
    const start = options.startRevision && options.startRevision > 0 ? options.startRevision : 0;
    stream.write({
      create_request: {
        key: toBuffer(key),
        ...(options.rangeEnd === undefined ? {} : { range_end: toBuffer(options.rangeEnd) }),
        start_revision: start,
        progress_notify: options.progressNotify ?? false,
        filters: (options.filters ?? []).map((t) => FILTER[t] as never),
        prev_kv: options.prevKv ?? false,
        fragment: true,
      },
    });
    await created;
    return w;
  }

  get done(): boolean {
    return this.ended || this.failure !== undefined;
  }

  requestProgress(): void {
    if (!this.done) this.stream.write({ progress_request: {} });
  }

  cancel(): void {
    if (this.ended) return;
    this.end();
    this.closeStream();
  }

  next(): Promise<IteratorResult<WatchResponse>> {
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if (this.paused && this.queue.length - this.head <= LOW_WATER) {
        this.paused = false;
        this.stream.resume();
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<WatchResponse>> {
    this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchResponse> {
    return this;
  }

  private onResponse(r: IWatchResponse, options: WatchOptions): void {
    if (!this.created) {
      if (!r.created) return; // nothing else can come before `created`
      this.created = true;
      const requested = options.startRevision && options.startRevision > 0 ? options.startRevision : 0;
      // No start revision: etcd watches from the revision after the one in this header.
      this.startRevision = requested || int64(r.header?.revision, 'header.revision') + 1;
      if (r.canceled) {
        // etcd refused the watch, e.g. "mvcc: watcher range is empty" for rangeEnd ≤ key.
        const err = refusal(r.cancel_reason);
        this.opened.reject(err);
        this.fail(err);
        this.closeStream();
        return;
      }
      this.opened.resolve();
      return;
    }
    const compactRevision = int64(r.compact_revision, 'compact_revision');
    if (r.canceled || compactRevision !== 0) {
      // A start below the compaction is reported with the compact revision (-1: never
      // compacted, only for nonsensical negative starts); anything else is etcd's reason.
      this.fail(compactRevision !== 0 ? new ErrCompacted(Math.max(0, compactRevision)) : refusal(r.cancel_reason));
      this.closeStream();
      return;
    }
    const events = (r.events ?? []).map(event);
    if (r.fragment) {
      this.fragments.push(...events);
      return;
    }
    const all = this.fragments.length > 0 ? [...this.fragments, ...events] : events;
    this.fragments = [];
    // An empty response that is not `created` or `canceled` is a progress notification.
    this.push({ header: header(r.header), events: all });
  }

  private push(response: WatchResponse): void {
    if (this.done) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: response, done: false });
      return;
    }
    this.queue.push(response);
    if (!this.paused && this.queue.length - this.head >= HIGH_WATER) {
      this.paused = true;
      this.stream.pause();
    }
  }

  private onStreamEnd(err: Error | undefined): void {
    if (this.done) return;
    // etcd reports what it refuses inside the stream (canceled responses); a stream that
    // breaks means the connection to etcd did.
    const mapped = err ? asStoreError(err, this.ctx.endpoints) : undefined;
    const failure =
      mapped && !(mapped instanceof ErrEtcd)
        ? mapped
        : new ErrEtcdUnavailable(this.ctx.endpoints, err?.message ?? 'the watch stream ended');
    if (!this.created) this.opened.reject(failure);
    this.fail(failure);
  }

  /** Ends the watch with an error, after the consumer has taken what is queued. */
  private fail(err: unknown): void {
    if (this.done) return;
    this.failure = err;
    this.ctx.onEnd(this);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(err);
    }
  }

  /** Ends the watch; queued responses are dropped. */
  private end(): void {
    if (this.ended) return;
    const wasDone = this.done;
    this.ended = true;
    this.queue = [];
    this.head = 0;
    if (!wasDone) this.ctx.onEnd(this);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  /**
   * Tears the stream down. etcd keeps a watch stream open after the client half-closes it,
   * so the call must be cancelled; half-closing first keeps the etcd3 client from taking the
   * resulting CANCELLED for a broken connection (it resets every channel to the host when a
   * still-writable stream errors).
   */
  private closeStream(): void {
    this.stream.end();
    this.stream.cancel();
  }
}

function event(e: IEvent): WatchEvent {
  // The etcd3 client's proto names the enum values Put/Delete; etcd's own are PUT/DELETE.
  const type: EventType = String(e.type).toUpperCase() === 'DELETE' || (e.type as unknown) === 1 ? 'DELETE' : 'PUT';
  return e.prev_kv ? { type, kv: keyValue(e.kv), prevKv: keyValue(e.prev_kv) } : { type, kv: keyValue(e.kv) };
}

function refusal(reason: string | undefined): StoreError {
  if (reason === 'mvcc: watcher range is empty') return new StoreError('EmptyWatcherRange', reason);
  return new ErrEtcd(reason || 'etcd canceled the watch');
}

function asStoreError(err: unknown, endpoints: readonly string[]): StoreError {
  const e = fromEtcdError(err, endpoints);
  // A watch never sees "compacted" as a gRPC error; that arrives as a canceled response.
  return e === 'compacted' ? new ErrEtcd(String(err)) : e;
}
