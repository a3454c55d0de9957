/**
 * The etcd admin API's JSON from the daemon's side: the store's answers in the wire shapes
 * shared with the CLI (@kubelab/core/etcd/admin-wire), and the checks on request bodies.
 */
import { Buffer } from 'node:buffer';
import type { WireEvent, WireHeader, WireKeyValue } from '@kubelab/core/etcd/admin-wire';
import type { KeyValue, ResponseHeader, WatchEvent } from '../../store/backend.js';

/** The store has no Raft: one member that has always been leader, in its first term. */
export const RAFT_TERM = 1;

export interface Identity {
  clusterId: string;
  memberId: string;
}

export function wireHeader(id: Identity, header: ResponseHeader): WireHeader {
  return { cluster_id: id.clusterId, member_id: id.memberId, revision: header.revision, raft_term: RAFT_TERM };
}

export function wireKv(kv: KeyValue): WireKeyValue {
  return {
    key: kv.key.toString('base64'),
    create_revision: kv.createRevision,
    mod_revision: kv.modRevision,
    version: kv.version,
    value: kv.value.toString('base64'),
    lease: kv.lease,
  };
}

export function wireEvent(e: WatchEvent): WireEvent {
  return { type: e.type, kv: wireKv(e.kv), ...(e.prevKv ? { prev_kv: wireKv(e.prevKv) } : {}) };
}

/** A request body that is not what the endpoint takes: 400 with this message. */
export class BadRequest extends Error {}

/** The JSON object in a request body (an absent body is an empty object). */
export function bodyObject(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequest(`request body is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** A base64 field as bytes; undefined when absent. */
export function bytesField(body: Record<string, unknown>, name: string): Buffer | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new BadRequest(`${name}: must be base64-encoded bytes`);
  return Buffer.from(v, 'base64');
}

/** A whole-number field ≥ 0; undefined when absent. */
export function intField(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new BadRequest(`${name}: must be a whole number ≥ 0`);
  return v;
}

export function boolField(body: Record<string, unknown>, name: string): boolean {
  const v = body[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new BadRequest(`${name}: must be true or false`);
  return v;
}
