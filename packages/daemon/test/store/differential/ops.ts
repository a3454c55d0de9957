/**
 * The operations of a differential run, as plain printable data, and the seeded generator
 * that makes them. The generator looks at the reference store (the memory backend) to aim
 * its choices — revisions just below the compaction, compare values equal to a key's real
 * version — so that both branches of every check get exercised; the choices depend only on
 * the seed and on state every store must agree on.
 */
import type { CompareResult, CompareTarget, EventType, KeyValue } from '../../../src/store/backend.js';
import type { Rng } from './rng.js';

/** A lease by the id the test chose, or the n-th lease granted without an id (the store chose). */
export type LeaseRef = { id: number } | { auto: number };

export interface RangeSpec {
  key: string;
  rangeEnd?: string;
}

export type ReadSpec = RangeSpec & { revision?: number; limit?: number; keysOnly?: boolean; countOnly?: boolean };
export interface PutSpec {
  key: string;
  value: string;
  /** Send this many bytes instead of value (a request etcd refuses as too large). */
  valueBytes?: number;
  prevKv?: boolean;
  lease?: LeaseRef;
}
export type DeleteSpec = RangeSpec & { prevKv?: boolean };

export interface CompareSpec extends RangeSpec {
  target: CompareTarget;
  result: CompareResult;
  value: number | string | { lease: LeaseRef };
}

export type TxnOpSpec = { range: ReadSpec } | { put: PutSpec } | { deleteRange: DeleteSpec };

export type Op =
  | ({ op: 'put' } & PutSpec)
  | ({ op: 'deleteRange' } & DeleteSpec)
  | ({ op: 'range' } & ReadSpec)
  | { op: 'txn'; compare: CompareSpec[]; success: TxnOpSpec[]; failure: TxnOpSpec[] }
  | { op: 'compact'; revision: number; physical: boolean }
  | ({ op: 'watch'; startRevision: number; prevKv: boolean; filters?: EventType[]; progressNotify: boolean } & RangeSpec)
  | { op: 'requestProgress'; watch: number }
  | { op: 'leaseGrant'; ttl: number; id: number; auto?: number }
  | { op: 'leaseRevoke'; lease: LeaseRef }
  | { op: 'leaseTimeToLive'; lease: LeaseRef; keys: boolean }
  | { op: 'leaseKeepAlive'; lease: LeaseRef }
  | { op: 'leaseLeases' }
  | { op: 'status' };

/** What the generator may look at: the reference store's state. */
export interface RefView {
  revision: number;
  compactRevision: number;
  /** The key's current state in the reference store. */
  get(key: string): Promise<KeyValue | undefined>;
  watches: number;
  autoLeases: number;
}

/** A small key space, so operations collide; one key is not ASCII (UTF-8 c3 bf). */
export const KEYS = ['a', 'a/1', 'a/2', 'b', 'b/1', 'c', 'z\u00ff'] as const;
const PREFIXES = ['a', 'a/', 'b', 'z'] as const;
/** Ids the test chooses; few, so grants collide (ErrLeaseExists). 7777 is never granted. */
const LEASE_IDS = [1001, 1002, 1003, 1004] as const;
const NEVER_GRANTED = 7777;
export const MAX_WATCHES = 6;
/** etcd's MaxLeaseTTL is 9,000,000,000 s. */
const TOO_LARGE_TTL = 9_000_000_001;

/** prefixEnd for our ASCII prefixes, as a string (keys.ts works on bytes). */
function prefixEnd(p: string): string {
  return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
}

function rangeSpec(rng: Rng, forWatch = false): RangeSpec {
  const kind = rng.weighted({ single: 35, prefix: 25, from: 10, all: 5, between: forWatch ? 3 : 15, emptyKey: forWatch ? 0 : 1 });
  switch (kind) {
    case 'single':
      return { key: rng.pick(KEYS) };
    case 'prefix': {
      const p = rng.pick(PREFIXES);
      return { key: p, rangeEnd: prefixEnd(p) };
    }
    case 'from':
      return { key: rng.pick(KEYS), rangeEnd: '\0' };
    case 'all':
      return { key: '\0', rangeEnd: '\0' };
    case 'between':
      // Either order: an end at or below the key is an empty range (and a refused watch).
      return { key: rng.pick(KEYS), rangeEnd: rng.pick(KEYS) };
    case 'emptyKey':
      return { key: '' };
  }
}

