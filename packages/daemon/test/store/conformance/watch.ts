/**
 * Watches (backend.ts "Watches"; etcd's mvcc/watchable_store.go and the progress logic of
 * etcdserver/api/v3rpc/watch.go): where a watch starts, what its events carry, filters,
 * one response per revision, progress notifications, cancel, and slow consumers.
 */
import { describe, expect } from 'vitest';
import type { WatchEvent, WatchResponse } from '../../../src/store/backend.js';
import type { BackendUnderTest, StoreUnderTest } from './backends.js';
import { currentRevision, example, showBytes, showError, showEvents } from './notation.js';
import { watch } from './watching.js';

/** Every event's revision, and the revisions each response holds. */
function revisionsOf(responses: WatchResponse[]): { events: number[]; perResponse: number[][] } {
  const perResponse = responses.map((r) => [...new Set(r.events.map((e) => e.kv.modRevision))]);
  return { events: responses.flatMap((r) => r.events.map((e) => e.kv.modRevision)), perResponse };
}

/** No revision's events are split across two responses. */
function expectWholeRevisions(responses: WatchResponse[]): void {
  const seen = new Set<number>();
  for (const revs of revisionsOf(responses).perResponse) {
    for (const rev of revs) {
      expect(seen.has(rev), `revision ${rev} split across responses`).toBe(false);
      seen.add(rev);
    }
  }
}

/**
 * n writes to k/…, the first `sequential` one at a time, the rest 100 at once; every 100th a
 * txn of five keys (a revision with several events). Returns the revision of every event the
 * writes made, ascending: what a watch on k/ must deliver.
 */
async function writeMany(s: StoreUnderTest, n: number, sequential: number): Promise<number[]> {
  const revs: number[] = [];
  const one = async (i: number) => {
    if (i % 100 === 0) {
      const t = await s.txn({ success: Array.from({ length: 5 }, (_, j) => ({ put: { key: `k/t${i}/${j}`, value: `${i}` } })) });
      revs.push(...Array(5).fill(t.header.revision));
    } else {
      revs.push((await s.put(`k/${i % 37}`, `${i}`)).header.revision);
    }
  };
  for (let i = 0; i < sequential; i++) await one(i);
  for (let i = sequential; i < n; i += 100) await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, j) => one(i + j)));
  return revs.sort((x, y) => x - y);
}

const delivered = (evs: WatchEvent[]) => evs.map((e) => e.kv.modRevision);

