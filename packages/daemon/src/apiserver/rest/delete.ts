/**
 * Delete, as genericregistry.Store.Delete upstream:
 *
 *   - preconditions (uid, resourceVersion) must hold, else 409;
 *   - a graceful delete (a scheduled pod) or an object with finalizers is not removed but
 *     marked: deletionTimestamp (now + grace) and deletionGracePeriodSeconds; whoever holds
 *     the finalizers (the kubelet for pods, the garbage collector for "orphan" and
 *     "foregroundDeletion", the namespace controller) finishes the job;
 *   - propagationPolicy Orphan / Foreground adds the garbage collector's finalizer;
 *   - a Namespace becomes Terminating until its contents are gone (spec.finalizers).
 *
 * Everything else is deleted at once, guarded by the revision read.
 */
import {
  type DeleteOptions,
  type KubeObject,
  type PropagationPolicy,
  conflict,
  notFound,
  timestamp,
} from '@kubelab/core';
import { withResourceVersion } from '../storage/object-store.js';
import type { RequestContext, Resource } from './resource.js';
import { sameObject } from './update.js';

export interface DeleteResult {
  /** The object: its last state when deleted, its marked state when deletion is pending. */
  object: KubeObject;
  /** True when the object is gone from storage. */
  deleted: boolean;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

const MAX_ATTEMPTS = 32;

export async function deleteObject(
  res: Resource,
  ctx: RequestContext,
  name: string,
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  const { rt, store, strategy } = res;
  const ns = rt.namespaced ? ctx.namespace : undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cur = await store.get(ns, name);
    if (!cur) throw notFound(rt, name);
    const meta = cur.object.metadata ?? {};
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) {
      throw conflict(rt, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw conflict(
        rt,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${meta.resourceVersion ?? ''}`,
      );
    }
    const attrs = { operation: 'DELETE' as const, rt, subresource: undefined, namespace: ns, name, oldObject: cur.object };
    await ctx.admission.admit(attrs, ctx);
    await ctx.admission.validate(attrs, ctx);

    const marked = structuredClone(cur.object);
    const m = (marked.metadata ??= {});
    const now = ctx.clock.now();
    let finalizers = [...(m.finalizers ?? [])];
    const policy = propagationPolicy(options);
    if (policy === 'Orphan') finalizers = withFinalizer(finalizers, FINALIZER_ORPHAN, FINALIZER_FOREGROUND);
    if (policy === 'Foreground') finalizers = withFinalizer(finalizers, FINALIZER_FOREGROUND, FINALIZER_ORPHAN);

    let keep: boolean;
    if (rt.group === '' && rt.plural === 'namespaces') {
      keep = markNamespaceTerminating(marked, now) || finalizers.length > 0;
    } else if (m.deletionTimestamp) {
      // Already being deleted: a pod's grace period may only be shortened.
      const grace = strategy.gracePeriod(cur.object, options.gracePeriodSeconds);
      if (grace >= (m.deletionGracePeriodSeconds ?? 0) && options.gracePeriodSeconds !== 0) return { object: cur.object, deleted: false };
      m.deletionGracePeriodSeconds = grace;
      m.deletionTimestamp = timestamp(now + grace * 1000);
      keep = grace > 0 || finalizers.length > 0;
    } else {
      const grace = strategy.gracePeriod(cur.object, options.gracePeriodSeconds);
      keep = grace > 0 || finalizers.length > 0;
      if (keep) {
        m.deletionTimestamp = timestamp(now + grace * 1000);
        m.deletionGracePeriodSeconds = grace;
      }
    }
    if (keep) {
      if (finalizers.length > 0) m.finalizers = finalizers;
      if (sameObject(marked, cur.object) || ctx.dryRun) return { object: marked, deleted: false };
      const written = await store.update(marked, cur.revision);
      if (written) return { object: written.object, deleted: false };
      continue;
    }
    if (ctx.dryRun) return { object: cur.object, deleted: true };
    const extras = ctx.admission.release(res.rt, cur.object);
    const rev = await store.delete(ns, name, cur.revision, extras);
    if (rev !== undefined) return { object: withResourceVersion(cur.object, rev), deleted: true };
  }
  throw conflict(rt, name, 'the object has been modified; please apply your changes to the latest version and try again');
}

export function propagationPolicy(options: DeleteOptions): PropagationPolicy {
  if (options.propagationPolicy) return options.propagationPolicy;
  if (options.orphanDependents === true) return 'Orphan';
  return 'Background';
}

function withFinalizer(finalizers: string[], add: string, remove: string): string[] {
  const out = finalizers.filter((f) => f !== remove);
  if (!out.includes(add)) out.push(add);
  return out;
}

/**
 * Namespaces go Terminating and stay while spec.finalizers lists "kubernetes" (the
 * namespace controller removes it once the namespace is empty). Returns true to keep.
 */
function markNamespaceTerminating(ns: KubeObject, now: number): boolean {
  const m = ns.metadata!;
  if (!m.deletionTimestamp) {
    m.deletionTimestamp = timestamp(now);
    m.deletionGracePeriodSeconds = 0;
  }
  ns['status'] = { ...((ns['status'] as object | undefined) ?? {}), phase: 'Terminating' };
  const specFinalizers = (ns['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  return specFinalizers.length > 0;
}
