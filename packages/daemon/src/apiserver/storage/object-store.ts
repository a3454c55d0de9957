/**
 * Kubernetes objects over the etcd-semantics store, as kube-apiserver's etcd3 storage layer
 * keeps them (k8s.io/apiserver/pkg/storage/etcd3/store.go):
 *
 *   - one key per object, `/registry/<resource>/<namespace>/<name>`, holding its JSON;
 *   - `metadata.resourceVersion` is the key's mod revision, never stored in the value;
 *   - create is a txn guarded by "the key does not exist"; update and delete by "the key's
 *     mod revision is still the one we read" — optimistic concurrency;
 *   - a list is a prefix range at one revision, paged with continue tokens;
 *   - a watch is a store watch on the prefix: a put at a key's first revision is ADDED,
 *     later ones MODIFIED, a delete is DELETED carrying the object's last state.
 */
import { Buffer } from 'node:buffer';
import type { KubeObject, ResourceType } from '@kubelab/core';
import { gone, storageKey } from '@kubelab/core';
import type { Backend, Compare, KeyValue, RequestOp, Watch } from '../../store/backend.js';
import { ErrCompacted } from '../../store/errors.js';
import { prefixEnd } from '../../store/keys.js';
import type { LeaseManager } from './lease-manager.js';

export interface Stored {
  object: KubeObject;
  /** The mod revision the object was read at (its resourceVersion). */
  revision: number;
}

export interface ListOptions {
  /** Read at this revision (0: newest). */
  revision?: number;
  /** Page size (0: all). */
  limit?: number;
  continueToken?: string;
  /** Keep only objects this returns true for. */
  filter?: (o: KubeObject) => boolean;
}

export interface ListResult {
  items: KubeObject[];
  /** The revision the list is consistent at. */
  revision: number;
  continueToken?: string;
  remainingItemCount?: number;
}

/** Extra guards and writes a create must make atomically (e.g. claiming a ClusterIP). */
export interface TxnExtras {
  compare: Compare[];
  success: RequestOp[];
}

export type StoreWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Progress: every change up to revision has been delivered. */
export interface StoreBookmark {
  bookmark: true;
  revision: number;
}

export type StoreWatchItem = StoreWatchEvent | StoreBookmark;

export interface StoreWatchEvent {
  type: StoreWatchEventType;
  object: KubeObject;
  /** For MODIFIED and DELETED: the object before the change. */
  previous?: KubeObject;
  revision: number;
}

export class ObjectStore {
  /**
   * The revision of the newest object this store created (0: none since it opened). A
   * watch cache that has seen this revision holds every object this process created.
   */
  lastCreateRevision = 0;

  /**
   * @param ttl when set, objects expire this many seconds after their last write (Events).
   */
  constructor(
    readonly backend: Backend,
    readonly rt: ResourceType,
    private readonly ttl?: { seconds: number; leases: LeaseManager },
  ) {}

  private async lease(): Promise<number | undefined> {
    return this.ttl ? this.ttl.leases.leaseFor(this.ttl.seconds) : undefined;
  }

  key(namespace: string | undefined, name: string): string {
    return storageKey(this.rt, namespace, name);
  }

  prefix(namespace: string | undefined): string {
    return storageKey(this.rt, namespace);
  }

  async get(namespace: string | undefined, name: string): Promise<Stored | undefined> {
    const r = await this.backend.range(this.key(namespace, name));
    const kv = r.kvs[0];
    return kv ? { object: decode(kv), revision: kv.modRevision } : undefined;
  }

