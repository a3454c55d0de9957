/**
 * Update and patch, as genericregistry.Store.Update's GuaranteedUpdate loop upstream: read
 * the current object, compute the desired one, keep what the caller may not change, default,
 * admit, validate, and write guarded by the revision that was read. A resourceVersion the
 * caller sent must match (409 Conflict otherwise); without one, a lost race is retried.
 * A write that changes nothing is not stored (no new resourceVersion, no watch event).
 */
import {
  type KubeObject,
  STALE_OBJECT_MESSAGE,
  applyDefaults,
  conflict,
  invalid,
  notFound,
  validateUpdate,
} from '@kubelab/core';
import { deepClone, deepEqual } from '@kubelab/core/patch/json-value';
import { type Stored, withResourceVersion } from '../storage/object-store.js';
import { trackUpdate } from '../managed-fields.js';
import type { RequestContext, Resource } from './resource.js';

export interface UpdateOptions {
  subresource?: string;
  /**
   * A write made by the server on its own terms (pods/binding, namespaces/finalize): the
   * transform is trusted to change only what that subresource may change, so the kind's
   * update strategy, defaulting, admission and validation do not run — as upstream's
   * subresource stores write through GuaranteedUpdate directly.
   */
  trusted?: boolean;
  /** Server-side apply has recorded its own Apply entry in managedFields. */
  managedFieldsDone?: boolean;
  /** Called when the object does not exist; returns the created object (create-on-update, apply). */
  onMissing?: () => Promise<KubeObject>;
  /**
   * Try first from the watch cache's copy instead of reading the store, as the cacher hands
   * GuaranteedUpdate its cachedExistingObject upstream: a stale copy costs one failed
   * revision compare (or a failed transform) and a fresh read, never a wrong answer.
   */
  cachedExisting?: boolean;
}

export interface UpdateResult {
  object: KubeObject;
  created: boolean;
}

/** Computes the desired object from a private copy of the current one. */
export type Transform = (current: KubeObject) => KubeObject | Promise<KubeObject>;

const MAX_ATTEMPTS = 32;

export async function updateObject(
  res: Resource,
  ctx: RequestContext,
  name: string,
  transform: Transform,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const { rt, store, strategy } = res;
  const ns = rt.namespaced ? ctx.namespace : undefined;
  let fromCache = options.cachedExisting === true;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cached = fromCache ? cachedCopy(res, ns, name) : undefined;
    fromCache = false;
    const cur = cached ?? (await store.get(ns, name));
    if (!cur) {
      if (options.onMissing) return { object: await options.onMissing(), created: true };
      throw notFound(rt, name);
    }
    let desired: KubeObject;
    try {
      desired = await transform(deepClone(cur.object));
    } catch (err) {
      // The cache may be behind: only the store's copy may fail the request.
      if (cached) continue;
      throw err;
    }
    const wanted = desired.metadata?.resourceVersion;
    if (wanted && wanted !== String(cur.revision)) {
      if (cached) continue;
      throw conflict(rt, name, STALE_OBJECT_MESSAGE);
    }
    desired.metadata ??= {};
    let extras;
    if (!options.trusted) {
      if (options.subresource === 'status') strategy.prepareForStatusUpdate(desired, cur.object);
      else strategy.prepareForUpdate(desired, cur.object);
    }
    keepSystemMetadata(desired, cur.object, strategy.tracksGeneration);
    if (!options.trusted) {
      applyDefaults(rt, desired);
      if (!options.managedFieldsDone) {
        const tracked = trackUpdate(rt, ctx, cur.object, desired, options.subresource);
        desired.metadata = tracked.metadata;
      }
      const attrs = {
        operation: 'UPDATE' as const,
        rt,
        subresource: options.subresource,
        namespace: ns,
        name,
        object: desired,
        oldObject: cur.object,
      };
      extras = await ctx.admission.admit(attrs, ctx);
      const errs = validateUpdate(rt, desired, cur.object);
      if (errs.length > 0) throw invalid(rt, name, errs);
      await ctx.admission.validate(attrs, ctx);
    }
    if (sameObject(desired, cur.object)) return { object: cur.object, created: false };
    if (shouldDeleteDuringUpdate(desired)) {
      if (ctx.dryRun) return { object: desired, created: false };
      const rev = await store.delete(ns, name, cur.revision);
      if (rev !== undefined) return { object: withResourceVersion(desired, rev), created: false };
    } else {
      if (ctx.dryRun) return { object: withResourceVersion(desired, cur.revision), created: false };
      const written = await store.update(desired, cur.revision, extras);
      if (written) return { object: written.object, created: false };
    }
    // Lost the race: read again and recompute. A resourceVersion the caller chose (an update's
    // body, a patch that sets one) fails the check above on the next round with 409; one a
    // patch merely inherited from the live object follows it, as GuaranteedUpdate re-applies
    // the patch to the fresh object upstream.
  }
  throw conflict(rt, name, STALE_OBJECT_MESSAGE);
}

/** The watch cache's object with the revision it was read at, if the cache holds it. */
function cachedCopy(res: Resource, ns: string | undefined, name: string): Stored | undefined {
  const object = res.cache.get(ns ? `${ns}/${name}` : name);
  const revision = Number(object?.metadata?.resourceVersion);
  return object && revision > 0 ? { object, revision } : undefined;
}

/** Fields only the server sets: clients cannot change them by update (BeforeUpdate upstream). */
function keepSystemMetadata(obj: KubeObject, old: KubeObject, tracksGeneration: boolean): void {
  const m = obj.metadata!;
  const o = old.metadata ?? {};
  // Name and namespace are checked by validation (immutable), the rest silently kept.
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (!tracksGeneration) {
    if (o.generation !== undefined) m.generation = o.generation;
    else delete m.generation;
  }
  if (m.name === undefined) m.name = o.name;
  if (m.namespace === undefined && o.namespace !== undefined) m.namespace = o.namespace;
}

/**
 * An object being deleted whose last finalizer was just removed goes away (unless it is a
 * pod still in its grace period: its kubelet deletes it).
 */
function shouldDeleteDuringUpdate(obj: KubeObject): boolean {
  const m = obj.metadata ?? {};
  if (!m.deletionTimestamp || (m.finalizers ?? []).length > 0) return false;
  if (m.deletionGracePeriodSeconds && m.deletionGracePeriodSeconds > 0) return false;
  // A namespace also waits for its spec.finalizers (the namespace controller's "kubernetes").
  if (obj.kind === 'Namespace' && ((obj['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0) return false;
  return true;
}

/**
 * Equal apart from resourceVersion and managedFields: nothing worth a new revision. Compared
 * in place, not by serializing both (every update and patch asks).
 */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  const { metadata: ma, ...ra } = a;
  const { metadata: mb, ...rb } = b;
  const { resourceVersion: _ra, managedFields: _fa, ...na } = ma ?? {};
  const { resourceVersion: _rb, managedFields: _fb, ...nb } = mb ?? {};
  return deepEqual(na, nb) && deepEqual(ra, rb);
}
