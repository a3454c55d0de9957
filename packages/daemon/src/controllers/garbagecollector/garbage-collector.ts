/**
 * The garbage collector (pkg/controller/garbagecollector/garbagecollector.go): deletes
 * objects whose owners are gone, and carries out the two deletion policies that wait on
 * dependents.
 *
 *   Background  the owner goes at once; each dependent whose owners are all gone is deleted
 *               (a dependent with another live owner only loses the dead reference).
 *   Foreground  the owner stays, with deletionTimestamp and the "foregroundDeletion"
 *               finalizer, while its dependents are deleted — those with dependents of their
 *               own in Foreground too; once no dependent with blockOwnerDeletion is left,
 *               the finalizer is removed and the owner goes.
 *   Orphan      the owner stays, with the "orphan" finalizer, until every dependent has lost
 *               its ownerReference to it; then the finalizer is removed and the owner goes.
 *
 * It sees every kind through metadata-only informers and reads and deletes with metadata
 * requests; only removing a reference or a finalizer writes the whole object (GET + PUT
 * guarded by resourceVersion), which works for every kind alike.
 */
import type { KubeObject, OwnerReference, ResourceType } from '@kubelab/core';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import type { EventRecorder } from '../events.js';
import { retryUpdate } from '../retry-update.js';
import {
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  type GraphNode,
  type ObjectIdentity,
  describeIdentity,
  resourceOfKind,
} from './graph.js';
import { GraphBuilder, beingDeleted, hasFinalizer } from './graph-builder.js';