  async list(namespace: string | undefined, options: ListOptions = {}): Promise<ListResult> {
    const prefix = this.prefix(namespace);
    const end = prefixEnd(prefix);
    let revision = options.revision ?? 0;
    let start = prefix;
    if (options.continueToken) {
      const token = decodeContinue(options.continueToken);
      revision = token.rv;
      start = prefix + token.start;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const items: KubeObject[] = [];
    let lastKey: string | undefined;
    let more = false;
    // Fetch a page's worth of keys at a time; when a filter drops most of them, fetch more
    // per round (kube-apiserver's GetList grows its etcd limit the same way).
    let fetch = limit;
    outer: for (;;) {
      let r;
      try {
        r = await this.backend.range(start, { rangeEnd: end, revision, limit: fetch });
      } catch (err) {
        if (err instanceof ErrCompacted && options.continueToken) throw expiredContinue();
        throw err;
      }
      if (revision === 0) revision = r.header.revision;
      for (let i = 0; i < r.kvs.length; i++) {
        const kv = r.kvs[i]!;
        lastKey = kv.key.toString('latin1');
        const o = decode(kv);
        if (!options.filter || options.filter(o)) items.push(o);
        if (limit && items.length === limit) {
          more = i < r.kvs.length - 1 || r.more;
          break outer;
        }
      }
      if (!r.more || !lastKey) break;
      start = lastKey + '\0';
      fetch = Math.min(fetch * 2, 10_000);
    }
    const result: ListResult = { items, revision };
    if (more && lastKey) {
      result.continueToken = encodeContinue(revision, lastKey.slice(prefix.length) + '\0');
      if (!options.filter) {
        const rest = await this.backend.range(lastKey + '\0', { rangeEnd: end, revision, countOnly: true });
        result.remainingItemCount = rest.count;
      }
    }
    return result;
  }

  /** Creates the object; returns undefined when the key already exists. */
  async create(object: KubeObject, extras?: TxnExtras): Promise<Stored | undefined> {
    const key = this.key(object.metadata?.namespace, object.metadata!.name!);
    const lease = await this.lease();
    const parts = jsonParts(object);
    const r = await this.backend.txn({
      compare: [{ key, target: 'createRevision', result: '=', value: 0 }, ...(extras?.compare ?? [])],
      success: [{ put: { key, value: parts ? Buffer.from(parts.stored(), 'utf8') : encode(object), lease } }, ...(extras?.success ?? [])],
    });
    if (!r.succeeded) return undefined;
    if (r.header.revision > this.lastCreateRevision) this.lastCreateRevision = r.header.revision;
    const created = withResourceVersion(object, r.header.revision);
    if (parts) encodedObjects.set(created, parts.withRevision(r.header.revision));
    return { object: created, revision: r.header.revision };
  }

  /** Writes the object if its key is still at `revision`; undefined when it moved on. */
  async update(object: KubeObject, revision: number, extras?: TxnExtras): Promise<Stored | undefined> {
    const key = this.key(object.metadata?.namespace, object.metadata!.name!);
    const lease = await this.lease();
    const r = await this.backend.txn({
      compare: [{ key, target: 'modRevision', result: '=', value: revision }, ...(extras?.compare ?? [])],
      success: [{ put: { key, value: encode(object), lease } }, ...(extras?.success ?? [])],
    });
    if (!r.succeeded) return undefined;
    return { object: withResourceVersion(object, r.header.revision), revision: r.header.revision };
  }

  /** Deletes the object if its key is still at `revision`; false when it moved on. */
  async delete(namespace: string | undefined, name: string, revision: number, extras?: TxnExtras): Promise<number | undefined> {
    const key = this.key(namespace, name);
    const r = await this.backend.txn({
      compare: [{ key, target: 'modRevision', result: '=', value: revision }, ...(extras?.compare ?? [])],
      success: [{ deleteRange: { key } }, ...(extras?.success ?? [])],
    });
    return r.succeeded ? r.header.revision : undefined;
  }

  /**
   * Watches the resource (one namespace, or all) from just after `revision`. Throws the 410
   * Expired StatusError (as an iterator error) when that history is compacted.
   */
  async watch(namespace: string | undefined, revision: number): Promise<{ watch: Watch; events: AsyncIterable<StoreWatchItem> }> {
    const prefix = this.prefix(namespace);
    const watch = await this.backend.watch(prefix, {
      rangeEnd: prefixEnd(prefix),
      startRevision: revision + 1,
      prevKv: true,
      progressNotify: false,
    });
    return { watch, events: translate(watch, revision) };
  }
}

async function* translate(watch: Watch, from: number): AsyncGenerator<StoreWatchItem> {
  try {
    for await (const resp of watch) {
      // A progress notification: everything up to this revision has been delivered.
      if (resp.events.length === 0) yield { bookmark: true, revision: resp.header.revision };
      for (const ev of resp.events) {
        const rev = ev.kv.modRevision;
        if (ev.type === 'DELETE') {
          if (!ev.prevKv) continue;
          yield { type: 'DELETED', object: withResourceVersion(decode(ev.prevKv), rev), previous: decode(ev.prevKv), revision: rev };
        } else if (ev.kv.createRevision === ev.kv.modRevision) {
          yield { type: 'ADDED', object: decode(ev.kv), revision: rev };
        } else {
          const e: StoreWatchEvent = { type: 'MODIFIED', object: decode(ev.kv), revision: rev };
          if (ev.prevKv) e.previous = decode(ev.prevKv);
          yield e;
        }
      }
    }
  } catch (err) {
    if (err instanceof ErrCompacted) throw tooOld(from, err.compactRevision);
    throw err;
  }
}

/** kube-apiserver's 410 for a watch that starts before the compacted history. */
export function tooOld(requested: number, compacted: number) {
  return gone(`too old resource version: ${requested} (${compacted})`);
}

function expiredContinue() {
  return gone(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  );
}

export function decode(kv: KeyValue): KubeObject {
  const o = JSON.parse(kv.value.toString('utf8')) as KubeObject;
  // Freshly parsed, so set in place: the same key order withResourceVersion's copy gives.
  if (o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata)) {
    o.metadata.resourceVersion = String(kv.modRevision);
    return o;
  }
  return withResourceVersion(o, kv.modRevision);
}

