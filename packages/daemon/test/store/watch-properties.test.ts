/**
 * Watch properties over seeded random histories. A driver makes random writes (single,
 * concurrent bursts, txns, range deletes) and compactions, and keeps its own model of the
 * history; many watchers start at random revisions (past, compacted, current, future), some
 * consumers pause for long stretches (slow consumers), some cancel and resume from their
 * last seen revision + 1, and the fake clock drives progress notifications. Every response is
 * checked against the recorded history as it arrives:
 *
 *   ordered, unique, no gaps — events equal the history's changes in the range, one by one;
 *   atomic      — a revision's events never straddle two responses;
 *   progress    — a notification at R arrives only after every event ≤ R;
 *   resumable   — a watch resumed from last-seen+1 continues the stream exactly;
 *   compaction  — ErrCompacted exactly when the start (or a slow watcher's position) was
 *                 compacted, with a compact revision that really happened.
 *
 * Reproduce a failure with WATCH_PROPERTY_SEEDS=<seed> (the failure message names it).
 */
import { FakeClock } from '@kubelab/core';
import { describe, expect, it } from 'vitest';
import type { Watch, WatchEvent, WatchResponse } from '../../src/store/backend.js';
import { ErrCompacted } from '../../src/store/errors.js';
import { KeyRange } from '../../src/store/keys.js';
import { type BackendUnderTest, memoryBackend, sqliteBackend, type StoreUnderTest } from './conformance/backends.js';

/** mulberry32: a tiny deterministic PRNG, so a seed replays the same choices. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]! };
}
type Rng = ReturnType<typeof rng>;

interface KeyState {
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}
interface Change {
  rev: number;
  key: string;
  type: 'PUT' | 'DELETE';
  state: KeyState;
  prev: KeyState | undefined;
}
type Op = { put: string } | { del: string } | { delRange: [string, string] } | { txn: Array<{ put: string } | { del: string }> };

/** The history as the driver made it: etcd's rules applied to a map, one request at a time. */
class Model {
  live = new Map<string, KeyState>();
  history: Change[] = [];
  rev = 1;
  compactRev = 0;
  compactions = new Set<number>();

  /** Applies a request in arrival order; returns the revision its response must carry. */
  apply(op: Op, tag: string): number {
    const next = this.rev + 1;
    const before = this.history.length;
    const put = (key: string) => {
      const prev = this.live.get(key);
      const state = { value: tag, createRevision: prev?.createRevision ?? next, modRevision: next, version: (prev?.version ?? 0) + 1 };
      this.live.set(key, state);
      this.history.push({ rev: next, key, type: 'PUT', state, prev });
    };
    const del = (key: string) => {
      const prev = this.live.get(key);
      if (!prev) return;
      this.live.delete(key);
      this.history.push({ rev: next, key, type: 'DELETE', state: { value: '', createRevision: 0, modRevision: next, version: 0 }, prev });
    };
    if ('put' in op) put(op.put);
    else if ('del' in op) del(op.del);
    else if ('delRange' in op) {
      // etcd deletes a range in key order, one sub-revision per key.
      const [from, to] = op.delRange;
      for (const k of [...this.live.keys()].sort()) if (k >= from && k < to) del(k);
    } else {
      for (const o of op.txn) if ('put' in o) put(o.put);
      else del(o.del);
    }
    if (this.history.length > before) this.rev = next;
    return this.rev;
  }
}

const KEYS = [...Array.from({ length: 8 }, (_, i) => `a/${i}`), ...Array.from({ length: 8 }, (_, i) => `b/${i}`), 'c'];
const RANGES: Array<[string, string | undefined]> = [['a/3', undefined], ['a/', 'a0'], ['b/', 'b0'], ['a/5', 'b/3'], ['a', '\0'], ['c', undefined]];

interface Session {
  watch: Watch;
  start: number;
  /** The start was below the compaction when the watch was made: it must fail at once. */
  mustFail: boolean;
  compactAtCreate: number;
  paused: boolean;
  /** The step at which the consumer next pauses or resumes reading. */
  toggleAt: number;
  wake?: () => void;
  ended?: 'done' | 'compacted' | 'error';
  progressAt: number;
  header: number;
}

interface Subscriber {
  id: number;
  range: KeyRange;
  filters: Array<'PUT' | 'DELETE'>;
  prevKv: boolean;
  progressNotify: boolean;
  /** steady: reads with short pauses; slow: stops reading for long stretches; flaky: cancels and resumes. */
  behaviour: 'steady' | 'slow' | 'flaky';
  /** Index into the model's history of the next change this subscriber must receive. */
  cursor: number;
  /** The first revision of the current gapless stream (its start, or where it restarted). */
  minRev: number;
  /** A problem was found: later responses are not checked (they would only repeat it). */
  broken: boolean;
  /** Highest revision every event up to which has been received (events or progress). */
  lastSeen: number;
  session?: Session;
}