type Classified = { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[]; unknown: OwnerReference[] };

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  readonly builder: GraphBuilder;
  private readonly attemptToDelete: RateLimitingQueue<string>;
  private readonly attemptToOrphan: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 4,
  ) {
    this.attemptToDelete = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'garbage_collector_attempt_to_delete' });
    this.attemptToOrphan = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'garbage_collector_attempt_to_orphan' });
    this.recorder = ctx.recorder('garbage-collector-controller');
    this.builder = new GraphBuilder(ctx.informers, this.attemptToDelete, this.attemptToOrphan);
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(...this.builder.informers))) return;
    const onError = (uid: string, err: unknown) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: ${this.describe(uid)}: ${describeError(err)}`);
    };
    await Promise.all([
      runWorkers(this.attemptToDelete, this.workers, (uid) => this.attemptToDeleteItem(uid), onError),
      runWorkers(this.attemptToOrphan, 1, (uid) => this.attemptToOrphanItem(uid), onError),
    ]);
  }

  stop(): void {
    this.attemptToDelete.shutDown();
    this.attemptToOrphan.shutDown();
  }

  /** Deletes the item if all its owners are gone; drives an owner's foreground deletion. */
  private async attemptToDeleteItem(uid: string): Promise<void> {
    const item = this.builder.graph.get(uid);
    if (!item) return;
    // "Being deleted" is a one-way trip: wait for the final deletion, then handle its dependents.
    if (item.beingDeleted && !item.deletingDependents) return;
    const rt = resourceOfKind(item.identity.apiVersion, item.identity.kind);
    // A kind we do not serve, or a namespaced owner named by a cluster-scoped dependent:
    // nothing we can look up.
    if (!rt || (rt.namespaced && !item.identity.namespace)) return;
    const latest = await this.getMetadata(rt, item.identity);
    if (!latest || latest.metadata?.uid !== item.identity.uid) {
      // Gone (or replaced by a namesake): what the informer would eventually report.
      this.builder.observeDeletion(item.identity);
      return;
    }
    if (item.deletingDependents) return this.processDeletingDependentsItem(item, rt);
    const refs = latest.metadata?.ownerReferences ?? [];
    if (refs.length === 0) return;
    const { solid, dangling, waiting, unknown } = await this.classifyReferences(item, refs);
    if (solid.length > 0 || unknown.length > 0) {
      // A live owner (or one we cannot check) keeps the item; references to dead owners, and
      // to owners waiting for their dependents' deletion, are removed so neither waits forever.
      const remove = new Set([...dangling, ...waiting].map((r) => r.uid));
      if (remove.size === 0) return;
      await retryUpdate(this.ctx.client, rt, item.identity, (obj) => {
        const before = obj.metadata?.ownerReferences ?? [];
        const after = before.filter((r) => !remove.has(r.uid));
        if (after.length === before.length) return false;
        obj.metadata!.ownerReferences = after;
        return true;
      });
      return;
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      // Its owner waits for it, and it has dependents itself: delete it in Foreground, so its
      // dependents go first. A dependent already deleting its own dependents may form a cycle;
      // unblock our references to break it (upstream's cautious cycle detection).
      if ([...item.dependents].some((d) => d.deletingDependents)) {
        await retryUpdate(this.ctx.client, rt, item.identity, (obj) => {
          const refsNow = obj.metadata?.ownerReferences ?? [];
          if (!refsNow.some((r) => r.blockOwnerDeletion)) return false;
          obj.metadata!.ownerReferences = refsNow.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r));
          return true;
        });
      }
      return this.deleteObject(rt, item, latest, 'Foreground');
    }
    // No owner is left: collect it, honouring a policy already recorded in its finalizers.
    const policy = hasFinalizer(latest, FINALIZER_ORPHAN) ? 'Orphan' : hasFinalizer(latest, FINALIZER_FOREGROUND) ? 'Foreground' : 'Background';
    return this.deleteObject(rt, item, latest, policy);
  }

  /** An owner in foreground deletion: remove its finalizer once no blocking dependent is left. */
  private async processDeletingDependentsItem(item: GraphNode, rt: ResourceType): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      await this.removeFinalizer(rt, item.identity, FINALIZER_FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.identity.uid);
  }

  /** An owner deleted with Orphan: cut every dependent loose, then let the owner go. */
  private async attemptToOrphanItem(uid: string): Promise<void> {
    const owner = this.builder.graph.get(uid);
    if (!owner) return;
    const rt = resourceOfKind(owner.identity.apiVersion, owner.identity.kind);
    if (!rt) return;
    const failures: string[] = [];
    await Promise.all(
      [...owner.dependents].map(async (dep) => {
        const depRt = resourceOfKind(dep.identity.apiVersion, dep.identity.kind);
        if (!depRt) return;
        try {
          await retryUpdate(this.ctx.client, depRt, dep.identity, (obj) => {
            const before = obj.metadata?.ownerReferences ?? [];
            const after = before.filter((r) => r.uid !== uid);
            if (after.length === before.length) return false;
            if (after.length > 0) obj.metadata!.ownerReferences = after;
            else delete obj.metadata!.ownerReferences;
            return true;
          });
        } catch (err) {
          failures.push(`orphaning ${describeIdentity(dep.identity)} failed, ${describeError(err)}`);
        }
      }),
    );
    if (failures.length > 0) throw new Error(`failed to orphan dependents of owner ${describeIdentity(owner.identity)}, got errors: ${failures.join(', ')}`);
    await this.removeFinalizer(rt, owner.identity, FINALIZER_ORPHAN);
  }

  /** solid: owner exists; dangling: owner gone; waiting: owner in foreground deletion; unknown: cannot tell. */
  private async classifyReferences(item: GraphNode, refs: OwnerReference[]): Promise<Classified> {
    const out: Classified = { solid: [], dangling: [], waiting: [], unknown: [] };
    for (const ref of refs) {
      const ownerRt = resourceOfKind(ref.apiVersion, ref.kind);
      if (!ownerRt) {
        out.unknown.push(ref);
        continue;
      }
      if (ownerRt.namespaced && !item.identity.namespace) {
        // A cluster-scoped object cannot be owned by a namespaced one: never resolvable, so
        // it is reported and kept (upstream records the same Warning).
        this.recorder.event(
          { kind: item.identity.kind, apiVersion: item.identity.apiVersion, name: item.identity.name, uid: item.identity.uid },
          'Warning',
          'OwnerRefInvalidNamespace',
          `ownerRef ${describeIdentity({ ...ref, namespace: undefined })} does not exist in namespace ""`,
        );
        out.unknown.push(ref);
        continue;
      }
      const namespace = ownerRt.namespaced ? item.identity.namespace : undefined;
      if (this.builder.absentOwners.has({ namespace, uid: ref.uid })) {
        out.dangling.push(ref);
        continue;
      }
      const owner = await this.getMetadata(ownerRt, { name: ref.name, namespace });
      if (!owner || owner.metadata?.uid !== ref.uid) {
        this.builder.absentOwners.add({ namespace, uid: ref.uid });
        out.dangling.push(ref);
      } else if (beingDeleted(owner) && hasFinalizer(owner, FINALIZER_FOREGROUND)) {
        out.waiting.push(ref);
      } else {
        out.solid.push(ref);
      }
    }
    return out;
  }

  /**
   * Deletes with the uid and resourceVersion the decision was made on. If the object changed
   * meanwhile but its owners did not, the decision still holds: delete without the version.
   */
  private async deleteObject(rt: ResourceType, item: GraphNode, latest: KubeObject, policy: 'Orphan' | 'Foreground' | 'Background'): Promise<void> {
    const { namespace, name, uid } = item.identity;
    const resourceVersion = latest.metadata?.resourceVersion;
    try {
      await this.ctx.client.delete(rt, name, { namespace, propagationPolicy: policy, preconditions: { uid, resourceVersion } });
    } catch (err) {
      if (isStatusCode(err, 404)) return this.builder.observeDeletion(item.identity);
      if (!isStatusCode(err, 409) || !resourceVersion) throw err;
      const live = await this.getMetadata(rt, item.identity);
      if (!live || live.metadata?.uid !== uid) return;
      if (JSON.stringify(live.metadata?.ownerReferences ?? []) !== JSON.stringify(latest.metadata?.ownerReferences ?? [])) throw err;
      try {
        await this.ctx.client.delete(rt, name, { namespace, propagationPolicy: policy, preconditions: { uid } });
      } catch (again) {
        if (!isStatusCode(again, 404)) throw again;
      }
    }
  }

  private async removeFinalizer(rt: ResourceType, id: ObjectIdentity, finalizer: string): Promise<void> {
    await retryUpdate(this.ctx.client, rt, id, (obj) => {
      if (!hasFinalizer(obj, finalizer)) return false;
      obj.metadata!.finalizers = obj.metadata!.finalizers!.filter((f) => f !== finalizer);
      return true;
    });
  }

  private async getMetadata(rt: ResourceType, at: { name: string; namespace: string | undefined }): Promise<KubeObject | undefined> {
    try {
      return await this.ctx.client.get(rt, at.name, { namespace: rt.namespaced ? at.namespace : undefined, metadataOnly: true });
    } catch (err) {
      if (isStatusCode(err, 404)) return undefined;
      throw err;
    }
  }

  private describe(uid: string): string {
    const node = this.builder.graph.get(uid);
    return node ? describeIdentity(node.identity) : uid;
  }
}