/** The stored form: the object without its resourceVersion (the key's revision carries it). */
export function encode(o: KubeObject): Buffer {
  const meta = o.metadata;
  // Without a resourceVersion (every create) the object is already its stored form.
  if (meta && meta.resourceVersion === undefined) return Buffer.from(JSON.stringify(o), 'utf8');
  const { resourceVersion: _rv, ...rest } = meta ?? {};
  return Buffer.from(JSON.stringify({ ...o, metadata: rest }), 'utf8');
}

/**
 * JSON of objects just created, resourceVersion included, exactly as JSON.stringify gives
 * it: the create's response is made of the pieces its stored value was made of, not a
 * second serialization. Valid until the object is changed; the create handler, which
 * answers with the object as the store returned it, is the only reader.
 */
const encodedObjects = new WeakMap<KubeObject, string>();

export function encodedJson(o: KubeObject): string | undefined {
  return encodedObjects.get(o);
}

/**
 * An object without a resourceVersion serialized member by member, so that both its stored
 * form (encode's) and the JSON of withResourceVersion(o, revision) — the same with the
 * resourceVersion appended to metadata — are joined from one serialization. Undefined
 * when the object has a resourceVersion (the caller then encodes as usual).
 */
function jsonParts(o: KubeObject): { stored(): string; withRevision(revision: number): string } | undefined {
  const meta = o.metadata;
  // withResourceVersion keeps a resourceVersion key where it is, even one set to undefined.
  if (!meta || Object.prototype.hasOwnProperty.call(meta, 'resourceVersion')) return undefined;
  // As JSON.stringify walks an object: own enumerable keys in order, undefined values left out.
  let before = '{';
  let metaJson = '';
  let after = '';
  for (const k of Object.keys(o)) {
    const v = JSON.stringify((o as Record<string, unknown>)[k]);
    if (v === undefined) continue;
    const member = `${JSON.stringify(k)}:`;
    if (k === 'metadata') {
      metaJson = v;
      before += member;
    } else if (metaJson === '') {
      before += `${member}${v},`;
    } else {
      after += `,${member}${v}`;
    }
  }
  return {
    stored: () => `${before}${metaJson}${after}}`,
    withRevision: (revision) =>
      `${before}${metaJson.length > 2 ? `${metaJson.slice(0, -1)},` : '{'}"resourceVersion":"${revision}"}${after}}`,
  };
}

export function withResourceVersion(o: KubeObject, revision: number): KubeObject {
  o.metadata = { ...(o.metadata ?? {}), resourceVersion: String(revision) };
  return o;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

/** kube-apiserver's continue token: base64 of {"v":"meta.k8s.io/v1","rv":…,"start":…}. */
export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start }), 'utf8').toString('base64url');
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw Object.assign(new Error('continue key is not valid'), { badContinue: true });
  }
}
