/**
 * `kubelab etcd get|put|del|compaction`: etcd's KV calls through the daemon's admin API, as
 * typed results the commands print.
 */
import type { AdminClient } from './admin-client.js';
import type { KeyRange } from './key-range.js';
import { type Header, type KeyValue, type WireHeader, type WireKeyValue, b64, header, keyValue } from './types.js';

export interface RangeResult {
  header: Header;
  kvs: KeyValue[];
  /** Keys in the range, regardless of limit. */
  count: number;
  more: boolean;
}

export interface GetOptions {
  /** ≤ 0: the newest. */
  revision?: number;
  /** ≤ 0: no limit. */
  limit?: number;
  keysOnly?: boolean;
}

export async function getRange(client: AdminClient, range: KeyRange, options: GetOptions = {}): Promise<RangeResult> {
  const r = await client.call<{ header: WireHeader; kvs: WireKeyValue[]; count: number; more: boolean }>('POST', 'kv/range', {
    key: b64(range.key),
    ...(range.rangeEnd ? { range_end: b64(range.rangeEnd) } : {}),
    ...(options.revision && options.revision > 0 ? { revision: options.revision } : {}),
    ...(options.limit && options.limit > 0 ? { limit: options.limit } : {}),
    keys_only: options.keysOnly === true,
  });
  return { header: header(r.header), kvs: r.kvs.map(keyValue), count: r.count, more: r.more };
}

export interface PutResult {
  header: Header;
  prevKv?: KeyValue;
}

export async function putKey(client: AdminClient, key: Buffer, value: Buffer, options: { prevKv?: boolean } = {}): Promise<PutResult> {
  const r = await client.call<{ header: WireHeader; prev_kv?: WireKeyValue }>('POST', 'kv/put', {
    key: b64(key),
    value: b64(value),
    prev_kv: options.prevKv === true,
  });
  return { header: header(r.header), ...(r.prev_kv ? { prevKv: keyValue(r.prev_kv) } : {}) };
}

export interface DeleteResult {
  header: Header;
  deleted: number;
  prevKvs: KeyValue[];
}

export async function deleteRange(client: AdminClient, range: KeyRange, options: { prevKv?: boolean } = {}): Promise<DeleteResult> {
  const r = await client.call<{ header: WireHeader; deleted: number; prev_kvs: WireKeyValue[] }>('POST', 'kv/deleterange', {
    key: b64(range.key),
    ...(range.rangeEnd ? { range_end: b64(range.rangeEnd) } : {}),
    prev_kv: options.prevKv === true,
  });
  return { header: header(r.header), deleted: r.deleted, prevKvs: r.prev_kvs.map(keyValue) };
}

export async function compact(client: AdminClient, revision: number): Promise<{ header: Header }> {
  const r = await client.call<{ header: WireHeader }>('POST', 'kv/compaction', { revision });
  return { header: header(r.header) };
}