/** A read revision: newest, past, compacted, exactly the compaction, future or negative. */
function readRevision(rng: Rng, s: RefView): number | undefined {
  const cur = s.revision;
  const compacted = s.compactRevision;
  switch (rng.weighted({ newest: 40, past: 25, compacted: 10, atCompaction: 5, future: 10, negative: 3 })) {
    case 'newest':
      return undefined;
    case 'past':
      return rng.int(Math.max(1, compacted), cur);
    case 'compacted':
      return compacted > 1 ? rng.int(1, compacted - 1) : undefined;
    case 'atCompaction':
      return compacted > 0 ? compacted : 1;
    case 'future':
      return cur + rng.int(1, 3);
    case 'negative':
      return -1;
  }
}

function read(rng: Rng, s: RefView): ReadSpec {
  const spec: ReadSpec = { ...rangeSpec(rng) };
  const revision = readRevision(rng, s);
  if (revision !== undefined) spec.revision = revision;
  const limit = rng.pick([0, 0, 0, 1, 2, 3]);
  if (limit) spec.limit = limit;
  if (rng.chance(0.15)) spec.keysOnly = true;
  if (rng.chance(0.1)) spec.countOnly = true;
  return spec;
}

function leaseRef(rng: Rng, s: RefView): LeaseRef {
  if (s.autoLeases > 0 && rng.chance(0.3)) return { auto: rng.int(0, s.autoLeases - 1) };
  return { id: rng.chance(0.1) ? NEVER_GRANTED : rng.pick(LEASE_IDS) };
}

function put(rng: Rng, s: RefView): PutSpec {
  const spec: PutSpec = { key: rng.chance(0.01) ? '' : rng.pick(KEYS), value: rng.chance(0.05) ? '' : `v${rng.int(0, 999)}` };
  if (rng.chance(0.01)) spec.valueBytes = Math.round(1.7 * 1024 * 1024); // above etcd's 1.5 MiB request limit
  if (rng.chance(0.4)) spec.prevKv = true;
  if (rng.chance(0.25)) spec.lease = leaseRef(rng, s);
  return spec;
}

function del(rng: Rng): DeleteSpec {
  return rng.chance(0.4) ? { ...rangeSpec(rng), prevKv: true } : rangeSpec(rng);
}

async function compare(rng: Rng, s: RefView): Promise<CompareSpec> {
  const range: RangeSpec = rng.chance(0.8) ? { key: rng.pick(KEYS) } : rangeSpec(rng);
  const target = rng.weighted<CompareTarget>({ version: 3, createRevision: 2, modRevision: 3, value: 3, lease: 1 });
  const result = rng.pick<CompareResult>(['=', '=', '!=', '<', '>']);
  const kv = range.key ? await s.get(range.key) : undefined;
  let value: CompareSpec['value'];
  if (target === 'value') {
    value = rng.pick([kv?.value.toString() ?? 'v1', `v${rng.int(0, 999)}`, '']);
  } else if (target === 'lease') {
    value = rng.chance(0.5) ? 0 : { lease: leaseRef(rng, s) };
  } else {
    const actual = kv ? kv[target] : 0;
    value = rng.pick([actual, actual, actual + 1, Math.max(0, actual - 1), 0]);
  }
  return { ...range, target, result, value };
}

function branch(rng: Rng, s: RefView): TxnOpSpec[] {
  const ops: TxnOpSpec[] = [];
  const n = rng.int(0, 3);
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted({ range: 30, put: 40, deleteRange: 30 });
    if (kind === 'range') ops.push({ range: read(rng, s) });
    else if (kind === 'put') ops.push({ put: put(rng, s) });
    else ops.push({ deleteRange: del(rng) });
  }
  if (rng.chance(0.15)) {
    // The same key written twice in one branch: etcd refuses the whole txn (ErrDuplicateKey),
    // unless the "write" is a delete-range to "\0", which etcd 3.4's check does not see.
    const key = rng.pick(KEYS);
    ops.push({ put: { key, value: 'dup' } });
    ops.splice(rng.int(0, ops.length), 0, rng.chance(0.5) ? { put: { key, value: 'dup2' } } : { deleteRange: rangeSpec(rng) });
  }
  return ops;
}

