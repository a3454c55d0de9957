/**
 * A small typed client for every resource in the registry, over any Transport — the dynamic
 * client and metadata client of client-go rolled into one: the ResourceType says where an
 * object lives (group, version, plural, scope), the options say how to read or write it.
 * Any answer outside 2xx becomes a StatusError carrying the server's Status, so callers test
 * `err.code === 404` exactly as they would test errors.IsNotFound upstream.
 */
import type { DeleteOptions, KubeList, KubeObject, Preconditions, PropagationPolicy } from '../api/meta.js';
import { type ResourceType, apiVersionOfResource } from '../api/registry.js';
import { type Status, StatusError, statusError } from '../api/status.js';
import type { FieldSelector } from '../fields/selector.js';
import type { Selector } from '../labels/selector.js';
import type { RawWatch, RawWatchEvent, Transport } from './transport.js';
import { statusErrorFromResponse } from './transport.js';

/** Accept headers of the metadata-only representations (what client-go's metadata client sends). */
export const ACCEPT_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
export const ACCEPT_METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export interface GetOptions {
  namespace?: string;
  /** Ask for PartialObjectMetadata: the object's metadata only (the garbage collector's view). */
  metadataOnly?: boolean;
}

export interface ListOptions {
  /** Unset for a namespaced resource: every namespace. */
  namespace?: string;
  labelSelector?: string | Selector;
  fieldSelector?: string | FieldSelector;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  limit?: number;
  continue?: string;
  metadataOnly?: boolean;
}

export interface WatchOptions extends Omit<ListOptions, 'limit' | 'continue' | 'resourceVersionMatch'> {
  allowWatchBookmarks?: boolean;
  /** The server ends the watch after this long (client-go's reflector picks 5–10 minutes). */
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
}

export interface WriteOptions {
  namespace?: string;
  dryRun?: boolean;
  fieldManager?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  subresource?: string;
  /** Server-side apply: take over conflicting fields. */
  force?: boolean;
}

export interface DeleteRequestOptions {
  namespace?: string;
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
  dryRun?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

/** An open watch: iterate for events; close() stops it. */
export interface Watch<T extends KubeObject = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  close(): void;
}

export class KubeClient {
  constructor(readonly transport: Transport) {}

  async get<T extends KubeObject = KubeObject>(rt: ResourceType, name: string, options: GetOptions = {}): Promise<T> {
    const path = resourcePath(rt, { namespace: requireNamespace(rt, options.namespace, 'get'), name });
    return this.send<T>('GET', path, { accept: options.metadataOnly ? ACCEPT_METADATA : undefined });
  }

  async list<T extends KubeObject = KubeObject>(rt: ResourceType, options: ListOptions = {}): Promise<KubeList<T>> {
    const query = new URLSearchParams();
    selectorParams(query, options);
    if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
    if (options.resourceVersionMatch) query.set('resourceVersionMatch', options.resourceVersionMatch);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.continue) query.set('continue', options.continue);
    const path = resourcePath(rt, { namespace: options.namespace }) + queryString(query);
    return this.send<KubeList<T>>('GET', path, { accept: options.metadataOnly ? ACCEPT_METADATA_LIST : undefined });
  }

  async create<T extends KubeObject = KubeObject>(rt: ResourceType, obj: T, options: WriteOptions = {}): Promise<T> {
    const namespace = requireNamespace(rt, options.namespace ?? obj.metadata?.namespace, 'create');
    const path = resourcePath(rt, { namespace }) + writeQuery(options);
    return this.send<T>('POST', path, { body: JSON.stringify(withTypeMeta(rt, obj)) });
  }

  /** PUT of the whole object; its metadata.resourceVersion, when set, must still be current. */
  async update<T extends KubeObject = KubeObject>(rt: ResourceType, obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(rt, obj, undefined, options) as Promise<T>;
  }

  /** PUT to the status subresource: only status changes. */
  async updateStatus<T extends KubeObject = KubeObject>(rt: ResourceType, obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(rt, obj, 'status', options) as Promise<T>;
  }

  /** PUT to another subresource (namespaces/finalize, deployments/scale). */
  async updateSubresource<T extends KubeObject = KubeObject>(
    rt: ResourceType,
    obj: KubeObject,
    subresource: string,
    options: WriteOptions = {},
  ): Promise<T> {
    return this.put(rt, obj, subresource, options) as Promise<T>;
  }

  async patch<T extends KubeObject = KubeObject>(
    rt: ResourceType,
    name: string,
    type: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    const namespace = requireNamespace(rt, options.namespace, 'patch');
    const query = writeQueryParams(options);
    if (options.force) query.set('force', 'true');
    const path = resourcePath(rt, { namespace, name, subresource: options.subresource }) + queryString(query);
    const body = typeof patch === 'string' ? patch : JSON.stringify(patch);
    return this.send<T>('PATCH', path, { body, contentType: PATCH_CONTENT_TYPES[type] });
  }

  /**
   * DELETE: resolves with the object while its deletion is pending (finalizers, graceful
   * pods) and with the Success Status once it is gone, as the server answers.
   */
  async delete(rt: ResourceType, name: string, options: DeleteRequestOptions = {}): Promise<KubeObject | Status> {
    const namespace = requireNamespace(rt, options.namespace, 'delete');
    return this.send('DELETE', resourcePath(rt, { namespace, name }), { body: JSON.stringify(deleteBody(options)) });
  }

  async deleteCollection(rt: ResourceType, options: DeleteRequestOptions & Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {}): Promise<KubeList> {
    const query = new URLSearchParams();
    selectorParams(query, options);
    const path = resourcePath(rt, { namespace: options.namespace }) + queryString(query);
    return this.send<KubeList>('DELETE', path, { body: JSON.stringify(deleteBody(options)) });
  }

  /**
   * Opens a watch. Rejects with a StatusError when the server refuses (410 Expired: the
   * resourceVersion is compacted — relist); a 410 arriving later comes as an ERROR event.
   */
  async watch<T extends KubeObject = KubeObject>(rt: ResourceType, options: WatchOptions = {}): Promise<Watch<T>> {
    const query = new URLSearchParams({ watch: 'true' });
    selectorParams(query, options);
    if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
    if (options.allowWatchBookmarks) query.set('allowWatchBookmarks', 'true');
    if (options.timeoutSeconds !== undefined) query.set('timeoutSeconds', String(options.timeoutSeconds));
    if (options.sendInitialEvents) query.set('sendInitialEvents', 'true');
    const path = resourcePath(rt, { namespace: options.namespace }) + queryString(query);
    const raw = await this.transport.watch(path, { accept: options.metadataOnly ? ACCEPT_METADATA : undefined });
    return typedWatch<T>(raw);
  }

  private async put(rt: ResourceType, obj: KubeObject, subresource: string | undefined, options: WriteOptions): Promise<KubeObject> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`update of ${rt.plural}: metadata.name is required`);
    const namespace = requireNamespace(rt, options.namespace ?? obj.metadata?.namespace, 'update');
    const path = resourcePath(rt, { namespace, name, subresource }) + writeQuery(options);
    return this.send('PUT', path, { body: JSON.stringify(withTypeMeta(rt, obj)) });
  }

  private async send<T>(method: string, path: string, options: { body?: string; contentType?: string; accept?: string | undefined }): Promise<T> {
    const res = await this.transport.request(method, path, {
      body: options.body,
      contentType: options.contentType,
      accept: options.accept,
    });
    if (res.status < 200 || res.status > 299) throw statusErrorFromResponse(res.status, res.body);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw statusError(500, 'InternalError', `${method} ${path}: the server answered with a body that is not JSON`);
    }
  }
}

