/**
 * The watch endpoint: one store watch per request, streamed as JSON lines, the way etcd's
 * gateway streams `/v3/watch`. The first line says the watch is registered (`created`, with
 * the first revision it will deliver); each later line is one watch response — its events
 * share a revision and are never split. A watch whose history is compacted ends with a
 * `canceled` line carrying the compact revision and etcd's reason, as etcd cancels it.
 *
 *   {"created":true,"start_revision":12}
 *   {"header":{…,"revision":12},"events":[{"type":"PUT","kv":{"key":"L3cvYQ==",…}}]}
 *   {"header":{…},"canceled":true,"compact_revision":5,"cancel_reason":"etcdserver: mvcc: …"}
 */
import type { Backend, Watch } from '../../store/backend.js';
import { ErrCompacted } from '../../store/errors.js';
import type { StreamResponse } from '../api-request.js';
import { PushStream } from '../push-stream.js';
import { type Identity, BadRequest, boolField, bytesField, intField, wireEvent, wireHeader } from './wire.js';

export async function watch(backend: Backend, id: Identity, body: Record<string, unknown>): Promise<StreamResponse> {
  const key = bytesField(body, 'key');
  if (key === undefined) throw new BadRequest('key: required');
  const stream = new PushStream();
  const line = (v: unknown) => stream.push(`${JSON.stringify(v)}\n`);
  const cancel = (err: unknown) => {
    const compacted = err instanceof ErrCompacted ? { compact_revision: err.compactRevision } : {};
    line({ header: wireHeader(id, { revision: 0 }), canceled: true, ...compacted, cancel_reason: (err as Error).message });
    stream.end();
  };
  let w: Watch | undefined;
  try {
    w = await backend.watch(key, {
      rangeEnd: bytesField(body, 'range_end'),
      startRevision: intField(body, 'start_revision'),
      prevKv: boolField(body, 'prev_kv'),
    });
  } catch (err) {
    if (err instanceof BadRequest) throw err;
    cancel(err);
  }
  if (w) {
    line({ created: true, start_revision: w.startRevision });
    void pump(w, stream, id, cancel);
  }
  return {
    status: 200,
    contentType: 'application/json',
    stream,
    close: () => {
      w?.cancel();
      stream.end();
    },
  };
}

async function pump(w: Watch, stream: PushStream, id: Identity, cancel: (err: unknown) => void): Promise<void> {
  try {
    for await (const resp of w) {
      if (stream.isEnded) break;
      // Progress notifications (empty responses) are not asked for; skip any all the same.
      if (resp.events.length === 0) continue;
      stream.push(`${JSON.stringify({ header: wireHeader(id, resp.header), events: resp.events.map(wireEvent) })}\n`);
    }
    stream.end();
  } catch (err) {
    cancel(err);
  } finally {
    w.cancel();
  }
}
