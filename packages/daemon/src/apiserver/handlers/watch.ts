/**
 * A watch: newline-delimited JSON events (`{"type":"ADDED","object":{…}}`) on a chunked
 * response, as kube-apiserver streams them, served from the resource's watch cache. Objects
 * are encoded per the Accept header (kubectl get -w asks for Tables; the first event's table
 * carries the column definitions, later ones none). BOOKMARK events go about once a minute to
 * clients that allow them; `timeoutSeconds` ends the watch; a resourceVersion older than the
 * cache's window gets one ERROR event carrying a 410 Expired Status.
 */
import { type KubeObject, StatusError, apiVersionOfResource } from '@kubelab/core';
import type { StreamResponse } from '../api-request.js';
import { CacheWatcher, type WatchType } from '../cacher/cache-watcher.js';
import type { CachedEvent } from '../cacher/watch-cache.js';
import { type Chunk, SharedChunk } from '../push-stream.js';
import { negotiate } from '../negotiation.js';
import { includeObjectPolicy, partialMetadata, toTable } from '../printing.js';
import { matcher, parseResourceVersion, startCacheRead } from '../rest/read.js';
import { type HandlerInput, readOptions } from './request.js';

export interface WatchSettings {
  bookmarkIntervalMs: number;
}

export async function handleWatch(input: HandlerInput, settings: WatchSettings): Promise<StreamResponse> {
  const { query, ctx, res } = input;
  const options = readOptions(query);
  const filter = matcher(res, options);
  const rv = parseResourceVersion(options.resourceVersion);
  const sendInitialEvents = query.get('sendInitialEvents') === 'true';
  const representation = negotiate(input.req.headers['accept']);
  const include = includeObjectPolicy(query);
  const namespace = res.rt.namespaced ? ctx.namespace : undefined;
  const kindMeta = { kind: res.rt.kind, apiVersion: apiVersionOfResource(res.rt) };

  let headersSent = false;
  const encodeObject = (object: KubeObject): KubeObject => {
    if (representation === 'table') {
      const t = toTable(res.rt, [object], { resourceVersion: object.metadata?.resourceVersion }, {
        includeObject: include,
        now: ctx.clock.now(),
        noHeaders: headersSent,
      });
      headersSent = true;
      return t;
    }
    return representation === 'metadata' ? partialMetadata(object) : object;
  };
  // Tables carry the time (AGE) and per-watcher headers: not shared between watchers.
  // Others are encoded once per event and representation, and the bytes shared.
  const shareKeys = representation === 'table' ? undefined : sharedKeys(representation);
  const encode = (type: WatchType, object: KubeObject) => `${JSON.stringify({ type, object: encodeObject(object) })}\n`;
  const render = (type: WatchType, object: KubeObject, ev?: CachedEvent): Chunk => {
    if (!ev || !shareKeys) return encode(type, object);
    const key = shareKeys[type];
    let line = ev.encoded.get(key);
    if (line === undefined) {
      line = new SharedChunk(encode(type, object));
      ev.encoded.set(key, line);
    }
    return line;
  };
  const bookmark = (revision: number, annotations?: Record<string, string>) =>
    `${JSON.stringify({ type: 'BOOKMARK', object: { ...kindMeta, metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) } } })}\n`;

  const watcher = new CacheWatcher({
    namespace,
    filter,
    render,
    bookmark: query.get('allowWatchBookmarks') === 'true' ? (r) => bookmark(r) : undefined,
    bookmarkIntervalMs: settings.bookmarkIntervalMs,
    clock: ctx.clock,
  });
  const stream = watcher.stream;
  let unsubscribe = () => {};
  const timers: Array<{ clear(): void }> = [];
  const close = () => {
    for (const t of timers) t.clear();
    unsubscribe();
    stream.end();
  };
  try {
    let from = rv;
    if (!rv || sendInitialEvents) {
      // Start at the most recent state: synthetic ADDED events for what exists (upstream:
      // "Get State and Start at Most Recent"), a consistent read unless rv is "0".
      const { items, revision } = await startCacheRead(res, options.resourceVersion, namespace);
      for (const o of items) if (!filter || filter(o)) stream.push(render('ADDED', o));
      from = revision;
      if (sendInitialEvents) stream.push(bookmark(revision, { 'k8s.io/initial-events-end': 'true' }));
    }
    await res.cache.ready();
    unsubscribe = res.cache.subscribe(from, watcher);
  } catch (err) {
    if (!(err instanceof StatusError) || err.code !== 410) throw err;
    stream.push(`${JSON.stringify({ type: 'ERROR', object: err.status })}\n`);
    stream.end();
  }
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  if (timeout > 0) timers.push(ctx.clock.setTimeout(close, timeout * 1000).unref());
  return { status: 200, contentType: 'application/json', stream, close };
}

/** The keys an event's shared encodings are cached under, one per watch event type. */
function sharedKeys(representation: string): Record<WatchType, string> {
  return { ADDED: `${representation}:ADDED`, MODIFIED: `${representation}:MODIFIED`, DELETED: `${representation}:DELETED` };
}
