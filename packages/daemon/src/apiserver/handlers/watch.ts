/**
 * A watch: newline-delimited JSON events (`{"type":"ADDED","object":{…}}`) on a chunked
 * response, as kube-apiserver streams them. Objects are converted per the Accept header
 * (kubectl get -w asks for Tables). BOOKMARK events are sent about once a minute to clients
 * that allow them; `timeoutSeconds` ends the watch; a watch from a compacted
 * resourceVersion gets one ERROR event carrying a 410 Expired Status.
 */
import type { KubeObject } from '@kubelab/core';
import type { StreamResponse } from '../api-request.js';
import { negotiate } from '../negotiation.js';
import { includeObjectPolicy, partialMetadata, toTable } from '../printing.js';
import { type ApiWatchEvent, watchObjects } from '../rest/read.js';
import { type HandlerInput, readOptions } from './request.js';

export interface WatchSettings {
  bookmarkIntervalMs: number;
}

export async function handleWatch(input: HandlerInput, settings: WatchSettings): Promise<StreamResponse> {
  const { query, ctx, res } = input;
  const options = { ...readOptions(query), sendInitialEvents: query.get('sendInitialEvents') === 'true' };
  const watch = await watchObjects(res, ctx, options);
  const representation = negotiate(input.req.headers['accept']);
  const include = includeObjectPolicy(query);
  const timers: Array<{ clear(): void }> = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const t of timers) t.clear();
    watch.stop();
  };
  if (query.get('allowWatchBookmarks') === 'true') {
    timers.push(ctx.clock.setInterval(() => watch.requestBookmark(), settings.bookmarkIntervalMs).unref());
  }
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  if (timeout > 0) timers.push(ctx.clock.setTimeout(close, timeout * 1000).unref());
  let first = true;
  const convert = (ev: ApiWatchEvent): KubeObject => {
    if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') return ev.object;
    if (representation === 'table') {
      const t = toTable(res.rt, [ev.object], { resourceVersion: ev.object.metadata?.resourceVersion }, {
        includeObject: include,
        now: ctx.clock.now(),
        noHeaders: !first,
      });
      first = false;
      return t;
    }
    if (representation === 'metadata') return partialMetadata(ev.object);
    return ev.object;
  };
  async function* lines(): AsyncGenerator<string> {
    try {
      for await (const ev of watch.events) {
        if (closed) break;
        yield `${JSON.stringify({ type: ev.type, object: convert(ev) })}\n`;
        if (ev.type === 'ERROR') break;
      }
    } finally {
      close();
    }
  }
  return { status: 200, contentType: 'application/json', stream: lines(), close };
}