export function watches(b: BackendUnderTest): void {
  describe('where a watch starts', () => {
    example(b, 'a watch without a start revision delivers the writes after it', 'put(a)@2 → watch(a..).startRevision = 3; put(b)@3 del(b)@4 → [PUT b@3, DELETE b@4]', async (s) => {
      const w = await watch(s, 'a..');
      expect(w.watch.startRevision).toBe(3);
      await s.put('b', 'v3');
      await s.deleteRange('b');
      const r1 = await w.response();
      const r2 = await w.response();
      expect(showEvents([...r1.events, ...r2.events])).toBe('[PUT b=v3@3, DELETE b@4]');
      expect([r1.header.revision, r2.header.revision]).toEqual([3, 4]);
    });

    example(b, 'a watch from a past revision replays history, then streams new writes', 'put(a)@2 put(b)@3 del(a)@4 → watch(a.., from 3) = [PUT b@3, DELETE a@4], then put(c)@5 → [PUT c@5]', async (s) => {
      const w = await watch(s, 'a..', { startRevision: 3 });
      expect(w.watch.startRevision).toBe(3);
      expect(showEvents(await w.events(2))).toBe('[PUT b=v3@3, DELETE a@4]');
      await s.put('c', 'v5');
      expect(showEvents(await w.events(1))).toBe('[PUT c=v5@5]');
    });

    example(b, 'a watch from the current revision starts with the last write', 'put(a)@2 put(b)@3 → watch(a.., from 3) = [PUT b@3]', async (s) => {
      const w = await watch(s, 'a..', { startRevision: 3 });
      expect(showEvents(await w.events(1))).toBe('[PUT b=v3@3]');
      expect(await w.quiet()).toBe(true);
    });

    example(b, 'a watch from a future revision waits for it', 'put(a)@2 → watch(a.., from 5); put(a)@3 put(a)@4 put(b)@5 → [PUT b@5]', async (s) => {
      const w = await watch(s, 'a..', { startRevision: 5 });
      await s.put('a', 'v3');
      await s.put('a', 'v4');
      expect(await w.quiet()).toBe(true);
      await s.put('b', 'v5');
      expect(showEvents(await w.events(1))).toBe('[PUT b=v5@5]');
    });

    example(b, 'a watch below the compaction fails with ErrCompacted and delivers nothing', 'put(a)@2 put(a)@3 put(a)@4 compact(3) → watch(a, from 2) = ErrCompacted{3}', async (s) => {
      const w = await watch(s, 'a', { startRevision: 2 });
      expect(await w.end()).toBe('ErrCompacted{3}');
      await expect(watch(s, 'a', { startRevision: 1 }).then((r) => r.response())).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
    });
  });

  describe('what a watch delivers', () => {
    example(b, 'a watch sees only the keys in its range', 'put(a)@2 put(ab)@3 put(a/1)@4 put(b)@5 → watch(a, from 2) = [PUT a@2]; watch(a/*, from 2) = [PUT a/1@4]', async (s) => {
      const one = await watch(s, 'a', { startRevision: 2 });
      const prefix = await watch(s, 'a/*', { startRevision: 2 });
      const span = await watch(s, 'a/..b', { startRevision: 2 });
      expect(showEvents(await one.events(1))).toBe('[PUT a=v2@2]');
      expect(showEvents(await prefix.events(1))).toBe('[PUT a/1=v4@4]');
      // Events come in revision order, not key order.
      expect(showEvents(await span.events(2))).toBe('[PUT ab=v3@3, PUT a/1=v4@4]');
      expect(await one.quiet()).toBe(true);
      expect(await prefix.quiet()).toBe(true);
    });

    example(b, 'a put event carries the key as written; a delete event only its key and the deleting revision', 'grant(7) put(a=x,lease=7)@2 put(a=y)@3 del(a)@4 → watch(a, from 2)', async (s) => {
      const w = await watch(s, 'a', { startRevision: 2 });
      const [p1, p2, d] = await w.events(3);
      expect([p1!.type, p1!.kv.createRevision, p1!.kv.modRevision, p1!.kv.version, p1!.kv.lease, p1!.kv.value.toString()]).toEqual(['PUT', 2, 2, 1, 7, 'x']);
      expect([p2!.type, p2!.kv.createRevision, p2!.kv.modRevision, p2!.kv.version, p2!.kv.lease, p2!.kv.value.toString()]).toEqual(['PUT', 2, 3, 2, 0, 'y']);
      expect([d!.type, showBytes(d!.kv.key), d!.kv.createRevision, d!.kv.modRevision, d!.kv.version, d!.kv.lease, d!.kv.value.length]).toEqual(['DELETE', 'a', 0, 4, 0, 0, 0]);
    });

    example(
      b,
      'prevKv carries the key as it was before each change',
      'put(a=x)@2 put(a=y)@3 del(a)@4 put(a=z)@5 → watch(a, from 2, prevKv) = [PUT a=x@2, PUT a=y@3 (prev a=x@2), DELETE a@4 (prev a=y@3), PUT a=z@5]',
      async (s) => {
        const w = await watch(s, 'a', { startRevision: 2, prevKv: true });
        expect(showEvents(await w.events(4))).toBe('[PUT a=x@2, PUT a=y@3 (prev a=x@2), DELETE a@4 (prev a=y@3), PUT a=z@5]');
        const live = await watch(s, 'a', { prevKv: true });
        await s.put('a', 'w');
        expect(showEvents(await live.events(1))).toBe('[PUT a=w@6 (prev a=z@5)]');
      },
    );

    example(b, 'filters leave out deletes or puts', 'put(a)@2 del(a)@3 put(a)@4 → watch(a, from 2, no DELETE) = [PUT a@2, PUT a@4]; no PUT = [DELETE a@3]', async (s) => {
      const noDelete = await watch(s, 'a', { startRevision: 2, filters: ['DELETE'] });
      const noPut = await watch(s, 'a', { startRevision: 2, filters: ['PUT'] });
      expect(showEvents(await noDelete.events(2))).toBe('[PUT a=v2@2, PUT a=v4@4]');
      expect(showEvents(await noPut.events(1))).toBe('[DELETE a@3]');
      expect(await noPut.quiet()).toBe(true);
    });

    example(b, 'all events of one revision arrive in one response, live and replayed', 'put(x/1)@2 put(x/2)@3 → txn[put(a), put(b), put(c)]@4 del(x*)@5', async (s) => {
      const live = await watch(s, 'a..');
      await s.txn({ success: ['a', 'b', 'c'].map((key) => ({ put: { key, value: 'v4' } })) });
      await s.deleteRange('x', { rangeEnd: 'y' });
      const replay = await watch(s, 'a..', { startRevision: 4 });
      for (const w of [live, replay]) {
        // A response may hold several revisions (a replay does), but never part of one.
        const responses = [await w.response()];
        while (responses.flatMap((r) => r.events).length < 5) responses.push(await w.response());
        expect(showEvents(responses.flatMap((r) => r.events))).toBe('[PUT a=v4@4, PUT b=v4@4, PUT c=v4@4, DELETE x/1@5, DELETE x/2@5]');
        expectWholeRevisions(responses);
        for (const r of responses) expect(r.header.revision).toBeGreaterThanOrEqual(Math.max(...r.events.map((e) => e.kv.modRevision)));
      }
    });

    example(b, 'two watches on one range each receive every event, with distinct ids', 'put(a)@2 → two watch(a..)', async (s) => {
      const w1 = await watch(s, 'a..', { startRevision: 2 });
      const w2 = await watch(s, 'a..', { startRevision: 2 });
      expect(w1.watch.id).not.toBe(w2.watch.id);
      await s.put('b', 'v3');
      expect(showEvents(await w1.events(2))).toBe(showEvents(await w2.events(2)));
    });
  });

  describe('progress notifications', () => {
    const clocked = { needsClock: true, progressNotifyIntervalMs: 1000 };

    example(b, 'an idle watch that asked for progress gets an empty response at the current revision each interval', 'put(a)@2 put(b)@3 → watch(a, progressNotify); +1s → progress@3', async (s, { clock }) => {
      const w = await watch(s, 'a', { progressNotify: true });
      const plain = await watch(s, 'a');
      clock.advance(1000);
      const r = await w.response();
      expect([r.events.length, r.header.revision]).toEqual([0, 3]);
      await s.put('z', 'v4');
      clock.advance(1000);
      expect((await w.response()).header.revision).toBe(4);
      expect(await plain.quiet()).toBe(true);
    }, clocked);

    example(b, 'a watch that received events since the last interval gets no progress notification for it', 'put(a)@2 → watch(a, progressNotify); put(a)@3; +1s → nothing; +1s → progress@3', async (s, { clock }) => {
      const w = await watch(s, 'a', { progressNotify: true });
      await s.put('a', 'v3');
      expect(showEvents((await w.response()).events)).toBe('[PUT a=v3@3]');
      clock.advance(1000);
      expect(await w.quiet()).toBe(true);
      clock.advance(1000);
      const r = await w.response();
      expect([r.events.length, r.header.revision]).toEqual([0, 3]);
    }, clocked);

    example(b, 'requestProgress on a caught-up watch answers at once with the current revision', 'put(a)@2 put(b)@3 → watch(a).requestProgress() = progress@3', async (s) => {
      const w = await watch(s, 'a');
      w.watch.requestProgress();
      const r = await w.response();
      expect([r.events.length, r.header.revision]).toEqual([0, 3]);
    });

    example(b, 'requestProgress on a watch replaying history answers only after delivering everything up to its revision', '∅ → 3,000 writes, watch(k*, from 2).requestProgress()', async (s) => {
      const events = (await writeMany(s, 3000, 0)).length;
      const cur = await currentRevision(s);
      const w = await watch(s, 'k*', { startRevision: 2 });
      w.watch.requestProgress();
      const got: WatchEvent[] = [];
      for (;;) {
        const r = await w.response();
        if (r.events.length === 0) {
          expect(r.header.revision).toBe(cur);
          break;
        }
        got.push(...r.events);
      }
      expect(got.length).toBe(events);
      expect(delivered(got).at(-1)).toBe(cur);
    }, { checks: 'answersProgressEarly' });
  });

  describe('ending a watch', () => {
    example(b, 'cancel ends the iteration, also while it waits for the next response', 'put(a)@2 → watch(a); cancel → done', async (s) => {
      const w = await watch(s, 'a');
      const pending = w.end();
      w.watch.cancel();
      expect(await pending).toBe('done');
      await s.put('a', 'v3');
      expect(await w.end()).toBe('done');
    });

    example(b, 'leaving a for-await loop cancels the watch', 'put(a)@2 put(a)@3 → for await (watch(a, from 2)) break', async (s) => {
      const w = await s.watch('a', { startRevision: 2 });
      for await (const r of w) {
        expect(r.events.length).toBeGreaterThan(0);
        break;
      }
      expect(await w[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
    });

    example(b, 'closing the store ends every watch', 'put(a)@2 → watch(a), close → done', async (s) => {
      const w = await watch(s, 'a');
      const pending = w.end();
      await s.close();
      expect(await pending).toBe('done');
    });
  });

  describe('slow consumers', () => {
    // Enough writes one at a time to exceed the backend's watch backlog, then more in bursts.
    const past = Math.round(b.watchBacklog * 1.5);

    example(b, 'a consumer that reads nothing while thousands of writes happen then receives all of them in order', `∅ → watch(k*); ${past + 3000} writes unread; drain = every event once, in order`, async (s) => {
      const w = await watch(s, 'k*');
      const expected = await writeMany(s, past + 3000, past);
      expect(await currentRevision(s)).toBe(past + 3001);
      const responses: WatchResponse[] = [];
      let got = 0;
      while (got < expected.length) {
        const r = await w.response();
        responses.push(r);
        got += r.events.length;
      }
      // Every revision from 2 on, once per event it holds, ascending, nothing else.
      expect(revisionsOf(responses).events).toEqual(expected);
      expectWholeRevisions(responses);
      expect(await w.quiet()).toBe(true);
    });

    example(b, 'a consumer that falls behind past a compaction gets what was sent to it in order, then ErrCompacted', `∅ → watch(k*); ${past} writes unread; compact(current) → drain = a gapless prefix, then ErrCompacted{${past + 1}}`, async (s) => {
      const w = await watch(s, 'k*');
      await writeMany(s, past, past);
      const cur = await currentRevision(s);
      await s.compact(cur);
      const got: WatchEvent[] = [];
      let ending = '';
      for (;;) {
        try {
          got.push(...(await w.response()).events);
        } catch (err) {
          ending = showError(err);
          break;
        }
      }
      expect(ending).toBe(`ErrCompacted{${cur}}`);
      const revs = [...new Set(delivered(got))];
      expect(revs[0]).toBe(2);
      expect(revs).toEqual(Array.from({ length: revs.length }, (_, i) => i + 2));
      expect(revs.at(-1)!).toBeLessThan(cur - 1);
    });
  });
}
