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
import { currentRevision } from '../cacher/watch-cache.js';
import { tooOld } from '../storage/object-store.js';
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
  const list: KubeList = { apiVersion: apiVersionOfResource(rt), kind: `${rt.kind}List`, metadata: {}, items: [] };
  // Unpaged lists (and any list at resourceVersion "0", whose limit upstream ignores) come from
  // the watch cache; pages and exact revisions from the store, as kube-apiserver does.
  if (!options.continueToken && !revision && (!options.limit || options.resourceVersion === '0')) {
    const { items, revision: at } = await startCacheRead(res, options.resourceVersion, ns);
    list.items = filter ? items.filter(filter) : items;
    list.metadata.resourceVersion = String(at);
    return list;
  }
  let result;
  try {
    result = await store.list(ns, { revision, limit: options.limit, continueToken: options.continueToken, filter });
  } catch (err) {
    if (err instanceof ErrCompacted) throw statusError(410, 'Expired', 'The resourceVersion for the provided list is too old.');
    if (err instanceof ErrFutureRev) throw tooLarge(rv);
    if ((err as { badContinue?: boolean }).badContinue) throw badRequest('continue key is not valid');
    throw err;
  }
  if (rv && !revision && rv > result.revision) throw tooLarge(rv);
  list.items = result.items;
  list.metadata.resourceVersion = String(result.revision);
  if (result.continueToken) list.metadata.continue = result.continueToken;
  if (result.remainingItemCount !== undefined) list.metadata.remainingItemCount = result.remainingItemCount;
  return list;
}

/**
 * The cache's objects (one namespace or all) once it is fresh enough: for resourceVersion
 * unset, up to the store's current revision (a consistent read); for "0", whatever it has;
 * for N, at least N. Objects are frozen and shared: serialize, never change.
 */
export async function startCacheRead(
  res: Resource,
  resourceVersion: string | undefined,
  namespace: string | undefined,
): Promise<{ items: KubeObject[]; revision: number }> {
  const rv = parseResourceVersion(resourceVersion);
  if (resourceVersion === '0') await res.cache.ready();
  else {
    const current = await currentRevision(res.store.backend);
    if (rv > current) throw tooLarge(rv);
    await res.cache.waitFor(rv || current);
  }
  return { items: res.cache.list(namespace), revision: res.cache.revision };
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

export { tooOld };
