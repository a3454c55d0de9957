/**
 * One watch: what it asked for, how far it has got (nextRev), and the responses queued for
 * its consumer. It is an async iterator; the hub pushes, the consumer pulls. A consumer that
 * stops pulling is noticed by its backlog, and the hub stops queueing for it and replays
 * from the log once it drains (etcd's slow-watcher "victims"), so memory stays bounded.
 */
import type { EventType, Watch, WatchResponse } from '../backend.js';
import type { KeyRange } from '../keys.js';

export interface WatcherOwner {
  cancel(w: Watcher): void;
  requestProgress(w: Watcher): void;
  /** Called when the consumer took a response, so a slow watcher may be refilled. */
  drained(w: Watcher): void;
}

export class Watcher implements Watch, AsyncIterator<WatchResponse> {
  /** The next revision this watcher has not yet been given. */
  nextRev: number;
  /** A progress notification was asked for while the watcher was catching up. */
  progressRequested = false;
  /** Something was queued since the last periodic progress check. */
  sentSinceProgressTick = false;

  private queue: WatchResponse[] = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<WatchResponse>) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;
  private ended = false;

  constructor(
    private readonly owner: WatcherOwner,
    readonly id: number,
    readonly range: KeyRange,
    readonly startRevision: number,
    readonly prevKv: boolean,
    readonly progressNotify: boolean,
    private readonly filters: ReadonlySet<EventType>,
  ) {
    this.nextRev = startRevision;
  }

  /** True when events of this type are wanted. */
  wants(type: EventType): boolean {
    return !this.filters.has(type);
  }

  get backlog(): number {
    return this.queue.length - this.head;
  }

  get done(): boolean {
    return this.ended || this.failure !== undefined;
  }

  push(response: WatchResponse): void {
    if (this.done) return;
    this.sentSinceProgressTick = true;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: response, done: false });
    } else {
      this.queue.push(response);
    }
  }

  /** Ends the watch with an error, after the consumer has taken what is queued. */
  fail(err: unknown): void {
    if (this.done) return;
    this.failure = err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(err);
    }
  }

  /** Ends the watch; queued responses are dropped. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.head = 0;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<WatchResponse>> {
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.owner.drained(this);
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

  cancel(): void {
    this.owner.cancel(this);
    this.end();
  }

  requestProgress(): void {
    this.owner.requestProgress(this);
  }
}
