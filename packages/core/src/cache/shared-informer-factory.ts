/**
 * One informer per resource, shared by every controller in the process
 * (client-go's SharedInformerFactory, and the metadata-only informers of its
 * metadatainformer package): ten controllers that care about pods cost one list and one
 * watch, and see the same cache. Controllers ask for informers while they are built; the
 * manager then calls start() once and waits for the caches to sync.
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';
import type { KubeClient } from '../client/client.js';
import type { Clock } from '../clock.js';
import { SharedInformer } from './informer.js';

export interface SharedInformerFactoryOptions {
  client: KubeClient;
  clock: Clock;
  /** Resync period for informers (0: none, as most controllers want). */
  defaultResyncMs?: number;
  minWatchTimeoutSeconds?: number;
  random?: () => number;
  onError?: (err: unknown, context: string) => void;
}

export interface InformerRequest {
  /** Cache metadata only (PartialObjectMetadata) — the garbage collector's view of everything. */
  metadataOnly?: boolean;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private started = false;
  private shuttingDown = false;

  constructor(private readonly options: SharedInformerFactoryOptions) {}

  /** The shared informer of a resource, made on first request. */
  informerFor<T extends KubeObject = KubeObject>(rt: ResourceType, request: InformerRequest = {}): SharedInformer<T> {
    const key = `${rt.group}/${rt.version}/${rt.plural}${request.metadataOnly ? '#metadata' : ''}`;
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new SharedInformer({
        client: this.options.client,
        rt,
        clock: this.options.clock,
        metadataOnly: request.metadataOnly,
        resyncPeriodMs: this.options.defaultResyncMs,
        minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds,
        random: this.options.random,
        onError: this.options.onError,
      });
      this.informers.set(key, informer);
      // Unlike client-go (which needs Start() again), an informer asked for after start()
      // starts at once: a handler added to it later is replayed the cache, so nothing is missed.
      if (this.started && !this.shuttingDown) informer.run();
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Starts every informer requested so far (and, from now on, each new one at once). */
  start(): void {
    if (this.shuttingDown) return;
    this.started = true;
    for (const informer of this.informers.values()) informer.run();
  }

  /** Resolves true once every started informer has synced. */
  async waitForCacheSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].filter((i) => i.isStarted).map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  /** Stops every informer and waits for their watches to close. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** The informers made so far (for diagnostics). */
  list(): SharedInformer[] {
    return [...this.informers.values()];
  }
}
