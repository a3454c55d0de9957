/**
 * The shared informer (client-go tools/cache/shared_informer.go): one reflector feeding one
 * local store, and any number of event handlers told about every change. Controllers read
 * through its lister and react to its handlers by enqueueing keys (house rule 3).
 *
 *   - onAdd(obj, isInInitialList)  a new object (from the list or a watch);
 *   - onUpdate(old, new)           a change; also every object again after a relist, and on
 *                                  each resync period when one is set;
 *   - onDelete(obj)                a deletion; a DeletedFinalStateUnknown when only a relist
 *                                  revealed it (the watch that carried it was missed).
 *
 * hasSynced() turns true once the first list is in the store and its handlers have run:
 * controllers wait for it before starting workers, so they never act on a partial cache.
 *
 * Handlers run synchronously, in event order, and must be quick (enqueue a key). An
 * exception in one is reported and does not stop the others. Objects handed to handlers and
 * listers are the cache's own — read-only (see lister.ts).
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';
import type { KubeClient } from '../client/client.js';
import type { Clock, TimerHandle } from '../clock.js';
import { type IndexFunc, Indexer, NAMESPACE_INDEX, namespaceIndexFunc } from './indexer.js';
import { DeletedFinalStateUnknown, metaNamespaceKey } from './keys.js';
import { Lister } from './lister.js';
import { Reflector, type ReflectorSink } from './reflector.js';

export interface ResourceEventHandler<T extends KubeObject = KubeObject> {
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface InformerOptions {
  client: KubeClient;
  rt: ResourceType;
  clock: Clock;
  /** Watch one namespace only. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Cache PartialObjectMetadata instead of whole objects (the metadata informer). */
  metadataOnly?: boolean;
  /** Replay every cached object as onUpdate(obj, obj) this often (0: never). */
  resyncPeriodMs?: number;
  minWatchTimeoutSeconds?: number;
  random?: () => number;
  onError?: (err: unknown, context: string) => void;
}

export interface HandlerRegistration {
  remove(): void;
}

export class SharedInformer<T extends KubeObject = KubeObject> {
  readonly rt: ResourceType;
  readonly indexer = new Indexer<T>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  readonly lister = new Lister<T>(this.indexer);
  private readonly reflector: Reflector<T>;
  private readonly handlers: Array<ResourceEventHandler<T>> = [];
  private synced = false;
  private started = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private resyncTimer: TimerHandle | undefined;
  private syncWaiters: Array<(synced: boolean) => void> = [];

  constructor(private readonly options: InformerOptions) {
    this.rt = options.rt;
    const sink: ReflectorSink<T> = {
      replace: (items) => this.replace(items),
      add: (obj) => this.upsert(obj),
      update: (obj) => this.upsert(obj),
      delete: (obj) => this.remove(obj),
    };
    this.reflector = new Reflector<T>({
      client: options.client,
      rt: options.rt,
      clock: options.clock,
      sink,
      namespace: options.namespace,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      metadataOnly: options.metadataOnly,
      minWatchTimeoutSeconds: options.minWatchTimeoutSeconds,
      random: options.random,
      onError: options.onError,
    });
  }

  /**
   * Adds a handler. Added to a running informer, it is first told about every cached object
   * (onAdd), as client-go does, so late handlers miss nothing.
   */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    this.handlers.push(handler);
    if (this.synced) for (const obj of this.indexer.list()) this.call(() => handler.onAdd?.(obj, false));
    return {
      remove: () => {
        const i = this.handlers.indexOf(handler);
        if (i >= 0) this.handlers.splice(i, 1);
      },
    };
  }

  /** Adds indexes (e.g. pods by spec.nodeName) for lister.byIndex. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Starts listing and watching; a second call does nothing. */
  run(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.running = this.reflector.run();
    const period = this.options.resyncPeriodMs ?? 0;
    if (period > 0) this.resyncTimer = this.options.clock.setInterval(() => this.resync(), period).unref();
  }

  /** Stops the watch; resolves once the reflector has returned. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.resyncTimer?.clear();
    this.reflector.stop();
    for (const w of this.syncWaiters.splice(0)) w(false);
    await this.running;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, false if stopped first (cache.WaitForCacheSync). */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get isStarted(): boolean {
    return this.started;
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  /** Lists made so far: 1 after the first sync, more after each relist. */
  get listCount(): number {
    return this.reflector.listCount;
  }

  private replace(items: T[]): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const obj of items) {
      const key = metaNamespaceKey(obj);
      seen.add(key);
      const old = this.indexer.set(key, obj);
      if (old === undefined) this.notify((h) => h.onAdd?.(obj, initial));
      else this.notify((h) => h.onUpdate?.(old, obj));
    }
    for (const key of this.indexer.keys()) {
      if (seen.has(key)) continue;
      const old = this.indexer.delete(key)!;
      const tombstone = new DeletedFinalStateUnknown<T>(key, old);
      this.notify((h) => h.onDelete?.(tombstone));
    }
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w(true);
    }
  }

  private upsert(obj: T): void {
    const old = this.indexer.set(metaNamespaceKey(obj), obj);
    if (old === undefined) this.notify((h) => h.onAdd?.(obj, false));
    else this.notify((h) => h.onUpdate?.(old, obj));
  }

  private remove(obj: T): void {
    const old = this.indexer.delete(metaNamespaceKey(obj));
    // A deletion of something never seen is dropped, as DeltaFIFO drops it.
    if (old !== undefined) this.notify((h) => h.onDelete?.(obj));
  }

  private resync(): void {
    if (!this.synced) return;
    for (const obj of this.indexer.list()) this.notify((h) => h.onUpdate?.(obj, obj));
  }

  private notify(fn: (h: ResourceEventHandler<T>) => void): void {
    for (const h of [...this.handlers]) this.call(() => fn(h));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.onError?.(err, `event handler of ${this.rt.plural} failed`);
    }
  }
}

/** Resolves true when every informer has synced, false if any stopped first. */
export async function waitForCacheSync(...informers: Array<{ waitForSync(): Promise<boolean> }>): Promise<boolean> {
  const results = await Promise.all(informers.map((i) => i.waitForSync()));
  return results.every(Boolean);
}