export async function generateOp(rng: Rng, s: RefView): Promise<Op> {
  const cur = s.revision;
  const kind = rng.weighted({
    put: 25,
    deleteRange: 8,
    range: 14,
    txn: 16,
    compact: 5,
    watch: s.watches < MAX_WATCHES ? 7 : 0,
    requestProgress: s.watches > 0 ? 2 : 0,
    leaseGrant: 5,
    leaseRevoke: 3,
    leaseTimeToLive: 3,
    leaseKeepAlive: 2,
    leaseLeases: 1,
    status: 2,
  });
  switch (kind) {
    case 'put':
      return { op: 'put', ...put(rng, s) };
    case 'deleteRange':
      return { op: 'deleteRange', ...del(rng) };
    case 'range':
      return { op: 'range', ...read(rng, s) };
    case 'txn': {
      if (rng.chance(0.01)) {
        // etcd's --max-txn-ops is 128.
        return { op: 'txn', compare: [], success: Array.from({ length: 129 }, () => ({ range: { key: 'a' } })), failure: [] };
      }
      const compares: CompareSpec[] = [];
      for (let i = rng.int(0, 3); i > 0; i--) compares.push(await compare(rng, s));
      return { op: 'txn', compare: compares, success: branch(rng, s), failure: branch(rng, s) };
    }
    case 'compact': {
      const c = s.compactRevision;
      const revision = (() => {
        switch (rng.weighted({ valid: 60, old: 15, future: 15, zero: 5 })) {
          case 'valid':
            return c < cur ? rng.int(c + 1, cur) : cur;
          case 'old':
            return rng.int(Math.max(0, c - 2), c);
          case 'future':
            return cur + rng.int(1, 2);
          case 'zero':
            return 0;
        }
      })();
      return { op: 'compact', revision, physical: rng.chance(0.5) };
    }
    case 'watch': {
      const c = s.compactRevision;
      const startRevision = (() => {
        switch (rng.weighted({ next: 25, current: 15, past: 30, compacted: 10, atCompaction: 10, future: 10 })) {
          case 'next':
            return 0;
          case 'current':
            return cur;
          case 'past':
            return rng.int(Math.max(1, c), cur);
          case 'compacted':
            return c > 1 ? rng.int(1, c - 1) : 0;
          case 'atCompaction':
            return c > 0 ? c : 1;
          case 'future':
            return cur + rng.int(1, 3);
        }
      })();
      const filters = rng.weighted({ none: 80, noPut: 10, noDelete: 10 });
      return {
        op: 'watch',
        ...rangeSpec(rng, true),
        startRevision,
        prevKv: rng.chance(0.5),
        ...(filters === 'none' ? {} : { filters: [filters === 'noPut' ? 'PUT' : 'DELETE'] as EventType[] }),
        progressNotify: rng.chance(0.2),
      };
    }
    case 'requestProgress':
      return { op: 'requestProgress', watch: rng.int(0, s.watches - 1) };
    case 'leaseGrant': {
      const ttl = rng.chance(0.05) ? TOO_LARGE_TTL : rng.int(60, 3600);
      if (rng.chance(0.25)) return { op: 'leaseGrant', ttl, id: 0, auto: s.autoLeases };
      return { op: 'leaseGrant', ttl, id: rng.pick(LEASE_IDS) };
    }
    case 'leaseRevoke':
      return { op: 'leaseRevoke', lease: leaseRef(rng, s) };
    case 'leaseTimeToLive':
      return { op: 'leaseTimeToLive', lease: leaseRef(rng, s), keys: rng.chance(0.5) };
    case 'leaseKeepAlive':
      return { op: 'leaseKeepAlive', lease: leaseRef(rng, s) };
    case 'leaseLeases':
      return { op: 'leaseLeases' };
    case 'status':
      return { op: 'status' };
  }
}
