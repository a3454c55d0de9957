/**
 * The reflector (client-go tools/cache/reflector.go): keeps a local store in step with the
 * API server by listing, then watching from the list's resourceVersion.
 *
 *   list  → replace(items, rv)                 (paged, 500 at a time)
 *   watch from rv → add / update / delete      (rv follows every event and BOOKMARK)
 *     watch ends normally (server timeout)     → watch again from rv at once
 *     connection breaks, or cannot connect     → watch again from rv after a backoff
 *     410 Expired (rv compacted) or an ERROR   → relist after a backoff
 *   list fails                                 → relist after a backoff
 *
 * Backoff is client-go's: 800 ms doubling to 30 s with jitter, reset after 2 quiet minutes,
 * on the injected Clock. Watches ask the server to end them after 5–10 minutes and to send
 * BOOKMARKs, so the resourceVersion stays fresh and a rewatch rarely meets a 410.
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';
import { StatusError, qualifiedResource } from '../api/status.js';
import type { KubeClient, Watch } from '../client/client.js';
import type { Clock, TimerHandle } from '../clock.js';
import { Backoff } from './backoff.js';

/** Where the reflector delivers what it learns (the informer). */
export interface ReflectorSink<T extends KubeObject> {
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions<T extends KubeObject> {
  client: KubeClient;
  rt: ResourceType;
  clock: Clock;
  sink: ReflectorSink<T>;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  metadataOnly?: boolean;
  /** Items per list page (client-go: 500); 0 lists in one request. */
  pageSize?: number;
  /** Watches last between this and twice this (client-go's minWatchTimeout: 5 minutes). */
  minWatchTimeoutSeconds?: number;
  backoff?: Backoff;
  random?: () => number;
  onError?: (err: unknown, context: string) => void;
}

type WatchOutcome = 'ended' | 'broken' | 'relist' | 'stopped';

export class Reflector<T extends KubeObject> {
  /** The resourceVersion of the last list, event or bookmark seen. */
  lastSyncResourceVersion = '';
  private lastSyncResourceVersionUnavailable = false;
  /** Lists made so far (tests observe relists). */
  listCount = 0;
  private stopped = false;
  private current: Watch<T> | undefined;
  private sleeping: { timer: TimerHandle; wake: () => void } | undefined;
  private readonly backoff: Backoff;
  private readonly random: () => number;
  private readonly name: string;

  constructor(private readonly options: ReflectorOptions<T>) {
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? new Backoff({ clock: options.clock, random: this.random });
    this.name = qualifiedResource(options.rt);
  }

