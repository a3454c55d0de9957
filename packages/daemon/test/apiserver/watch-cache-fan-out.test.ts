/**
 * The watch cache's fan-out: an event reaches many subscribers over several turns of the
 * event loop (a slice of them a turn), yet every subscriber sees each event exactly once and
 * in revision order, a progress notification (what bookmarks are made from) never reaches a
 * subscriber before the events it vouches for, and a watch that starts from a list already
 * holding a change does not get that change again.
 */
import { FakeClock, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CacheSubscriber, WatchCache } from '../../src/apiserver/cacher/watch-cache.js';
import { ObjectStore } from '../../src/apiserver/storage/object-store.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';

const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;
/** More than two of the cache's fan-out slices. */
const MANY = 600;
const PROGRESS_MS = 1_000;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** What one subscriber saw, in order: `ADDED cm-0@5`, `progress@5`. */
function recorder(): CacheSubscriber & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    event: (ev) => seen.push(`${ev.type} ${ev.object.metadata!.name}@${ev.revision}`),
    progress: (revision) => seen.push(`progress@${revision}`),
    reset: () => seen.push('reset'),
  };
}

async function setup() {
  const backend = openMemoryBackend();
  cleanup.push(() => backend.close());
  const store = new ObjectStore(backend, CONFIG_MAPS);
  const clock = new FakeClock();
  const cache = new WatchCache(store, { clock, progressIntervalMs: PROGRESS_MS });
  cleanup.push(() => cache.stop());
  await cache.ready();
  const create = async (name: string) => {
    const stored = await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });
    return stored!.revision;
  };
  return { cache, clock, create, start: cache.revision };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('watch cache fan-out', () => {
  it('hands each event to every subscriber once, in order, with progress behind the events', async () => {
    const { cache, clock, create, start } = await setup();
    const subscribers = Array.from({ length: MANY }, recorder);
    for (const s of subscribers) cache.subscribe(start, s);

    const r1 = await create('cm-1');
    // The store's progress notification is asked for while cm-1's event still waits for,
    // or is in, its fan-out: it must reach no subscriber before the event.
    clock.advance(PROGRESS_MS);
    const r2 = await create('cm-2');
    await cache.waitFor(r2);
    await vi.waitFor(() => {
      expect(subscribers.at(-1)!.seen).toContain(`ADDED cm-2@${r2}`);
      expect(subscribers.at(-1)!.seen.some((x) => x.startsWith('progress'))).toBe(true);
    });

    for (const s of subscribers) {
      const events = s.seen.filter((x) => !x.startsWith('progress'));
      expect(events).toEqual([`ADDED cm-1@${r1}`, `ADDED cm-2@${r2}`]);
      const progress = s.seen.findIndex((x) => x.startsWith('progress'));
      if (progress >= 0) expect(s.seen.indexOf(`ADDED cm-1@${r1}`)).toBeLessThan(progress);
    }
  });

  it('gives a subscriber that joins during a fan-out the event exactly once', async () => {
    const { cache, create, start } = await setup();
    const subscribers = Array.from({ length: MANY }, recorder);
    for (const s of subscribers) cache.subscribe(start, s);

    const r1 = await create('cm-1');
    await cache.waitFor(r1);
    await turn(); // the first slice has had cm-1, the rest have not
    expect(subscribers[0]!.seen).toEqual([`ADDED cm-1@${r1}`]);
    expect(subscribers.at(-1)!.seen).toEqual([]);
    const late = recorder();
    cache.subscribe(start, late);

    await vi.waitFor(() => expect(late.seen).toEqual([`ADDED cm-1@${r1}`]));
    await vi.waitFor(() => expect(subscribers.at(-1)!.seen).toEqual([`ADDED cm-1@${r1}`]));
    await turn();
    expect(late.seen).toEqual([`ADDED cm-1@${r1}`]);
  });

  it('does not repeat a change to a watch that starts from a list holding it', async () => {
    const { cache, create, start } = await setup();
    const early = recorder();
    cache.subscribe(start, early);

    const r1 = await create('cm-1');
    await cache.waitFor(r1);
    // The cache has cm-1 (a list now returns it at r1), its event not yet fanned out.
    expect(cache.get('ns/cm-1')).toBeDefined();
    expect(early.seen).toEqual([]);
    const fromList = recorder();
    cache.subscribe(r1, fromList);
    const r2 = await create('cm-2');

    await vi.waitFor(() => expect(fromList.seen).toEqual([`ADDED cm-2@${r2}`]));
    expect(early.seen).toEqual([`ADDED cm-1@${r1}`, `ADDED cm-2@${r2}`]);
  });
});
