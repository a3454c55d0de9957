/**
 * etcd's request semantics over the MVCC engine (etcdserver/apply.go and the request checks
 * of etcdserver/api/v3rpc/key.go): how a range, put, delete-range or txn reads and writes,
 * which header revision each response carries, and which malformed requests are refused
 * before anything runs. Every local backend goes through here, so they cannot drift apart.
 */
import { Buffer } from 'node:buffer';
import type {
  Compare,
  DeleteRangeResponse,
  KeyValue,
  PutResponse,
  RangeResponse,
  RequestOp,
  ResponseOp,
  TxnRequest,
  TxnResponse,
} from '../backend.js';
import { ErrCompacted, ErrDuplicateKey, ErrEmptyKey, ErrFutureRev, ErrLeaseNotFound, ErrTooManyOps } from '../errors.js';
import { EMPTY, KeyRange, keyOf, toBuffer } from '../keys.js';
import type { KvStore, TxnWrite } from './kv-store.js';
import type { LogEntry } from './revision-log.js';

type RangeRequest = Extract<RequestOp, { range: unknown }>['range'];
type PutRequest = Extract<RequestOp, { put: unknown }>['put'];
type DeleteRangeRequest = Extract<RequestOp, { deleteRange: unknown }>['deleteRange'];

export interface Applied<T> {
  response: T;
  /** The entries the request appended (empty when it changed nothing). */
  changes: LogEntry[];
}

/** A range at the store's newest durable state (or the revision asked for). */
export function applyRange(s: KvStore, req: RangeRequest): RangeResponse {
  return rangeIn(s.read(), req);
}

export function applyPut(s: KvStore, req: PutRequest): Applied<PutResponse> {
  checkPut(s, req);
  const txn = s.write();
  const response = putIn(txn, req);
  return { response, changes: txn.end() };
}

export function applyDeleteRange(s: KvStore, req: DeleteRangeRequest): Applied<DeleteRangeResponse> {
  const txn = s.write();
  const response = deleteRangeIn(txn, req);
  return { response, changes: txn.end() };
}

/**
 * A txn: compares read the state before the txn; the chosen branch is checked as a whole
 * (leases of its puts exist, revisions of its ranges are readable) before any of it runs.
 */
export function applyTxn(s: KvStore, req: TxnRequest): Applied<TxnResponse> {
  const txn = s.write();
  const succeeded = (req.compare ?? []).every((c) => compare(txn, c));
  const ops = (succeeded ? req.success : req.failure) ?? [];
  // As etcd's applyTxn: every put of the branch (its lease) first, then every range.
  for (const op of ops) if ('put' in op) checkPut(s, op.put);
  for (const op of ops) {
    if ('range' in op && op.range.revision && op.range.revision > 0) {
      // etcd's checkRange compares with the read view *before* the txn's writes.
      if (op.range.revision > txn.beginRev) throw new ErrFutureRev();
      if (op.range.revision < s.compactRev) throw new ErrCompacted(s.compactRev);
    }
  }
  const responses: ResponseOp[] = ops.map((op) => {
    if ('range' in op) return { range: rangeIn(txn, op.range) };
    if ('put' in op) return { put: putIn(txn, op.put) };
    return { deleteRange: deleteRangeIn(txn, op.deleteRange) };
  });
  const changes = txn.end();
  return { response: { header: { revision: txn.rev }, succeeded, responses }, changes };
}

/**
 * Shape checks etcd's gRPC layer makes before a txn reaches the store (checkTxnRequest,
 * checkIntervals): too many operations, empty keys, and a branch writing one key twice.
 */
export function checkTxnRequest(req: TxnRequest, maxTxnOps: number): void {
  const compares = req.compare ?? [];
  const success = req.success ?? [];
  const failure = req.failure ?? [];
  if (Math.max(compares.length, success.length, failure.length) > maxTxnOps) throw new ErrTooManyOps();
  for (const c of compares) if (keyOf(c.key).length === 0) throw new ErrEmptyKey();
  for (const op of [...success, ...failure]) if (keyOf(requestKey(op)).length === 0) throw new ErrEmptyKey();
  checkIntervals(success);
  checkIntervals(failure);
}