/**
 * The REST path of a resource: "/api/v1/namespaces/ns/pods/name/status",
 * "/apis/apps/v1/deployments" (all namespaces), "/api/v1/namespaces/name/finalize".
 */
export function resourcePath(rt: ResourceType, at: { namespace?: string | undefined; name?: string; subresource?: string | undefined } = {}): string {
  let path = rt.group ? `/apis/${rt.group}/${rt.version}` : `/api/${rt.version}`;
  if (rt.namespaced && at.namespace) path += `/namespaces/${encodeURIComponent(at.namespace)}`;
  path += `/${rt.plural}`;
  if (at.name !== undefined) path += `/${encodeURIComponent(at.name)}`;
  if (at.subresource) path += `/${at.subresource}`;
  return path;
}

/** True for a StatusError with this HTTP code (errors.IsNotFound and friends). */
export function isStatus(err: unknown, code: number): err is StatusError {
  return err instanceof StatusError && err.code === code;
}

function requireNamespace(rt: ResourceType, namespace: string | undefined, verb: string): string | undefined {
  if (!rt.namespaced) return undefined;
  if (!namespace) throw new Error(`${verb} of ${rt.plural}: a namespace is required`);
  return namespace;
}

function withTypeMeta(rt: ResourceType, obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOfResource(rt), kind: obj.kind ?? rt.kind };
}

function selectorParams(query: URLSearchParams, options: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): void {
  const ls = options.labelSelector?.toString();
  if (ls) query.set('labelSelector', ls);
  const fs = options.fieldSelector?.toString();
  if (fs) query.set('fieldSelector', fs);
}

function writeQueryParams(options: WriteOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.dryRun) query.set('dryRun', 'All');
  if (options.fieldManager) query.set('fieldManager', options.fieldManager);
  return query;
}

function writeQuery(options: WriteOptions): string {
  return queryString(writeQueryParams(options));
}

function queryString(query: URLSearchParams): string {
  const s = query.toString();
  return s ? `?${s}` : '';
}

function deleteBody(options: DeleteRequestOptions): DeleteOptions {
  const body: DeleteOptions = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.preconditions) body.preconditions = options.preconditions;
  if (options.dryRun) body.dryRun = ['All'];
  return body;
}

function typedWatch<T extends KubeObject>(raw: RawWatch): Watch<T> {
  return {
    close: () => raw.close(),
    // A plain iterator rather than an async generator: a watch delivers every event of its
    // resource, and each generator step costs several promise turns more.
    [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
      const events = raw[Symbol.asyncIterator]();
      let finished = false;
      const finish = (): IteratorReturnResult<undefined> => {
        if (!finished) {
          finished = true;
          raw.close();
        }
        return { done: true, value: undefined };
      };
      return {
        next: async (): Promise<IteratorResult<WatchEvent<T>>> => {
          if (finished) return { done: true, value: undefined };
          for (;;) {
            let r: IteratorResult<RawWatchEvent>;
            try {
              r = await events.next();
            } catch (err) {
              finish();
              throw err;
            }
            if (r.done) return finish();
            const ev = r.value;
            if (ev.type === 'ERROR') return { done: false, value: { type: 'ERROR', object: ev.object as Status } };
            if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED' || ev.type === 'BOOKMARK') {
              return { done: false, value: { type: ev.type, object: ev.object as T } };
            }
          }
        },
        return: async (): Promise<IteratorResult<WatchEvent<T>>> => finish(),
      };
    },
  };
}
