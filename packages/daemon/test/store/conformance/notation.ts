/**
 * etcd's notation for histories, as the comments of server/storage/mvcc/key_index.go and our
 * backend.ts write them, made executable, so that a test reads like its worked example:
 *
 *   put(a)@2 put(a)@3 del(a)@4 put(b)@5 compact(4) → range(a, rev 3) = ErrCompacted{4}
 *
 * The part before → is a *given history*: `given()` runs it and checks that every write
 * created exactly the revision written after its @ (so every example also checks that
 * revisions are gapless). The part after → is asserted by the test body, which renders
 * results back into the notation with the `show*` helpers and compares strings.
 *
 * Keys:   `a` one key · `a*` every key with prefix a (prefixEnd) · `a..c` [a, c) · `a..` every key ≥ a
 * Writes: `put(a)@2` puts value "v2" · `put(a=x)@2` puts "x" · `put(a=x,lease=7)@2` attaches lease 7
 *         `del(a*)@4` · `del(x)@-` creates no revision
 * Other:  `compact(4)` · `grant(7)` grants lease 7 (TTL one hour; no revision)
 * Shown:  `a=v2@2` key=value@mod_revision · `a{create_revision: 2, mod_revision: 3, version: 2}`
 *         `PUT a=v2@2`, `DELETE a@4`, `PUT a=v3@3 (prev a=v2@2)` · `ErrCompacted{4}`, `ErrFutureRev`
 */
import { Buffer } from 'node:buffer';
import { FakeClock } from '@kubelab/core';
import { it } from 'vitest';
import type { BytesLike, KeyValue, RangeOptions, RangeResponse, WatchEvent } from '../../../src/store/backend.js';
import { ErrCompacted, StoreError } from '../../../src/store/errors.js';
import { prefixEnd } from '../../../src/store/keys.js';
import type { BackendUnderTest, Divergence, OpenOptions, StoreUnderTest } from './backends.js';

export interface KeySpec {
  key: BytesLike;
  rangeEnd?: BytesLike;
}

/** `a` → the key; `a*` → its prefix range; `a..c` → [a, c); `a..` → every key ≥ a. */
export function keys(spec: string): KeySpec {
  if (spec.endsWith('*')) {
    const key = spec.slice(0, -1);
    return { key, rangeEnd: prefixEnd(key) };
  }
  const dots = spec.indexOf('..');
  if (dots < 0) return { key: spec };
  const end = spec.slice(dots + 2);
  return { key: spec.slice(0, dots), rangeEnd: end === '' ? '\0' : end };
}

/** Printable ASCII as is, any other byte as \xNN, so binary keys stay readable. */
export function showBytes(b: Uint8Array): string {
  let out = '';
  for (const byte of b) out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/** `a=v2@2`: key, value and mod revision. */
export function showKv(kv: KeyValue): string {
  return `${showBytes(kv.key)}=${showBytes(kv.value)}@${kv.modRevision}`;
}

/** `a{create_revision: 2, mod_revision: 3, version: 2}`, as backend.ts writes a key's state. */
export function showKvMeta(kv: KeyValue | undefined): string {
  if (!kv) return 'absent';
  const lease = kv.lease === 0 ? '' : `, lease: ${kv.lease}`;
  return `${showBytes(kv.key)}{create_revision: ${kv.createRevision}, mod_revision: ${kv.modRevision}, version: ${kv.version}${lease}}`;
}

/** `[a=v2@2, b=v3@3] count 2`, with ` more` when the limit left keys out. */
export function showRange(r: RangeResponse): string {
  return `[${r.kvs.map(showKv).join(', ')}] count ${r.count}${r.more ? ' more' : ''}`;
}

/** `PUT a=v2@2`, `DELETE a@4`, and ` (prev a=v2@2)` when the event carries prevKv. */
export function showEvent(e: WatchEvent): string {
  const what = e.type === 'PUT' ? showKv(e.kv) : `${showBytes(e.kv.key)}@${e.kv.modRevision}`;
  return `${e.type} ${what}${e.prevKv ? ` (prev ${showKv(e.prevKv)})` : ''}`;
}

export function showEvents(events: WatchEvent[]): string {
  return `[${events.map(showEvent).join(', ')}]`;
}

/** `ErrCompacted{4}` for a compaction, the error's class name for any other store error. */
export function showError(err: unknown): string {
  if (err instanceof ErrCompacted) return `ErrCompacted{${err.compactRevision}}`;
  if (err instanceof StoreError) return err.name;
  throw err;
}

/** The rendered result, or the rendered store error the promise rejected with. */
export async function outcome<T>(p: Promise<T>, show: (t: T) => string): Promise<string> {
  try {
    return show(await p);
  } catch (err) {
    return showError(err);
  }
}

/** range(spec, options) rendered: `[a=v2@2] count 1` or `ErrCompacted{4}`. */
export function range(s: StoreUnderTest, spec: string, options: RangeOptions = {}): Promise<string> {
  const k = keys(spec);
  return outcome(s.range(k.key, { ...options, ...(k.rangeEnd === undefined ? {} : { rangeEnd: k.rangeEnd }) }), showRange);
}

/** The single key's state as `showKvMeta` writes it, as of revision (newest when absent). */
export async function stateOf(s: StoreUnderTest, key: string, revision?: number): Promise<string> {
  const r = await s.range(key, revision === undefined ? {} : { revision });
  return showKvMeta(r.kvs[0]);
}

/** The current revision, as a read's header reports it. */
export async function currentRevision(s: StoreUnderTest): Promise<number> {
  return (await s.range('\0', { rangeEnd: '\0', countOnly: true })).header.revision;
}

const STEP = /^(put|del|compact|grant)\(([^)]*)\)(?:@(\d+|-))?$/;

