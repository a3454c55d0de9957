/**
 * The watch cache's window of recent events: a watch resuming inside it gets exactly the
 * events after its resourceVersion, one resuming before it 410 Expired — also long after
 * the window has slid past its capacity many times over (the array is compacted in bulk).
 */
import { RealClock, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type CacheSubscriber, type CachedEvent, WatchCache } from '../../src/apiserver/cacher/watch-cache.js';
import { ObjectStore } from '../../src/apiserver/storage/object-store.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';

const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;
const CAPACITY = 5;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function cacheWith(creates: number): Promise<{ cache: WatchCache; revisions: number[] }> {
  const backend = openMemoryBackend();
  cleanup.push(() => backend.close());
  const store = new ObjectStore(backend, CONFIG_MAPS);
  const cache = new WatchCache(store, { clock: new RealClock(), capacity: CAPACITY });
  cleanup.push(() => cache.stop());
  await cache.ready();
  const revisions: number[] = [];
  for (let i = 0; i < creates; i++) {
    const stored = await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'ns' } });
    revisions.push(stored!.revision);
  }
  await cache.waitFor(revisions.at(-1)!);
  // One fan-out turn, so every event counts as delivered.
  await new Promise((r) => setImmediate(r));
  return { cache, revisions };
}

function replayed(cache: WatchCache, from: number): string[] {
  const names: string[] = [];
  const subscriber: CacheSubscriber = {
    event: (ev: CachedEvent) => names.push(ev.object.metadata!.name!),
    progress: () => {},
    reset: () => {},
  };
  cache.subscribe(from, subscriber)();
  return names;
}

describe('watch cache window', () => {
  it('replays the last events after many times its capacity went through', async () => {
    const { cache, revisions } = await cacheWith(CAPACITY * 7 + 2);
    const n = revisions.length;
    expect(replayed(cache, revisions[n - 4]!)).toEqual([`cm-${n - 3}`, `cm-${n - 2}`, `cm-${n - 1}`]);
    // The oldest revision still resumable: the one just before the window.
    expect(replayed(cache, revisions[n - CAPACITY - 1]!)).toHaveLength(CAPACITY);
    expect(() => replayed(cache, revisions[n - CAPACITY - 2]!)).toThrow(/too old resource version/);
  });
});
