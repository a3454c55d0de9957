/**
 * `kubelab etcd watch`: a store watch through the daemon's admin API, as the stream of watch
 * responses etcdctl prints. The daemon answers one JSON line per response; the first says the
 * watch is registered, and a `canceled` line ends it (a compacted start revision).
 */
import type { IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import type { AdminClient } from './admin-client.js';
import { EtcdctlError } from './errors.js';
import type { KeyRange } from './key-range.js';
import { type Header, type KeyValue, type WireHeader, type WireKeyValue, b64, header, keyValue } from './types.js';

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

export type WatchMessage =
  | { kind: 'events'; header: Header; events: WatchEvent[] }
  | { kind: 'canceled'; header: Header; compactRevision: number; reason: string };

export interface WatchOptions {
  /** First revision to deliver; ≤ 0: the next one. */
  startRevision?: number;
  prevKv?: boolean;
}

interface WireLine {
  created?: boolean;
  canceled?: boolean;
  header?: WireHeader;
  events?: Array<{ type: 'PUT' | 'DELETE'; kv: WireKeyValue; prev_kv?: WireKeyValue }>;
  compact_revision?: number;
  cancel_reason?: string;
}

/**
 * Opens the watch and resolves once the daemon has registered it (or cancelled it): every
 * write after that reaches it. Iterate the result for its responses; it ends with the stream.
 */
export async function openWatch(client: AdminClient, range: KeyRange, options: WatchOptions = {}): Promise<{ messages: AsyncIterable<WatchMessage>; close(): void }> {
  const res = await client.open('POST', 'watch', {
    key: b64(range.key),
    ...(range.rangeEnd ? { range_end: b64(range.rangeEnd) } : {}),
    ...(options.startRevision && options.startRevision > 0 ? { start_revision: options.startRevision } : {}),
    prev_kv: options.prevKv === true,
  });
  const lines = createInterface({ input: res, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const pending: WatchMessage[] = [];
  if (!first.done) {
    const line = parse(first.value);
    if (!line.created) pending.push(message(line));
  }
  return {
    messages: messages(lines, pending, res),
    close: () => res.destroy(),
  };
}

async function* messages(lines: AsyncIterator<string>, pending: WatchMessage[], res: IncomingMessage): AsyncGenerator<WatchMessage> {
  yield* pending;
  for (;;) {
    const next = await lines.next();
    if (next.done) break;
    if (next.value.trim()) yield message(parse(next.value));
  }
  res.destroy();
}

function parse(text: string): WireLine {
  try {
    return JSON.parse(text) as WireLine;
  } catch {
    throw new EtcdctlError(`unexpected watch response from kubelab: ${text.slice(0, 200)}`);
  }
}

function message(line: WireLine): WatchMessage {
  const h = header(line.header ?? { cluster_id: '0', member_id: '0', revision: 0, raft_term: 0 });
  if (line.canceled) return { kind: 'canceled', header: h, compactRevision: line.compact_revision ?? 0, reason: line.cancel_reason ?? '' };
  const events = (line.events ?? []).map((e) => ({ type: e.type, kv: keyValue(e.kv), ...(e.prev_kv ? { prevKv: keyValue(e.prev_kv) } : {}) }));
  return { kind: 'events', header: h, events };
}
