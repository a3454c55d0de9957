/**
 * One API watch served from a watch cache (upstream's cacheWatcher): it filters the cache's
 * events by namespace and selectors — an object that stops matching is reported DELETED, one
 * that starts matching ADDED — encodes them through the handler's renderer (shared per event
 * across watchers of the same representation), sends BOOKMARKs at most once per interval as
 * the cache's revision moves, and pushes lines into a PushStream the transport consumes.
 */
import type { Clock, KubeObject } from '@kubelab/core';
import { type Chunk, PushStream } from '../push-stream.js';
import type { CacheSubscriber, CachedEvent } from './watch-cache.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchSpec {
  namespace: string | undefined;
  filter: ((o: KubeObject) => boolean) | undefined;
  /** One watch line for an event of this type about this object (ev: to share the encoding). */
  render(type: WatchType, object: KubeObject, ev?: CachedEvent): Chunk;
  /** A BOOKMARK line at a revision; absent when the client did not allow bookmarks. */
  bookmark?: (revision: number) => string;
  bookmarkIntervalMs: number;
  clock: Clock;
}

export class CacheWatcher implements CacheSubscriber {
  readonly stream = new PushStream();
  private lastBookmark: number;

  constructor(private readonly spec: WatchSpec) {
    this.lastBookmark = spec.clock.now();
  }

  event(ev: CachedEvent): void {
    if (this.spec.namespace !== undefined && ev.namespace !== this.spec.namespace) return;
    const type = this.typeFor(ev);
    if (type) this.stream.push(this.spec.render(type, ev.object, ev));
  }

  progress(revision: number): void {
    if (!this.spec.bookmark) return;
    const now = this.spec.clock.now();
    if (now - this.lastBookmark < this.spec.bookmarkIntervalMs) return;
    this.lastBookmark = now;
    this.stream.push(this.spec.bookmark(revision));
  }

  reset(): void {
    this.stream.end();
  }

  private typeFor(ev: CachedEvent): WatchType | undefined {
    const match = this.spec.filter;
    if (!match) return ev.type;
    switch (ev.type) {
      case 'ADDED':
        return match(ev.object) ? 'ADDED' : undefined;
      case 'DELETED':
        return match(ev.previous ?? ev.object) ? 'DELETED' : undefined;
      case 'MODIFIED': {
        const now = match(ev.object);
        const before = ev.previous ? match(ev.previous) : now;
        if (now && before) return 'MODIFIED';
        if (now) return 'ADDED';
        if (before) return 'DELETED';
        return undefined;
      }
    }
  }
}