/**
 * Runs a history written in the notation, checking the revision each write created.
 * Throws, naming the step, when a write lands on another revision than the one written.
 */
export async function given(s: StoreUnderTest, history: string): Promise<void> {
  for (const step of history.split(/\s+/).filter((x) => x !== '' && x !== '∅')) {
    const m = STEP.exec(step);
    if (!m) throw new Error(`cannot read history step "${step}"`);
    const [, op, arg = '', at] = m;
    const before = await currentRevision(s);
    let got: number;
    if (op === 'grant' || op === 'compact') {
      // A lease with a chosen id and a TTL long enough never to expire during a test.
      if (op === 'grant') await s.leaseGrant(3600, Number(arg));
      else await s.compact(Number(arg));
      got = await currentRevision(s);
      if (got !== before) throw new Error(`${step} moved the revision from ${before} to ${got}`);
      continue;
    }
    if (op === 'put') {
      const [kv = '', ...opts] = arg.split(',');
      const eq = kv.indexOf('=');
      const key = eq < 0 ? kv : kv.slice(0, eq);
      const value = eq < 0 ? `v${at}` : kv.slice(eq + 1);
      const lease = Number(/^lease=(\d+)$/.exec(opts[0] ?? '')?.[1] ?? 0);
      got = (await s.put(key, value, lease ? { lease } : {})).header.revision;
    } else {
      const k = keys(arg);
      got = (await s.deleteRange(k.key, k.rangeEnd === undefined ? {} : { rangeEnd: k.rangeEnd })).header.revision;
    }
    const want = at === '-' || at === undefined ? before : Number(at);
    if (got !== want) throw new Error(`${step} created revision ${got}, not ${at === '-' ? `none (still ${before})` : want}`);
  }
}

export interface ExampleContext {
  /** The store's clock (a FakeClock when the backend takes one). */
  clock: FakeClock;
  backend: BackendUnderTest;
}

export interface ExampleOptions extends Omit<OpenOptions, 'clock' | 'dataDir'> {
  /** The example needs to drive time: skipped for backends on a real clock. */
  needsClock?: boolean;
  /** The behaviour this example checks, which a backend may declare it lacks (backends.ts). */
  checks?: Divergence;
}

/**
 * A test named `sentence: notation`, on a fresh store holding the notation's given history
 * (the part before →). The body asserts the part after →.
 */
export function example(
  b: BackendUnderTest,
  sentence: string,
  notation: string,
  body: (s: StoreUnderTest, ctx: ExampleContext) => Promise<void>,
  options: ExampleOptions = {},
): void {
  const { needsClock, checks, ...open } = options;
  const skip = (checks && b.divergences[checks]) || (needsClock && !b.injectsClock && 'drives time with a FakeClock, and this backend runs on the wall clock');
  const name = `${notation ? `${sentence}: ${notation}` : sentence}${skip ? ` (SKIPPED: ${skip})` : ''}`;
  it.skipIf(!!skip)(name, async () => {
    const clock = new FakeClock();
    const s = await b.open({ ...open, ...(b.injectsClock ? { clock } : {}) });
    await given(s, notation.split('→')[0] ?? '');
    await body(s, { clock, backend: b });
  });
}

export function bytes(...b: number[]): Buffer {
  return Buffer.from(b);
}
