/**
 * Reads: get, list and watch, with the resourceVersion semantics of the Kubernetes API
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions):
 *
 *   list  rv unset → the newest state (consistent read); "0" → any state, we serve the newest;
 *         rv=N + resourceVersionMatch=Exact → the state at N (410 when compacted);
 *         rv=N otherwise → not older than N.
 *   watch rv unset or "0" → synthetic ADDED for everything, then changes;
 *         rv=N → the changes after N (410 Expired when N is compacted).
 *
 * Label and field selectors filter both; in a watch, an object that stops matching is
 * reported DELETED and one that starts matching ADDED, as the watch cache does upstream.
 */
import {
  type FieldSelector,
  type KubeList,
  type KubeObject,
  type Selector,
  apiVersionOfResource,
  badRequest,
  notFound,
  statusError,
} from '@kubelab/core';
import { ErrCompacted, ErrFutureRev } from '../../store/errors.js';
import { type StoreWatchEvent, tooOld } from '../storage/object-store.js';
import type { RequestContext, Resource } from './resource.js';

export interface ReadOptions {
  labelSelector?: Selector;
  fieldSelector?: FieldSelector;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continueToken?: string;
}

export async function getObject(res: Resource, ctx: RequestContext, name: string): Promise<KubeObject> {
  const ns = res.rt.namespaced ? ctx.namespace : undefined;
  const found = await res.store.get(ns, name);
  if (!found) throw notFound(res.rt, name);
  return found.object;
}

/** A predicate for the selectors; throws 400 for a field the kind cannot select on. */
export function matcher(res: Resource, options: ReadOptions): ((o: KubeObject) => boolean) | undefined {
  const { labelSelector, fieldSelector } = options;
  if (fieldSelector) {
    for (const r of fieldSelector.requirements) {
      if (!res.strategy.fields.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    }
  }
  const hasLabels = labelSelector && !labelSelector.empty;
  const hasFields = fieldSelector && !fieldSelector.empty;
  if (!hasLabels && !hasFields) return undefined;
  return (o) => {
    if (hasLabels && !labelSelector.matches(o.metadata?.labels)) return false;
    if (hasFields && !fieldSelector.matches((f) => res.strategy.fields.get(f)!(o))) return false;
    return true;
  };
}

export async function listObjects(res: Resource, ctx: RequestContext, options: ReadOptions): Promise<KubeList> {
  const { rt, store } = res;
  const ns = rt.namespaced ? ctx.namespace : undefined;
  const filter = matcher(res, options);
  const rv = parseResourceVersion(options.resourceVersion);
  let revision = 0;
  if (options.resourceVersionMatch === 'Exact') {
    if (!rv) throw badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
    revision = rv;
  } else if (options.resourceVersionMatch && options.resourceVersionMatch !== 'NotOlderThan') {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${options.resourceVersionMatch}"`);
  }
  let result;
  try {
    result = await store.list(ns, {
      revision,
      limit: options.limit,
      continueToken: options.continueToken,
      filter,
    });
  } catch (err) {
    if (err instanceof ErrCompacted) throw statusError(410, 'Expired', 'The resourceVersion for the provided list is too old.');
    if (err instanceof ErrFutureRev) throw tooLarge(rv);
    if ((err as { badContinue?: boolean }).badContinue) throw badRequest('continue key is not valid');
    throw err;
  }
  if (rv && !revision && rv > result.revision) throw tooLarge(rv);
  const list: KubeList = {
    apiVersion: apiVersionOfResource(rt),
    kind: `${rt.kind}List`,
    metadata: { resourceVersion: String(result.revision) },
    items: result.items,
  };
  if (result.continueToken) list.metadata.continue = result.continueToken;
  if (result.remainingItemCount !== undefined) list.metadata.remainingItemCount = result.remainingItemCount;
  return list;
}

function tooLarge(rv: number) {
  return statusError(504, 'Timeout', `Too large resource version: ${rv}, current: ${rv - 1}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

export function parseResourceVersion(rv: string | undefined): number {
  if (rv === undefined || rv === '' || rv === '0') return 0;
  const n = Number(rv);
  if (!Number.isSafeInteger(n) || n < 0) throw badRequest(`invalid resource version: "${rv}"`);
  return n;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ApiWatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ApiWatch {
  events: AsyncIterable<ApiWatchEvent>;
  /** Ask for a BOOKMARK as soon as everything so far has been sent. */
  requestBookmark(): void;
  stop(): void;
}

export async function watchObjects(res: Resource, ctx: RequestContext, options: ReadOptions & { sendInitialEvents?: boolean }): Promise<ApiWatch> {
  const { rt, store } = res;
  const ns = rt.namespaced ? ctx.namespace : undefined;
  const filter = matcher(res, options) ?? (() => true);
  const rv = parseResourceVersion(options.resourceVersion);
  let initial: KubeObject[] = [];
  let from = rv;
  if (!rv || options.sendInitialEvents) {
    const listed = await store.list(ns, { filter, revision: 0 });
    initial = listed.items;
    from = listed.revision;
  }
  const w = await store.watch(ns, from);
  let bookmarkAt = 0;
  const bookmarkKind = { kind: rt.kind, apiVersion: apiVersionOfResource(rt) };
  async function* stream(): AsyncGenerator<ApiWatchEvent> {
    for (const o of initial) yield { type: 'ADDED', object: o };
    if (options.sendInitialEvents) {
      yield {
        type: 'BOOKMARK',
        object: {
          ...bookmarkKind,
          metadata: { resourceVersion: String(from), annotations: { 'k8s.io/initial-events-end': 'true' } },
        },
      };
    }
    try {
      for await (const ev of w.events) {
        if ('bookmark' in ev) {
          bookmarkAt = ev.revision;
          yield { type: 'BOOKMARK', object: { ...bookmarkKind, metadata: { resourceVersion: String(bookmarkAt) } } };
          continue;
        }
        const out = filterEvent(ev, filter);
        if (out) yield out;
      }
    } catch (err) {
      if ((err as { status?: unknown }).status) {
        yield { type: 'ERROR', object: (err as { status: KubeObject }).status };
        return;
      }
      throw err;
    }
  }
  return {
    events: stream(),
    requestBookmark: () => w.watch.requestProgress(),
    stop: () => w.watch.cancel(),
  };
}

/** The watch cache's selector semantics for one event. */
function filterEvent(ev: StoreWatchEvent, match: (o: KubeObject) => boolean): ApiWatchEvent | undefined {
  switch (ev.type) {
    case 'ADDED':
      return match(ev.object) ? { type: 'ADDED', object: ev.object } : undefined;
    case 'DELETED':
      return match(ev.previous ?? ev.object) ? { type: 'DELETED', object: ev.object } : undefined;
    case 'MODIFIED': {
      const now = match(ev.object);
      const before = ev.previous ? match(ev.previous) : now;
      if (now && before) return { type: 'MODIFIED', object: ev.object };
      if (now) return { type: 'ADDED', object: ev.object };
      if (before) return { type: 'DELETED', object: ev.object };
      return undefined;
    }
  }
}

export { tooOld };
