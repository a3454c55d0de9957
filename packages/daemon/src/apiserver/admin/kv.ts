/**
 * The key-value endpoints: etcd's KV service (Range, Put, DeleteRange, Compact) over the
 * Backend, one JSON request and response each. The client computes range ends (a prefix's
 * end, "\0" for "from key"), as etcdctl does before it calls etcd.
 */
import type { Backend } from '../../store/backend.js';
import { type Identity, BadRequest, boolField, bytesField, intField, wireHeader, wireKv } from './wire.js';

type Body = Record<string, unknown>;

function requiredKey(body: Body): Buffer {
  const key = bytesField(body, 'key');
  if (key === undefined) throw new BadRequest('key: required');
  return key;
}

export async function range(backend: Backend, id: Identity, body: Body): Promise<unknown> {
  const r = await backend.range(requiredKey(body), {
    rangeEnd: bytesField(body, 'range_end'),
    revision: intField(body, 'revision'),
    limit: intField(body, 'limit'),
    keysOnly: boolField(body, 'keys_only'),
    countOnly: boolField(body, 'count_only'),
  });
  return { header: wireHeader(id, r.header), kvs: r.kvs.map(wireKv), count: r.count, more: r.more };
}

export async function put(backend: Backend, id: Identity, body: Body): Promise<unknown> {
  const value = bytesField(body, 'value');
  if (value === undefined) throw new BadRequest('value: required');
  const r = await backend.put(requiredKey(body), value, { prevKv: boolField(body, 'prev_kv') });
  return { header: wireHeader(id, r.header), ...(r.prevKv ? { prev_kv: wireKv(r.prevKv) } : {}) };
}

export async function deleteRange(backend: Backend, id: Identity, body: Body): Promise<unknown> {
  const r = await backend.deleteRange(requiredKey(body), {
    rangeEnd: bytesField(body, 'range_end'),
    prevKv: boolField(body, 'prev_kv'),
  });
  return { header: wireHeader(id, r.header), deleted: r.deleted, prev_kvs: r.prevKvs.map(wireKv) };
}

export async function compaction(backend: Backend, id: Identity, body: Body): Promise<unknown> {
  const revision = intField(body, 'revision');
  if (revision === undefined) throw new BadRequest('revision: required');
  const r = await backend.compact(revision);
  return { header: wireHeader(id, r.header) };
}