function requestKey(op: RequestOp) {
  if ('range' in op) return op.range.key;
  if ('put' in op) return op.put.key;
  return op.deleteRange.key;
}

/**
 * No two puts of one key, and no put inside a delete-range, in one branch. As in etcd 3.4, a
 * delete-range to "\0" (every key from key on) is an inverted interval to this check and
 * conflicts with nothing.
 */
function checkIntervals(ops: RequestOp[]): void {
  const deletes: KeyRange[] = [];
  for (const op of ops) {
    if (!('deleteRange' in op)) continue;
    const r = KeyRange.of(op.deleteRange.key, op.deleteRange.rangeEnd);
    if (r.end !== null) deletes.push(r);
  }
  const puts = new Set<string>();
  for (const op of ops) {
    if (!('put' in op)) continue;
    const k = keyOf(op.put.key);
    if (puts.has(k) || deletes.some((d) => d.contains(k))) throw new ErrDuplicateKey();
    puts.add(k);
  }
}

function checkPut(s: KvStore, req: PutRequest): void {
  const lease = req.lease ?? 0;
  if (lease !== 0 && !s.lessor.has(lease)) throw new ErrLeaseNotFound();
}

function rangeIn(txn: TxnWrite, req: RangeRequest): RangeResponse {
  const range = KeyRange.of(req.key, req.rangeEnd);
  const limit = req.limit && req.limit > 0 ? req.limit : 0;
  const { kvs, count } = txn.range(range, req.revision, {
    limit,
    countOnly: req.countOnly,
    keysOnly: req.keysOnly,
  });
  return { header: { revision: txn.rev }, kvs, count, more: !req.countOnly && limit > 0 && count > limit };
}

function putIn(txn: TxnWrite, req: PutRequest): PutResponse {
  const key = keyOf(req.key);
  if (key.length === 0) throw new ErrEmptyKey();
  const prevKv = req.prevKv ? txn.current(key) : undefined;
  txn.put(key, Buffer.from(toBuffer(req.value)), req.lease ?? 0);
  return prevKv ? { header: { revision: txn.rev }, prevKv } : { header: { revision: txn.rev } };
}

function deleteRangeIn(txn: TxnWrite, req: DeleteRangeRequest): DeleteRangeResponse {
  const range = KeyRange.of(req.key, req.rangeEnd);
  const prevKvs = req.prevKv ? txn.range(range, undefined, {}).kvs : [];
  const deleted = txn.deleteRange(range);
  return { header: { revision: txn.rev }, deleted, prevKvs };
}

const ABSENT: KeyValue = { key: EMPTY, createRevision: 0, modRevision: 0, version: 0, value: EMPTY, lease: 0 };

/** etcd's applyCompare: every key in range must pass; a value compare on no key fails. */
function compare(txn: TxnWrite, c: Compare): boolean {
  const { kvs } = txn.range(KeyRange.of(c.key, c.rangeEnd), undefined, {});
  if (kvs.length === 0) return c.target !== 'value' && compareKv(c, ABSENT);
  return kvs.every((kv) => compareKv(c, kv));
}

function compareKv(c: Compare, kv: KeyValue): boolean {
  let r: number;
  if (c.target === 'value') {
    r = Buffer.compare(kv.value, toBuffer(typeof c.value === 'number' ? String(c.value) : c.value));
  } else {
    const want = Number(c.value);
    const have = kv[c.target];
    r = have < want ? -1 : have > want ? 1 : 0;
  }
  switch (c.result) {
    case '=':
      return r === 0;
    case '!=':
      return r !== 0;
    case '<':
      return r < 0;
    case '>':
      return r > 0;
  }
}