  /** Runs until stop(): list and watch, relisting with backoff when needed. */
  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndWatch();
      } catch (err) {
        if (!this.stopped) this.report(err, `failed to list ${this.name}`);
      }
      if (this.stopped) break;
      await this.sleep(this.backoff.next());
    }
  }

  stop(): void {
    this.stopped = true;
    this.current?.close();
    if (this.sleeping) {
      this.sleeping.timer.clear();
      this.sleeping.wake();
    }
  }

  private async listAndWatch(): Promise<void> {
    await this.list();
    while (!this.stopped) {
      let watch: Watch<T>;
      try {
        watch = await this.options.client.watch<T>(this.options.rt, {
          namespace: this.options.namespace,
          labelSelector: this.options.labelSelector,
          fieldSelector: this.options.fieldSelector,
          metadataOnly: this.options.metadataOnly,
          resourceVersion: this.lastSyncResourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: this.watchTimeoutSeconds(),
        });
      } catch (err) {
        // The server answered: a 410 means our resourceVersion is compacted; anything else is
        // not going to get better by rewatching either. Relist (after the backoff in run()).
        if (err instanceof StatusError) {
          if (err.code !== 410) this.report(err, `failed to watch ${this.name}`);
          return;
        }
        // Could not reach the server: the resourceVersion is still good, rewatch from it.
        this.report(err, `failed to watch ${this.name}`);
        await this.sleep(this.backoff.next());
        continue;
      }
      const outcome = await this.consume(watch);
      if (outcome === 'relist' || outcome === 'stopped') return;
      if (outcome === 'broken') await this.sleep(this.backoff.next());
    }
  }

  private async list(): Promise<void> {
    const { client, rt, namespace, labelSelector, fieldSelector, metadataOnly } = this.options;
    const pageSize = this.options.pageSize ?? 500;
    this.listCount++;
    const items: T[] = [];
    let resourceVersion = '';
    let cont: string | undefined;
    let paged = pageSize > 0;
    const listFrom = this.relistResourceVersion();
    for (;;) {
      let page;
      try {
        page = await client.list<T>(rt, {
          namespace,
          labelSelector,
          fieldSelector,
          metadataOnly,
          // The first page names where to read from; later ones carry it in the token.
          resourceVersion: cont ? undefined : listFrom,
          limit: paged ? pageSize : undefined,
          continue: cont,
        });
      } catch (err) {
        // The continue token expired between pages: start over with one full list (as
        // client-go's pager falls back).
        if (err instanceof StatusError && err.code === 410 && cont) {
          items.length = 0;
          resourceVersion = '';
          cont = undefined;
          paged = false;
          continue;
        }
        // The revision we asked to list from is gone: the next list reads the newest state.
        if (err instanceof StatusError && err.code === 410) this.lastSyncResourceVersionUnavailable = true;
        throw err;
      }
      items.push(...page.items);
      // Every page of a paged list is read at the first page's revision.
      resourceVersion ||= page.metadata.resourceVersion ?? '';
      cont = page.metadata.continue;
      if (!cont) break;
    }
    if (this.stopped) return;
    this.options.sink.replace(items, resourceVersion);
    this.lastSyncResourceVersion = resourceVersion;
    this.lastSyncResourceVersionUnavailable = false;
  }

  /**
   * client-go's relistResourceVersion: the first list asks for resourceVersion "0", which
   * the API server answers from its watch cache (ignoring the page size) instead of paging
   * through the store — what keeps a restart with many objects and many informers cheap.
   * A relist asks for at least the last revision seen; after that revision proved
   * unavailable (410), for the newest state ("").
   */
  private relistResourceVersion(): string {
    if (this.lastSyncResourceVersionUnavailable) return '';
    return this.lastSyncResourceVersion || '0';
  }

  private async consume(watch: Watch<T>): Promise<WatchOutcome> {
    this.current = watch;
    const started = this.options.clock.now();
    let events = 0;
    try {
      // stop() may have come while the watch was being opened, before it could close it.
      if (this.stopped) return 'stopped';
      for await (const ev of watch) {
        if (this.stopped) return 'stopped';
        events++;
        if (ev.type === 'ERROR') {
          // 410 Expired: the history we need is gone. Other errors: start afresh too.
          if (ev.object.code !== 410) this.report(new StatusError(ev.object), `watch of ${this.name} failed`);
          return 'relist';
        }
        const rv = ev.object.metadata?.resourceVersion;
        if (ev.type === 'BOOKMARK') {
          if (rv) this.lastSyncResourceVersion = rv;
          continue;
        }
        if (ev.type === 'ADDED') this.options.sink.add(ev.object);
        else if (ev.type === 'MODIFIED') this.options.sink.update(ev.object);
        else this.options.sink.delete(ev.object);
        if (rv) this.lastSyncResourceVersion = rv;
      }
    } catch (err) {
      if (this.stopped) return 'stopped';
      this.report(err, `watch of ${this.name} broke`);
      return 'broken';
    } finally {
      watch.close();
      this.current = undefined;
    }
    if (this.stopped) return 'stopped';
    // A watch that ends at once with nothing in it points at a server in trouble: back off
    // rather than spin (client-go's "very short watch").
    if (events === 0 && this.options.clock.now() - started < 1000) return 'broken';
    return 'ended';
  }

  private watchTimeoutSeconds(): number {
    const min = this.options.minWatchTimeoutSeconds ?? 300;
    return Math.floor(min * (1 + this.random()));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      const timer = this.options.clock.setTimeout(wake, ms).unref();
      this.sleeping = { timer, wake };
    });
  }

  private report(err: unknown, context: string): void {
    this.options.onError?.(err, context);
  }
}