interface Coverage {
  events: number;
  progress: number;
  resumes: number;
  /** Watches refused at their start because it was compacted. */
  compactedAtStart: number;
  /** Watches that fell behind (slow consumers) and were compacted past. */
  compactedBehind: number;
}

async function runHistory(b: BackendUnderTest, seed: number, steps: number): Promise<{ problems: string[]; seen: Coverage }> {
  const r: Rng = rng(seed);
  const clock = new FakeClock();
  const PROGRESS_MS = 1000;
  const s: StoreUnderTest = await b.open({ clock, progressNotifyIntervalMs: PROGRESS_MS });
  const m = new Model();
  const subs: Subscriber[] = [];
  const problems: string[] = [];
  let step = 0;
  const seen: Coverage = { events: 0, progress: 0, resumes: 0, compactedAtStart: 0, compactedBehind: 0 };
  const problem = (sub: Subscriber | undefined, msg: string) => {
    if (sub) sub.broken = true;
    const who = sub ? `watcher ${sub.id} [${sub.range.start}, ${String(sub.range.end)}) from ${sub.session?.start}: ` : '';
    if (problems.length < 20) problems.push(`step ${step}, revision ${m.rev}, compacted at ${m.compactRev}: ${who}${msg}`);
  };
  const matches = (sub: Subscriber, c: Change) => c.rev >= sub.minRev && sub.range.contains(c.key) && !sub.filters.includes(c.type);
  const nextMatch = (sub: Subscriber): Change | undefined => {
    while (sub.cursor < m.history.length && !matches(sub, m.history[sub.cursor]!)) sub.cursor++;
    return m.history[sub.cursor];
  };

  const checkEvent = (sub: Subscriber, e: WatchEvent) => {
    const want = nextMatch(sub);
    const got = `${e.type} ${e.kv.key.toString('latin1')}@${e.kv.modRevision} c${e.kv.createRevision} v${e.kv.version} =${e.kv.value.toString()}`;
    const exp = want && `${want.type} ${want.key}@${want.rev} c${want.state.createRevision} v${want.state.version} =${want.state.value}`;
    if (got !== exp) return problem(sub, `got ${got}, expected ${exp ?? 'nothing'} (gap, duplicate or disorder)`);
    sub.cursor++;
    seen.events++;
    sub.lastSeen = want!.rev;
    const prev = e.prevKv && `${e.prevKv.modRevision}=${e.prevKv.value.toString()}`;
    const wantPrev = sub.prevKv && want!.prev ? `${want!.prev.modRevision}=${want!.prev.value}` : undefined;
    // etcd leaves prevKv out when mod_revision-1 is compacted.
    if (prev !== wantPrev && !(prev === undefined && want!.rev - 1 < m.compactRev)) problem(sub, `prevKv ${prev} at ${want!.rev}, expected ${wantPrev}`);
  };

  const onResponse = (sub: Subscriber, sess: Session, resp: WatchResponse) => {
    if (sub.broken) return;
    if (sess.mustFail) problem(sub, `delivered a response though its start ${sess.start} was compacted at ${sess.compactAtCreate}`);
    if (resp.header.revision < sess.header || resp.header.revision > m.rev) problem(sub, `header ${resp.header.revision} after ${sess.header}, store at ${m.rev}`);
    sess.header = resp.header.revision;
    if (resp.events.length === 0) {
      const pending = nextMatch(sub);
      if (pending && pending.rev <= resp.header.revision) problem(sub, `progress at ${resp.header.revision} before the event at ${pending.rev}`);
      sess.progressAt = Math.max(sess.progressAt, resp.header.revision);
      seen.progress++;
      sub.lastSeen = Math.max(sub.lastSeen, resp.header.revision);
      return;
    }
    for (const e of resp.events) if (!sub.broken) checkEvent(sub, e);
    if (sub.broken) return;
    const last = resp.events.at(-1)!.kv.modRevision;
    if (resp.header.revision < last) problem(sub, `header ${resp.header.revision} below its event at ${last}`);
    if (nextMatch(sub)?.rev === last) problem(sub, `revision ${last} split across responses`);
  };

  const consume = async (sub: Subscriber, sess: Session) => {
    const it = sess.watch[Symbol.asyncIterator]();
    try {
      for (;;) {
        while (sess.paused) await new Promise<void>((wake) => (sess.wake = wake));
        const n = await it.next();
        if (n.done) return void (sess.ended = 'done');
        onResponse(sub, sess, n.value);
      }
    } catch (err) {
      sess.ended = err instanceof ErrCompacted ? 'compacted' : 'error';
      if (!(err instanceof ErrCompacted)) return problem(sub, `watch failed: ${String(err)}`);
      const c = err.compactRevision;
      if (sess.mustFail) seen.compactedAtStart++;
      else seen.compactedBehind++;
      if (!m.compactions.has(c)) problem(sub, `ErrCompacted{${c}} names no compaction`);
      if (!sess.mustFail && (c <= sub.lastSeen + 1 || c <= sess.compactAtCreate)) problem(sub, `ErrCompacted{${c}} though it had seen up to ${sub.lastSeen}`);
      // Start over from the compaction, as a client relists: a new no-gap segment.
      sub.minRev = m.compactRev;
      sub.lastSeen = m.compactRev - 1;
      sub.cursor = m.history.findIndex((ch) => ch.rev >= m.compactRev);
      if (sub.cursor < 0) sub.cursor = m.history.length;
    }
  };

  const open = async (sub: Subscriber, start: number) => {
    const w = await s.watch(sub.range.start, {
      ...(sub.range.end === undefined ? {} : { rangeEnd: sub.range.end ?? '\0' }),
      startRevision: start,
      prevKv: sub.prevKv,
      progressNotify: sub.progressNotify,
      filters: sub.filters,
    });
    const resolved = start > 0 ? start : m.rev + 1;
    if (w.startRevision !== resolved) problem(sub, `startRevision ${w.startRevision}, expected ${resolved}`);
    const sess: Session = {
      watch: w,
      start: resolved,
      mustFail: resolved < m.compactRev,
      compactAtCreate: m.compactRev,
      paused: false,
      toggleAt: step,
      progressAt: 0,
      header: 0,
    };
    sub.session = sess;
    void consume(sub, sess);
  };

  const newSubscriber = async (fixed: { behaviour?: Subscriber['behaviour']; range?: [string, string | undefined] } = {}) => {
    const [start, end] = fixed.range ?? r.pick(RANGES);
    const roll = r.next();
    const from = roll < 0.2 ? 0 : roll < 0.35 ? m.rev + r.int(1, 3) : r.int(Math.max(1, m.compactRev - 2), m.rev);
    const sub: Subscriber = {
      id: subs.length,
      range: new KeyRange(start, end),
      filters: r.chance(0.15) ? [r.pick(['PUT', 'DELETE'] as const)] : [],
      prevKv: r.chance(0.4),
      progressNotify: r.chance(0.5),
      behaviour: fixed.behaviour ?? r.pick(['steady', 'slow', 'flaky', 'flaky'] as const),
      cursor: 0,
      minRev: 0,
      broken: false,
      lastSeen: 0,
    };
    const first = from > 0 ? from : m.rev + 1;
    sub.minRev = first;
    sub.lastSeen = first - 1;
    sub.cursor = m.history.findIndex((ch) => ch.rev >= first);
    if (sub.cursor < 0) sub.cursor = m.history.length;
    subs.push(sub);
    await open(sub, from);
  };

  const setPaused = (sess: Session, paused: boolean) => {
    sess.paused = paused;
    if (!paused) sess.wake?.();
  };
  /** Consumers read in spells; a slow one stops reading for 2,000–4,000 steps (past the
   *  engine's backlog limit of 1,024 responses, so it is replayed from the log), the others
   *  for short pauses. */
  const pauseOrResume = (sub: Subscriber, sess: Session) => {
    if (step < sess.toggleAt) return;
    setPaused(sess, !sess.paused);
    sess.toggleAt = step + (sess.paused ? (sub.behaviour === 'slow' ? r.int(2000, 4000) : r.int(5, 60)) : r.int(20, 300));
  };

  const randomOp = (): Op => {
    const roll = r.next();
    if (roll < 0.55) return { put: r.pick(KEYS) };
    if (roll < 0.75) return { del: r.pick(KEYS) };
    if (roll < 0.82) return { delRange: r.pick([['a/', 'a0'], ['b/2', 'b/6'], ['a/6', 'b/1']] as Array<[string, string]>) };
    const keys = [...new Set(Array.from({ length: r.int(2, 6) }, () => r.pick(KEYS)))];
    return { txn: keys.map((k) => (r.chance(0.7) ? { put: k } : { del: k })) };
  };
  const send = (op: Op, tag: string): Promise<void> => {
    const want = m.apply(op, tag);
    const p =
      'put' in op ? s.put(op.put, tag)
      : 'del' in op ? s.deleteRange(op.del)
      : 'delRange' in op ? s.deleteRange(op.delRange[0], { rangeEnd: op.delRange[1] })
      : s.txn({ success: op.txn.map((o) => ('put' in o ? { put: { key: o.put, value: tag } } : { deleteRange: { key: o.del } })) });
    return p.then((resp) => {
      if (resp.header.revision !== want) problem(undefined, `${JSON.stringify(op)} answered revision ${resp.header.revision}, expected ${want}`);
    });
  };
  const live = () => subs.map((x) => x.session).filter((x): x is Session => !!x && !x.ended);

  // Seeds cycle through frequent, rare and no compaction: slow consumers are compacted past
  // in some histories and catch up from the log in others.
  const compactRate = [0.02, 0.003, 0][seed % 3]!;
  // Watcher 0 always exists: a slow consumer of every key from the first write on.
  await newSubscriber({ behaviour: 'slow', range: ['a', '\0'] });
  for (; step < steps && problems.length === 0; step++) {
    for (const sub of subs) if (sub.session && !sub.session.ended) pauseOrResume(sub, sub.session);
    const roll = r.next();
    if (roll < 0.66) await send(randomOp(), `s${step}`);
    else if (roll < 0.72) await Promise.all(Array.from({ length: r.int(2, 8) }, (_, i) => send(randomOp(), `s${step}.${i}`)));
    else if (roll < 0.72 + compactRate && m.rev > m.compactRev) {
      // Sometimes just behind the head, sometimes far back, so some slow consumers are
      // compacted past and others catch up from the log.
      const at = Math.max(m.compactRev + 1, m.rev - r.pick([0, 5, 50, 500, 1500]));
      m.compactRev = at;
      m.compactions.add(at);
      await s.compact(at, { physical: r.chance(0.3) });
    } else if (roll < 0.79 && subs.length < 24) await newSubscriber();
    else if (roll < 0.9) {
      // Cancel and resume from last seen + 1: the stream must continue without a gap. A
      // watcher that ended with ErrCompacted starts again from the compaction.
      const sub = r.pick(subs);
      if (sub.session?.ended) await open(sub, sub.lastSeen + 1);
      else if (sub.behaviour === 'flaky' && sub.session && !sub.session.mustFail) {
        sub.session.watch.cancel();
        setPaused(sub.session, false);
        await new Promise((res) => setImmediate(res));
        await open(sub, sub.lastSeen + 1);
        seen.resumes++;
      }
    } else if (roll < 0.94) live()[r.int(0, live().length)]?.watch.requestProgress();
    else if (roll < 0.97) clock.advance(PROGRESS_MS);
    else await new Promise((res) => setImmediate(res));
  }

  // Drain: every watcher must reach a progress notification at the final revision.
  const maxStart = Math.max(0, ...subs.map((x) => x.session?.start ?? 0));
  while (m.rev < maxStart) await send({ put: 'c' }, 'filler');
  const final = m.rev;
  const deadline = Date.now() + 20_000;
  for (;;) {
    let pending = 0;
    for (const sub of subs) {
      const sess = sub.session;
      if (!sess || sess.ended) {
        await open(sub, sub.lastSeen + 1);
        pending++;
      } else if (sess.progressAt < final) {
        setPaused(sess, false);
        sess.watch.requestProgress();
        pending++;
      }
    }
    if (pending === 0 || problems.length > 0) break;
    if (Date.now() > deadline) {
      problem(undefined, `${pending} watchers never confirmed revision ${final}`);
      break;
    }
    await new Promise((res) => setTimeout(res, 10));
  }
  for (const sub of subs) if (sub.lastSeen < final && problems.length === 0) problem(sub, `saw only up to ${sub.lastSeen} of ${final}`);
  for (const sess of live()) sess.watch.cancel();
  return { problems, seen };
}

const seeds = (process.env['WATCH_PROPERTY_SEEDS'] ?? '1,2,3,4,5').split(',').map(Number);

describe('watch properties over random histories', () => {
  for (const [b, steps, which] of [[memoryBackend, 4000, seeds], [sqliteBackend, 4000, seeds.slice(0, 1)]] as const) {
    for (const seed of which) {
      it(`${b.name} backend, seed ${seed}: every watcher gets every change in its range once, in order, whole revisions, resumable, progress never early, ErrCompacted only when compacted`, async () => {
        const { problems, seen } = await runHistory(b, seed, steps);
        expect(problems, `seed ${seed} (rerun with WATCH_PROPERTY_SEEDS=${seed})`).toEqual([]);
        // The history really exercised the watchers (guards against a driver that checks nothing).
        expect(Math.min(seen.events, seen.progress, seen.resumes), `seed ${seed}: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
      });
    }
  }
});
