/**
 * Empties a terminating namespace, then releases it — upstream's
 * pkg/controller/namespace/deletion/namespaced_resources_deleter.go:
 *
 *   1. the namespace must still exist and carry a deletionTimestamp; its phase is made
 *      Terminating if it is not yet;
 *   2. every namespaced kind that can be deleted is deleted — deletecollection where the
 *      kind serves it, else list and delete one by one — with propagationPolicy Background,
 *      so the garbage collector, not this controller, follows owner references;
 *   3. what is left is counted: pods still in their grace period give an estimate, items
 *      held by finalizers give the default 15 s; the namespace's conditions say what remains
 *      and why; the caller looks again after about half the estimate (ResourcesRemainingError);
 *   4. once nothing is left, "kubernetes" is removed from spec.finalizers through
 *      namespaces/NAME/finalize, and the API server deletes the namespace.
 *
 * The kinds come from the registry (our discovery), so discovery never fails here.
 */
import { type Clock, type KubeObject, RESOURCES, type ResourceType, qualifiedResource, resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { RequeueAfter, describeError, isStatusCode } from '../controller.js';
import { retryUpdate } from '../retry-update.js';
import { type NamespaceCondition, NamespaceConditionUpdater, type RemainingContent } from './namespace-conditions.js';

const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;
const PODS = resourceFor('', 'v1', 'pods')!;

/** The namespace controller's token in spec.finalizers. */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** Assumed time for finalizers on remaining items to complete (finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

interface DeletionResult {
  estimateSeconds: number;
  remaining: number;
  finalizers: Map<string, number>;
}

export class NamespacedResourcesDeleter {
  /** Namespaced kinds that can be deleted, in registry order. */
  private readonly deletable: ResourceType[] = RESOURCES.filter((rt) => rt.namespaced && rt.verbs.includes('delete'));

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
  ) {}

  /**
   * One pass over a namespace. Resolves when it is released (or gone); throws RequeueAfter
   * while content remains, and any other error when a step failed.
   */
  async delete(name: string): Promise<void> {
    let ns: KubeObject;
    try {
      ns = await this.client.get(NAMESPACES, name);
    } catch (err) {
      if (isStatusCode(err, 404)) return;
      throw err;
    }
    if (!ns.metadata?.deletionTimestamp) return;
    const uid = ns.metadata.uid;
    if ((ns['status'] as { phase?: string } | undefined)?.phase !== 'Terminating') {
      const updated = await retryUpdate(this.client, NAMESPACES, { name, uid }, (o) => {
        o['status'] = { ...((o['status'] as object | undefined) ?? {}), phase: 'Terminating' };
        return true;
      }, { subresource: 'status' });
      if (!updated) return;
    }
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp);
    const estimate = await this.deleteAllContent(name, uid, deletedAt);
    // The namespace controller requeues after half the estimate plus a second.
    if (estimate > 0) throw new RequeueAfter((Math.floor(estimate / 2) + 1) * 1000, `some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
    await this.finalize(name, uid);
  }

  private async deleteAllContent(namespace: string, uid: string | undefined, deletedAt: number): Promise<number> {
    const conditions = new NamespaceConditionUpdater(this.clock.now());
    const remaining: RemainingContent = { resources: new Map(), finalizers: new Map() };
    const errors: string[] = [];
    let estimate = 0;
    for (const rt of this.deletable) {
      let result: DeletionResult;
      try {
        result = await this.deleteAllContentOf(rt, namespace, deletedAt);
      } catch (err) {
        const message = describeError(err);
        errors.push(message);
        conditions.deleteContentFailed(message);
        continue;
      }
      estimate = Math.max(estimate, result.estimateSeconds);
      if (result.remaining > 0) {
        remaining.resources.set(`${rt.plural}.${rt.group}`, result.remaining);
        for (const [f, n] of result.finalizers) remaining.finalizers.set(f, (remaining.finalizers.get(f) ?? 0) + n);
      }
    }
    conditions.remaining(remaining);
    // Conditions are written every pass so a problem that went away shows as resolved.
    await retryUpdate(this.client, NAMESPACES, { name: namespace, uid }, (o) => {
      const status = (o['status'] ??= {}) as { conditions?: NamespaceCondition[] };
      return conditions.update(status);
    }, { subresource: 'status' });
    if (errors.length > 0) throw new Error(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
    return estimate;
  }

  private async deleteAllContentOf(rt: ResourceType, namespace: string, deletedAt: number): Promise<DeletionResult> {
    const estimate = rt === PODS ? await this.estimateGracefulTermination(namespace, deletedAt) : 0;
    if (rt.verbs.includes('deletecollection')) {
      await this.client.deleteCollection(rt, { namespace, propagationPolicy: 'Background' });
    } else {
      await this.deleteEachItem(rt, namespace);
    }
    const left = await this.client.list(rt, { namespace, metadataOnly: true });
    if (left.items.length === 0) return { estimateSeconds: 0, remaining: 0, finalizers: new Map() };
    const finalizers = new Map<string, number>();
    for (const item of left.items) for (const f of item.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    const result = { remaining: left.items.length, finalizers };
    if (estimate > 0) return { ...result, estimateSeconds: estimate };
    if (finalizers.size > 0) return { ...result, estimateSeconds: FINALIZER_ESTIMATE_SECONDS };
    // Nothing explains what is left: report it, and the pass is retried with backoff.
    throw new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${qualifiedResource(rt)}`);
  }

  private async deleteEachItem(rt: ResourceType, namespace: string): Promise<void> {
    const list = await this.client.list(rt, { namespace, metadataOnly: true });
    for (const item of list.items) {
      try {
        await this.client.delete(rt, item.metadata!.name!, { namespace, propagationPolicy: 'Background' });
      } catch (err) {
        if (!isStatusCode(err, 404)) throw err;
      }
    }
  }

  /**
   * The longest grace period of the namespace's running pods, less the time since the
   * namespace was deleted (estimateGracefulTerminationForPods).
   */
  private async estimateGracefulTermination(namespace: string, deletedAt: number): Promise<number> {
    const pods = await this.client.list(PODS, { namespace });
    let estimate = 0;
    for (const pod of pods.items) {
      const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const grace = (pod['spec'] as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
      if (grace !== undefined && grace > estimate) estimate = grace;
    }
    const elapsed = (this.clock.now() - deletedAt) / 1000;
    return elapsed >= estimate ? 0 : estimate;
  }

  /** PUT namespaces/NAME/finalize without our token; the API server then deletes it. */
  private async finalize(name: string, uid: string | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let ns: KubeObject;
      try {
        ns = await this.client.get(NAMESPACES, name);
      } catch (err) {
        if (isStatusCode(err, 404)) return;
        throw err;
      }
      if (uid && ns.metadata?.uid !== uid) return;
      const spec = (ns['spec'] ?? {}) as { finalizers?: string[] };
      const finalizers = spec.finalizers ?? [];
      if (!finalizers.includes(FINALIZER_KUBERNETES)) return;
      ns['spec'] = { ...spec, finalizers: finalizers.filter((f) => f !== FINALIZER_KUBERNETES) };
      try {
        await this.client.updateSubresource(NAMESPACES, ns, 'finalize');
        return;
      } catch (err) {
        if (isStatusCode(err, 404)) return;
        if (isStatusCode(err, 409) && attempt < 5) continue;
        throw err;
      }
    }
  }
}
