/**
 * Field-by-field mapping between our store types (backend.ts) and etcd's v3 protobuf messages
 * (api/etcdserverpb/rpc.proto, api/mvccpb/kv.proto) as the etcd3 client hands them over.
 *
 * The client decodes int64 fields as decimal strings (proto-loader `longs: String`) and fills
 * absent fields with defaults (`defaults: true`: 0, "", empty buffers, null messages), so every
 * number here goes through int64(), which refuses what a JavaScript number cannot hold exactly
 * instead of silently rounding it.
 */
import { Buffer } from 'node:buffer';
import type {
  ICompare,
  IDeleteRangeRequest,
  IDeleteRangeResponse,
  IKeyValue,
  IPutRequest,
  IPutResponse,
  IRangeRequest,
  IRangeResponse,
  IRequestOp,
  IResponseHeader,
  IResponseOp,
} from 'etcd3';
import type {
  BytesLike,
  Compare,
  CompareResult,
  CompareTarget,
  DeleteRangeOptions,
  DeleteRangeResponse,
  KeyValue,
  PutOptions,
  PutResponse,
  RangeOptions,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  ResponseOp,
} from '../backend.js';
import { StoreError } from '../errors.js';
import { EMPTY, toBuffer } from '../keys.js';
import { ErrLeaseIdTooLarge } from './etcd-errors.js';

/** An int64 from etcd as a number; throws rather than round one above 2^53. */
export function int64(value: string | number | null | undefined, field: string): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new StoreError('Int64Overflow', `kubelab: etcd sent ${field}=${String(value)}, beyond what kubelab can represent exactly`);
  }
  return n;
}

/** A lease id from etcd; ids above 2^53 are refused with ErrLeaseIdTooLarge. */
export function leaseId(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new ErrLeaseIdTooLarge(String(value));
  return n;
}

/** A lease id we send: a non-negative integer a JavaScript number holds exactly. */
export function checkLeaseId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new StoreError('InvalidLeaseId', `kubelab: lease id ${id} is not an integer between 0 and 2^53-1`);
  }
  return id;
}

/** etcd's uint64 cluster and member ids in hex, as etcdctl prints them. */
export function hexId(value: string | number | null | undefined): string {
  return BigInt(value ?? 0).toString(16);
}

function bytes(b: Buffer | null | undefined): Buffer {
  return b && b.length > 0 ? Buffer.from(b) : EMPTY;
}

export function header(h: IResponseHeader | null | undefined): ResponseHeader {
  return { revision: int64(h?.revision, 'header.revision') };
}

export function keyValue(kv: IKeyValue): KeyValue {
  return {
    key: bytes(kv.key),
    createRevision: int64(kv.create_revision, 'create_revision'),
    modRevision: int64(kv.mod_revision, 'mod_revision'),
    version: int64(kv.version, 'version'),
    value: bytes(kv.value),
    lease: leaseId(kv.lease),
  };
}

function optionalEnd(rangeEnd: BytesLike | undefined): { range_end?: Buffer } {
  return rangeEnd === undefined ? {} : { range_end: toBuffer(rangeEnd) };
}

export function rangeRequest(key: BytesLike, o: RangeOptions): IRangeRequest {
  return {
    key: toBuffer(key),
    ...optionalEnd(o.rangeEnd),
    // etcd reads revision ≤ 0 as "newest"; send 0 so a negative value cannot mean anything else.
    revision: o.revision && o.revision > 0 ? o.revision : 0,
    limit: o.limit && o.limit > 0 ? o.limit : 0,
    keys_only: o.keysOnly ?? false,
    count_only: o.countOnly ?? false,
  };
}

export function rangeResponse(r: IRangeResponse): RangeResponse {
  return {
    header: header(r.header),
    kvs: (r.kvs ?? []).map(keyValue),
    count: int64(r.count, 'count'),
    more: r.more ?? false,
  };
}

export function putRequest(key: BytesLike, value: BytesLike, o: PutOptions): IPutRequest {
  return {
    key: toBuffer(key),
    value: toBuffer(value),
    lease: checkLeaseId(o.lease ?? 0),
    prev_kv: o.prevKv ?? false,
  };
}

export function putResponse(r: IPutResponse): PutResponse {
  // etcd leaves prev_kv out when the key did not exist (or prevKv was not asked for).
  return r.prev_kv ? { header: header(r.header), prevKv: keyValue(r.prev_kv) } : { header: header(r.header) };
}

export function deleteRangeRequest(key: BytesLike, o: DeleteRangeOptions): IDeleteRangeRequest {
  return { key: toBuffer(key), ...optionalEnd(o.rangeEnd), prev_kv: o.prevKv ?? false };
}

export function deleteRangeResponse(r: IDeleteRangeResponse): DeleteRangeResponse {
  return {
    header: header(r.header),
    deleted: int64(r.deleted, 'deleted'),
    prevKvs: (r.prev_kvs ?? []).map(keyValue),
  };
}

// Enum numbers of etcdserverpb.Compare (rpc.proto); the etcd3 client's copy renames the
// values (Equal, Mod, ...) but the numbers on the wire are etcd's.
const TARGET: Record<CompareTarget, number> = { version: 0, createRevision: 1, modRevision: 2, value: 3, lease: 4 };
const RESULT: Record<CompareResult, number> = { '=': 0, '>': 1, '<': 2, '!=': 3 };
const TARGET_FIELD = {
  version: 'version',
  createRevision: 'create_revision',
  modRevision: 'mod_revision',
  lease: 'lease',
} as const;

export function compare(c: Compare): ICompare {
  const base: ICompare = {
    key: toBuffer(c.key),
    ...optionalEnd(c.rangeEnd),
    target: TARGET[c.target] as ICompare['target'],
    result: RESULT[c.result] as ICompare['result'],
  };
  if (c.target === 'value') {
    // As the engine does: a number compared with a value is compared as its decimal text.
    return { ...base, value: toBuffer(typeof c.value === 'number' ? String(c.value) : c.value) };
  }
  const n = typeof c.value === 'number' ? c.value : Number(typeof c.value === 'string' ? c.value : toBuffer(c.value).toString());
  if (!Number.isSafeInteger(n)) {
    throw new StoreError('InvalidCompare', `kubelab: txn compare of ${c.target} needs an integer, got ${String(c.value)}`);
  }
  return { ...base, [TARGET_FIELD[c.target]]: n };
}

export function requestOp(op: RequestOp): IRequestOp {
  if ('range' in op) return { request_range: rangeRequest(op.range.key, op.range) };
  if ('put' in op) return { request_put: putRequest(op.put.key, op.put.value, op.put) };
  return { request_delete_range: deleteRangeRequest(op.deleteRange.key, op.deleteRange) };
}

export function responseOp(r: IResponseOp): ResponseOp {
  if (r.response_range) return { range: rangeResponse(r.response_range) };
  if (r.response_put) return { put: putResponse(r.response_put) };
  if (r.response_delete_range) return { deleteRange: deleteRangeResponse(r.response_delete_range) };
  // A nested txn: our TxnRequest cannot ask for one, so etcd cannot answer with one.
  throw new StoreError('EtcdError', 'kubelab: etcd answered a txn with a response kubelab did not ask for');
}
