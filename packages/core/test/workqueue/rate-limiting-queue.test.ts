import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { WorkQueue } from '../../src/workqueue/queue.js';
import { ItemExponentialFailureRateLimiter, defaultControllerRateLimiter } from '../../src/workqueue/rate-limiter.js';
import { RateLimitingQueue } from '../../src/workqueue/rate-limiting-queue.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('WorkQueue', () => {
  it('hands out a key added several times before it is taken only once', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect((await q.get()).key).toBe('a');
    expect((await q.get()).key).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never hands one key to two workers at once', async () => {
    const q = new WorkQueue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    let second: string | undefined;
    void q.get().then((r) => (second = r.key));
    await settle();
    expect(second).toBeUndefined();
    q.done(first.key!);
    await settle();
    expect(second).toBe('a');
  });

  it('re-queues a key added while it was being processed once it is done', async () => {
    const q = new WorkQueue();
    q.add('a');
    const { key } = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    q.done(key!);
    expect(q.len()).toBe(1);
    expect((await q.get()).key).toBe('a');
  });

  it('forgets a key that is done and was not added again', async () => {
    const q = new WorkQueue();
    q.add('a');
    const { key } = await q.get();
    q.done(key!);
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.add('x');
    expect(await pending).toEqual({ key: 'x', shutdown: false });
  });

  it('lets workers drain what is queued after shutdown, then tells them to exit', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.shutDown();
    q.add('b');
    expect(await q.get()).toEqual({ key: 'a', shutdown: false });
    expect(await q.get()).toEqual({ key: undefined, shutdown: true });
  });

  it('releases waiting workers on shutdown', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.shutDown();
    expect((await pending).shutdown).toBe(true);
  });

  it('waits for keys in flight when shutting down with drain', async () => {
    const q = new WorkQueue();
    q.add('a');
    const { key } = await q.get();
    let drained = false;
    const draining = q.shutDownWithDrain().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    q.done(key!);
    await draining;
    expect(drained).toBe(true);
  });
});

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles each key’s delay from 5 ms up to 1000 s, per key, until forgotten', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
    expect([rl.when('a'), rl.when('a'), rl.when('a'), rl.when('a')]).toEqual([5, 10, 20, 40]);
    expect(rl.when('b')).toBe(5);
    expect(rl.numRequeues('a')).toBe(4);
    for (let i = 0; i < 40; i++) rl.when('a');
    expect(rl.when('a')).toBe(1_000_000);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
    expect(rl.when('a')).toBe(5);
  });
});

describe('defaultControllerRateLimiter', () => {
  it('paces a storm of distinct keys at 10 per second after a burst of 100', () => {
    const clock = new FakeClock();
    const rl = defaultControllerRateLimiter<string>(clock);
    const delays = Array.from({ length: 102 }, (_, i) => rl.when(`k${i}`));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays[100]).toBe(100);
    expect(delays[101]).toBe(200);
  });
});

describe('RateLimitingQueue', () => {
  it('adds a key only once its delay has passed on the clock', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock });
    q.addAfter('a', 1000);
    expect(q.len()).toBe(0);
    clock.advance(999);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect((await q.get()).key).toBe('a');
  });

  it('keeps the earlier of two delays for the same key', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock });
    q.addAfter('a', 5000);
    q.addAfter('a', 1000);
    q.addAfter('a', 3000);
    clock.advance(1000);
    expect(q.len()).toBe(1);
    expect(q.waitingLen()).toBe(0);
  });

  it('backs a failing key off exponentially and starts over after forget', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock });
    const readyAfter = async (): Promise<number> => {
      const start = clock.now();
      q.addRateLimited('a');
      while (q.len() === 0) clock.advance(1);
      const { key } = await q.get();
      q.done(key!);
      return clock.now() - start;
    };
    expect(await readyAfter()).toBe(5);
    expect(await readyAfter()).toBe(10);
    expect(await readyAfter()).toBe(20);
    expect(q.numRequeues('a')).toBe(3);
    q.forget('a');
    expect(await readyAfter()).toBe(5);
  });

  it('drops delayed keys and refuses new ones after shutdown', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock });
    q.addAfter('a', 10);
    q.shutDown();
    q.addAfter('b', 10);
    q.add('c');
    clock.advance(100);
    expect(clock.pending()).toBe(0);
    expect((await q.get()).shutdown).toBe(true);
  });
});
