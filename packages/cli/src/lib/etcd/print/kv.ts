/**
 * etcdctl 3.4's output for get, put, del and watch (etcdctl/ctlv3/command/printer_simple.go,
 * printer_json.go), byte for byte:
 *
 *   get (simple)        get --print-value-only   put       del    watch (simple)
 *   /registry/a         {"kind":…}               OK        2      PUT
 *   {"kind":…}                                                     /registry/a
 *                                                                  {"kind":…}
 *
 *   get -w json: {"header":{"cluster_id":…,"member_id":…,"revision":9,"raft_term":2},
 *                 "kvs":[{"key":"L2E=","create_revision":2,"mod_revision":2,"version":1,"value":"MQ=="}],"count":1}
 *   watch -w json: {"Header":{…},"Events":[{"kv":{…}}],"CompactRevision":0,"Canceled":false,"Created":false}
 *
 * Simple output is bytes: keys and values are printed as stored, whatever their encoding.
 * JSON leaves out zero fields as Go's omitempty does (a PUT event has no "type", a deleted
 * key's kv only its key and mod_revision, a keys-only kv no value).
 */
import type { DeleteResult, PutResult, RangeResult } from '../kv.js';
import type { Header, KeyValue } from '../types.js';
import type { WatchEvent, WatchMessage } from '../watch.js';
import { type GoValue, goJson, omitZero, uint64 } from './go-json.js';

const NL = Buffer.from('\n');

/** etcdctl's printKV: the key line (unless value-only), then the value line. */
function kvLines(kv: KeyValue, valueOnly = false): Buffer[] {
  return valueOnly ? [kv.value, NL] : [kv.key, NL, kv.value, NL];
}

export function jsonHeader(h: Header): GoValue {
  return {
    cluster_id: omitZero(uint64(h.clusterId)),
    member_id: omitZero(uint64(h.memberId)),
    revision: omitZero(h.revision),
    raft_term: omitZero(h.raftTerm),
  };
}

function jsonKv(kv: KeyValue): GoValue {
  return {
    key: kv.key.length ? kv.key.toString('base64') : undefined,
    create_revision: omitZero(kv.createRevision),
    mod_revision: omitZero(kv.modRevision),
    version: omitZero(kv.version),
    value: kv.value.length ? kv.value.toString('base64') : undefined,
    lease: omitZero(kv.lease),
  };
}

const line = (v: GoValue) => Buffer.from(`${goJson(v)}\n`);

export function formatGet(r: RangeResult, format: 'simple' | 'json', options: { printValueOnly?: boolean } = {}): Buffer {
  if (format === 'json') {
    return line({
      header: jsonHeader(r.header),
      kvs: r.kvs.length ? r.kvs.map(jsonKv) : undefined,
      more: omitZero(r.more),
      count: omitZero(r.count),
    });
  }
  return Buffer.concat(r.kvs.flatMap((kv) => kvLines(kv, options.printValueOnly)));
}

export function formatPut(r: PutResult, format: 'simple' | 'json'): Buffer {
  if (format === 'json') return line({ header: jsonHeader(r.header), prev_kv: r.prevKv ? jsonKv(r.prevKv) : undefined });
  return Buffer.concat([Buffer.from('OK\n'), ...(r.prevKv ? kvLines(r.prevKv) : [])]);
}

export function formatDelete(r: DeleteResult, format: 'simple' | 'json'): Buffer {
  if (format === 'json') {
    return line({ header: jsonHeader(r.header), deleted: omitZero(r.deleted), prev_kvs: r.prevKvs.length ? r.prevKvs.map(jsonKv) : undefined });
  }
  return Buffer.concat([Buffer.from(`${r.deleted}\n`), ...r.prevKvs.flatMap((kv) => kvLines(kv))]);
}

/** One watch response; a cancelled watch prints nothing in simple form (its reason goes to stderr). */
export function formatWatch(m: WatchMessage, format: 'simple' | 'json'): Buffer {
  if (format === 'json') {
    return line({
      Header: jsonHeader(m.header),
      Events: m.kind === 'events' ? m.events.map(jsonEvent) : [],
      CompactRevision: m.kind === 'canceled' ? m.compactRevision : 0,
      Canceled: m.kind === 'canceled',
      Created: false,
    });
  }
  if (m.kind === 'canceled') return Buffer.alloc(0);
  return Buffer.concat(m.events.flatMap((e) => [Buffer.from(`${e.type}\n`), ...(e.prevKv ? kvLines(e.prevKv) : []), ...kvLines(e.kv)]));
}

/** mvccpb.Event: type 0 (PUT) is omitted, DELETE is 1. */
function jsonEvent(e: WatchEvent): GoValue {
  return { type: e.type === 'DELETE' ? 1 : undefined, kv: jsonKv(e.kv), prev_kv: e.prevKv ? jsonKv(e.prevKv) : undefined };
}
