/**
 * The watch cache of one resource, as kube-apiserver's cacher (k8s.io/apiserver/pkg/storage/
 * cacher): one store watch per resource feeds an in-memory copy of every object and a window
 * of recent events. API watches are served from it — one store watch however many clients
 * watch, each event decoded once and encoded once per representation — and so are lists that
 * allow it and the lookups admission makes on every write.
 *
 *   - A watch from resourceVersion N replays the window's events after N, then streams. N
 *     older than the window gets 410 Expired ("too old resource version"), as upstream: the
 *     client relists.
 *   - A consistent read (resourceVersion unset) first waits until the cache has seen the
 *     store's current revision, asking the store for a progress notification when no event of
 *     this resource would move it there (upstream's consistent reads from cache).
 *   - Events reach watchers on the next turn of the event loop, after the writes that caused
 *     them have been answered: a writer never waits for the fan-out.
 *   - One event reaches a thousand watchers over several turns, FAN_OUT_SLICE watchers a
 *     turn, so the HTTP/2 session sends the first watchers' frames while the rest are
 *     written: the sending (nghttp2, TLS) and the clients' reading overlap the fan-out, as
 *     upstream's per-watcher goroutines write concurrently. Progress notifications
 *     (bookmarks) queue behind events, so no watcher hears of a revision before its events.
 *
 * Cached objects are frozen: handlers serialize them, never change them.
 */
import type { Clock, KubeObject, TimerHandle } from '@kubelab/core';
import type { Backend, Watch } from '../../store/backend.js';
import { ErrStoreClosed } from '../../store/errors.js';
import type { SharedChunk } from '../push-stream.js';
import { type ObjectStore, type StoreWatchItem, tooOld } from '../storage/object-store.js';

export interface CachedEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** "namespace/name" or "name". */
  key: string;
  namespace: string | undefined;
  /** The object (for DELETED its last state, resourceVersion set to the deleting revision). */
  object: KubeObject;
  previous: KubeObject | undefined;
  revision: number;
  /** Encoded forms, filled on first use and shared by every watcher. */
  encoded: Map<string, SharedChunk>;
}

export interface CacheSubscriber {
  /** Called on the fan-out turn, in revision order. */
  event(ev: CachedEvent): void;
  /** The cache's revision moved on (a progress notification, for bookmarks). */
  progress(revision: number): void;
  /** The cache restarted (its store watch failed): the subscriber must end. */
  reset(): void;
}

/** Watchers an event is handed to per turn of the event loop (see the header). */
const FAN_OUT_SLICE = 256;

/** Objects per page when the cache fills from the store. */
const FILL_PAGE_SIZE = 500;

export interface WatchCacheOptions {
  clock: Clock;
  /** Events kept for watchers resuming from a recent resourceVersion. */
  capacity?: number;
  /** How often an idle cache asks the store where it is (bookmarks need it). */
  progressIntervalMs?: number;
}

export class WatchCache {
  private readonly objects = new Map<string, KubeObject>();
  /** The window is events[head…]; the dropped prefix is cut off in bulk (see trim). */
  private events: Array<CachedEvent | undefined> = [];
  private head = 0;
  /** Every event after this revision is still in the window. */
  private oldest = 0;
  /** The revision the cache reflects. */
  revision = 0;
  /** Every subscriber, with the revision it subscribed from (it gets only later events). */
  private readonly subscribers = new Map<CacheSubscriber, number>();
  /**
   * Events not yet handed to every subscriber, and progress notifications (revisions)
   * behind them, in order; outbox[outHead] is being fanned out.
   */
  private outbox: Array<CachedEvent | number | undefined> = [];
  private outHead = 0;
  /** The subscribers still to get outbox[outHead] (a live iterator: it sees later subscribers). */
  private delivering: Iterator<[CacheSubscriber, number]> | undefined;
  private fanOutScheduled = false;
  private waiters: Array<{ revision: number; resolve: () => void }> = [];
  private storeWatch: Watch | undefined;
  private started: Promise<void> | undefined;
  private stopped = false;
  private readonly capacity: number;
  private progressTimer: TimerHandle | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: WatchCacheOptions,
  ) {
    this.capacity = options.capacity ?? 10_000;
  }

  /** Lists the store and starts watching it; idempotent. */
  ready(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  stop(): void {
    this.stopped = true;
    this.progressTimer?.clear();
    this.storeWatch?.cancel();
    for (const s of this.subscribers.keys()) s.reset();
    this.clearSubscribers();
  }

  get size(): number {
    return this.objects.size;
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** Objects (one namespace, or all) in key order. */
  list(namespace: string | undefined): KubeObject[] {
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    const keys = [...this.objects.keys()].filter((k) => prefix === undefined || k.startsWith(prefix)).sort();
    return keys.map((k) => this.objects.get(k)!);
  }

  /** Resolves once the cache has seen `revision` (the store's, for a consistent read). */
  async waitFor(revision: number): Promise<void> {
    await this.ready();
    if (this.revision >= revision) return;
    const reached = new Promise<void>((resolve) => this.waiters.push({ revision, resolve }));
    this.storeWatch?.requestProgress();
    await reached;
  }

  /**
   * Registers a subscriber for events after `from`, replaying the window's events first.
   * Throws the 410 Expired StatusError when `from` is older than the window.
   */
  subscribe(from: number, subscriber: CacheSubscriber): () => void {
    if (from < this.oldest) throw tooOld(from, this.oldest + 1);
    // Events still waiting for (or in) the fan-out reach the subscriber there; replay only
    // what was handed to everyone. (A revision's events are never split between the two:
    // they arrive from one store response within one turn.)
    const firstPending = this.firstUndelivered();
    for (let i = this.head; i < this.events.length; i++) {
      const ev = this.events[i]!;
      if (ev.revision >= firstPending) break;
      if (ev.revision > from) subscriber.event(ev);
    }
    this.subscribers.set(subscriber, from);
    return () => this.subscribers.delete(subscriber);
  }

  private firstUndelivered(): number {
    for (let i = this.outHead; i < this.outbox.length; i++) {
      const item = this.outbox[i];
      if (typeof item === 'object') return item.revision;
    }
    return Infinity;
  }

  private async start(): Promise<void> {
    const revision = await this.fill();
    this.revision = revision;
    this.oldest = revision;
    const { watch, events } = await this.store.watch(undefined, revision);
    this.storeWatch = watch;
    this.progressTimer = this.options.clock
      .setInterval(() => this.storeWatch?.requestProgress(), this.options.progressIntervalMs ?? 5_000)
      .unref();
    void this.consume(events);
  }

  /**
   * Lists the store into the cache a page at a time, all pages at one revision, yielding to
   * the event loop between pages: a resource with tens of thousands of objects fills without
   * stalling the server's other requests (/readyz, other resources) for the whole list, as
   * upstream's cacher fills in the background. A page lost to compaction starts the fill over.
   */
  private async fill(): Promise<number> {
    for (;;) {
      this.objects.clear();
      try {
        let page = await this.store.list(undefined, { limit: FILL_PAGE_SIZE });
        for (;;) {
          for (const o of page.items) this.objects.set(keyOf(o), deepFreeze(o));
          if (!page.continueToken) return page.revision;
          await new Promise((resolve) => setImmediate(resolve));
          page = await this.store.list(undefined, { limit: FILL_PAGE_SIZE, continueToken: page.continueToken });
        }
      } catch (err) {
        if ((err as { code?: number }).code !== 410) throw err;
      }
    }
  }

  private async consume(events: AsyncIterable<StoreWatchItem>): Promise<void> {
    try {
      for await (const item of events) {
        if ('bookmark' in item) {
          this.advance(item.revision);
          this.outbox.push(this.revision);
          this.scheduleFanOut();
          continue;
        }
        const object = deepFreeze(item.object);
        const key = keyOf(object);
        const previous = item.previous ? deepFreeze(item.previous) : undefined;
        if (item.type === 'DELETED') this.objects.delete(key);
        else this.objects.set(key, object);
        const ev: CachedEvent = {
          type: item.type,
          key,
          namespace: object.metadata?.namespace,
          object,
          previous,
          revision: item.revision,
          encoded: new Map(),
        };
        this.events.push(ev);
        this.outbox.push(ev);
        this.trim();
        this.advance(item.revision);
        this.scheduleFanOut();
      }
    } catch (err) {
      // The store closed: nothing more will come. Anything else (compacted while this cache
      // was behind): start over.
      if (err instanceof ErrStoreClosed) this.stopped = true;
    }
    if (!this.stopped) this.restart();
  }

  /** Relists from scratch; watchers end and come back, as after a cacher re-list upstream. */
  private restart(): void {
    this.progressTimer?.clear();
    for (const s of this.subscribers.keys()) s.reset();
    this.clearSubscribers();
    this.objects.clear();
    this.events = [];
    this.head = 0;
    this.started = this.start();
    this.started.catch((err: unknown) => {
      if (err instanceof ErrStoreClosed) this.stopped = true;
    });
  }

  private advance(revision: number): void {
    if (revision > this.revision) this.revision = revision;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.revision <= this.revision ? w.resolve() : still.push(w));
    this.waiters = still;
  }

  /**
   * Drops the oldest events beyond capacity, whole revisions at a time. The array itself is
   * compacted only once the dropped prefix is as long as the window: copying the whole
   * window for every event (10,000 entries at the default capacity) cost more than the
   * rest of a create together.
   */
  private trim(): void {
    const size = this.events.length - this.head;
    if (size <= this.capacity) return;
    let cut = this.head + size - this.capacity;
    const rev = this.events[cut - 1]!.revision;
    while (cut < this.events.length && this.events[cut]!.revision === rev) cut++;
    this.oldest = rev;
    // Let go of what left the window now, not at the next compaction.
    for (let i = this.head; i < cut; i++) this.events[i] = undefined;
    this.head = cut;
    if (this.head >= this.capacity) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  private clearSubscribers(): void {
    this.subscribers.clear();
    this.outbox = [];
    this.outHead = 0;
    this.delivering = undefined;
  }

  private scheduleFanOut(): void {
    if (this.fanOutScheduled) return;
    this.fanOutScheduled = true;
    setImmediate(() => this.fanOut());
  }

  /** Hands queued events and progress to subscribers, FAN_OUT_SLICE of them this turn. */
  private fanOut(): void {
    this.fanOutScheduled = false;
    let budget = FAN_OUT_SLICE;
    while (this.outHead < this.outbox.length) {
      const item = this.outbox[this.outHead]!;
      if (typeof item === 'number') {
        for (const [s, from] of this.subscribers) if (item >= from) s.progress(item);
      } else {
        const them = (this.delivering ??= this.subscribers.entries());
        for (;;) {
          if (budget === 0) return this.scheduleFanOut();
          const next = them.next();
          if (next.done) break;
          const [s, from] = next.value;
          // A watch that started from a list at this revision or later has the change already.
          if (item.revision > from) s.event(item);
          budget--;
        }
        this.delivering = undefined;
      }
      this.outbox[this.outHead++] = undefined;
    }
    this.outbox = [];
    this.outHead = 0;
  }
}

export function keyOf(o: KubeObject): string {
  const m = o.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : (m.name ?? '');
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** The store's current revision: read locally when the backend is in this process. */
export async function currentRevision(backend: Backend): Promise<number> {
  const local = (backend as Backend & { revision?: number }).revision;
  if (typeof local === 'number') return local;
  return (await backend.range('\0')).header.revision;
}
