/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps
 * spec.replicas active pods matching each ReplicaSet's selector.
 *
 * sync(key), level-triggered:
 *   1. the ReplicaSet from the cache (gone: forget its expectations);
 *   2. its active pods: every non-terminated, non-deleting pod of the namespace, claimed by
 *      selector (adopting orphans, releasing pods that stopped matching);
 *   3. if expectations are met (every create and delete asked for has come back through the
 *      informer) and it is not being deleted: create the missing pods in slow-start batches,
 *      or delete the surplus in upstream's order (see active-pods.ts) — at most 500 a sync;
 *   4. write the status (see replica-set-status.ts); with minReadySeconds, look again once
 *      ready pods should have become available.
 */
import { type KubeObject, type Selector, selectorFromLabelSelector } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { podsInDeletionOrder } from './active-pods.js';
import { ControllerRefManager, recheckDeletionTimestamp } from './controller-ref-manager.js';
import { UIDTrackingControllerExpectations } from './expectations.js';
import { CONTROLLER_UID_INDEX, claimCandidates, controlledBy, controllerUidIndexFunc, ensureIndex } from './indexes.js';
import { PODS, PodControl, isNamespaceTerminating } from './pod-control.js';
import { type Pod, controllerOf, filterActivePods, isPodReady, newControllerRef, podKey } from './pod-util.js';
import { calculateStatus, updateReplicaSetStatus } from './replica-set-status.js';
import { REPLICA_SETS, type ReplicaSet, replicasOf } from './replica-set-types.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow-start.js';

/** BurstReplicas: creates or deletes at most this many pods per sync. */
export const BURST_REPLICAS = 500;

const KIND = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

export interface ReplicaSetControllerOptions {
  /** --concurrent-replicaset-syncs (5). */
  workers?: number;
  burstReplicas?: number;
}

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  readonly expectations: UIDTrackingControllerExpectations;
  private readonly rsInformer: SharedInformer<ReplicaSet>;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly podControl: PodControl;
  private readonly workers: number;
  private readonly burstReplicas: number;
  /** Real milliseconds the last sync of each ReplicaSet took. */
  private readonly syncCost = new Map<string, number>();

  constructor(
    private readonly ctx: ControllerContext,
    options: ReplicaSetControllerOptions = {},
  ) {
    this.workers = options.workers ?? 5;
    this.burstReplicas = options.burstReplicas ?? BURST_REPLICAS;
    this.expectations = new UIDTrackingControllerExpectations(ctx.clock);
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'replicaset' });
    this.podControl = new PodControl(ctx.client, ctx.recorder('replicaset-controller'), REPLICA_SETS);
    this.rsInformer = ctx.informers.informerFor<ReplicaSet>(REPLICA_SETS);
    ensureIndex(this.rsInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (old, cur) => {
        if (old.metadata?.uid !== cur.metadata?.uid) this.expectations.deleteExpectations(metaNamespaceKey(old));
        // Its own status writes come back as updates: those may wait like pod events.
        if (old.metadata?.generation === cur.metadata?.generation && old.metadata?.uid === cur.metadata?.uid) this.enqueueForPod(cur);
        else this.enqueue(cur);
      },
      onDelete: (obj) => {
        const key = metaNamespaceKey(deletedObject(obj));
        this.expectations.deleteExpectations(key);
        this.queue.add(key);
      },
    });
    this.podInformer = ctx.informers.informerFor<Pod>(PODS);
    ensureIndex(this.podInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (obj) => this.deletePod(deletedObject(obj)),
    });
  }

  async run(): Promise<void> {
    if (!(await this.rsInformer.waitForSync()) || !(await this.podInformer.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.sync(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: sync "${key}" failed: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(rs: KubeObject): void {
    this.queue.add(metaNamespaceKey(rs));
  }

  /**
   * Pod events reach a ReplicaSet whose last sync took a millisecond or more after a pause
   * of twenty times that (50 ms at least, a second at most); small ones at once. A sync looks
   * at every pod of the ReplicaSet — milliseconds at 10,000 pods — and an event per pod would
   * otherwise keep it syncing back to back, starving the scheduler, kubelets and API server
   * that share this thread (upstream's controller-manager runs on cores of its own). Events
   * within the pause are coalesced by the queue into one sync.
   */
  private enqueueForPod(rs: KubeObject): void {
    const key = metaNamespaceKey(rs);
    const cost = this.syncCost.get(key) ?? 0;
    if (cost < 1) this.queue.add(key);
    else this.queue.addAfter(key, Math.min(1000, Math.max(50, Math.ceil(20 * cost))));
  }

  /** The ReplicaSet a controller reference names, if it is that very one. */
  private resolveControllerRef(namespace: string | undefined, pod: Pod): ReplicaSet | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== KIND.kind) return undefined;
    const rs = this.rsInformer.lister.get(`${namespace ?? ''}/${ref.name}`);
    return rs && rs.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** getPodReplicaSets: the ReplicaSets whose selector would take this orphan. */
  private replicaSetsSelecting(pod: Pod): ReplicaSet[] {
    const ns = pod.metadata?.namespace ?? '';
    return this.rsInformer.lister
      .namespace(ns)
      .list()
      .filter((rs) => {
        const selector = safeSelector(rs);
        return selector !== undefined && !selector.empty && selector.matches(pod.metadata?.labels);
      });
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) {
      // A pod already being deleted when first seen (after a restart) is no creation.
      this.deletePod(pod);
      return;
    }
    if (controllerOf(pod)) {
      const rs = this.resolveControllerRef(pod.metadata?.namespace, pod);
      if (!rs) return;
      this.expectations.creationObserved(metaNamespaceKey(rs));
      this.enqueueForPod(rs);
      return;
    }
    for (const rs of this.replicaSetsSelecting(pod)) this.enqueueForPod(rs);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // Graceful deletion starts now; the ReplicaSet should replace the pod at once, not when
      // the kubelet finally removes it.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef ?? null) !== JSON.stringify(oldRef ?? null);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata?.namespace, old);
      if (rs) this.enqueueForPod(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata?.namespace, cur);
      if (!rs) return;
      this.enqueueForPod(rs);
      // A pod that just became ready becomes available minReadySeconds later: look then.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(metaNamespaceKey(rs), minReady * 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.replicaSetsSelecting(cur)) this.enqueueForPod(rs);
  }

  private deletePod(pod: Pod): void {
    if (!controllerOf(pod)) return;
    const rs = this.resolveControllerRef(pod.metadata?.namespace, pod);
    if (!rs) return;
    this.expectations.podDeletionObserved(metaNamespaceKey(rs), podKey(pod));
    this.enqueueForPod(rs);
  }

  async sync(key: string): Promise<void> {
    const started = performance.now();
    try {
      await this.syncReplicaSet(key);
    } finally {
      if (this.rsInformer.lister.get(key)) this.syncCost.set(key, performance.now() - started);
      else this.syncCost.delete(key);
    }
  }

  private async syncReplicaSet(key: string): Promise<void> {
    const cached = this.rsInformer.lister.get(key);
    if (!cached) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const rsNeedsSync = this.expectations.satisfiedExpectations(key);
    const selector = safeSelector(cached);
    if (!selector) {
      this.ctx.log.error(`${this.name}: ReplicaSet ${key} has an invalid selector`);
      return;
    }
    const claimed = await this.claimPods(cached, selector, filterActivePods(claimCandidates(this.podInformer, cached)));
    let manageErr: unknown;
    if (rsNeedsSync && !cached.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(claimed, cached, key);
      } catch (err) {
        manageErr = err;
      }
    }
    const status = calculateStatus(cached, claimed, manageErr, this.ctx.clock);
    let updated: ReplicaSet;
    try {
      updated = await updateReplicaSetStatus(this.ctx.client, cached, status);
    } catch (err) {
      if (isStatusCode(err, 404)) return;
      throw err;
    }
    const minReady = updated.spec?.minReadySeconds ?? 0;
    const replicas = replicasOf(updated);
    if (manageErr === undefined && minReady > 0 && (updated.status?.readyReplicas ?? 0) === replicas && (updated.status?.availableReplicas ?? 0) !== replicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageErr !== undefined) throw manageErr;
  }

  private async claimPods(rs: ReplicaSet, selector: Selector, pods: Pod[]): Promise<Pod[]> {
    const manager = new ControllerRefManager<Pod>({
      client: this.ctx.client,
      controller: rs,
      controllerKind: KIND,
      selector,
      rt: PODS,
      canAdopt: recheckDeletionTimestamp(this.ctx.client, REPLICA_SETS, rs),
    });
    return manager.claim(pods);
  }

  /** manageReplicas: one step towards spec.replicas. */
  private async manageReplicas(pods: Pod[], rs: ReplicaSet, key: string): Promise<void> {
    const namespace = rs.metadata?.namespace ?? '';
    let diff = pods.length - replicasOf(rs);
    if (diff < 0) {
      diff = Math.min(-diff, this.burstReplicas);
      this.expectations.expectCreations(key, diff);
      const ref = newControllerRef(rs, KIND.apiVersion, KIND.kind);
      const { successes, error } = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        await this.podControl.createPod(namespace, rs.spec?.template, rs, ref).catch((err: unknown) => {
          // Nothing can be created in a namespace being deleted: not worth a retry.
          if (!isNamespaceTerminating(err)) throw err;
        });
      });
      // Pods never attempted (or failed) will not come back through the informer.
      for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
      return;
    }
    if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      const victims = diff < pods.length ? podsInDeletionOrder(pods, this.indirectlyRelatedPods(rs), this.ctx.clock.now()).slice(0, diff) : pods;
      this.expectations.expectDeletionsOf(key, victims.map(podKey));
      const results = await Promise.allSettled(
        victims.map(async (pod) => {
          try {
            await this.podControl.deletePod(namespace, pod.metadata!.name!, rs);
          } catch (err) {
            // The informer will not report this deletion.
            this.expectations.podDeletionObserved(key, podKey(pod));
            if (!isStatusCode(err, 404)) throw err;
          }
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  /**
   * getIndirectlyRelatedPods: the pods of every ReplicaSet under the same controller (a
   * Deployment's old and new ReplicaSets), for ranking pods doubled up on a node.
   */
  private indirectlyRelatedPods(rs: ReplicaSet): Pod[] {
    const ref = controllerOf(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const related: Pod[] = [];
    for (const sibling of controlledBy(this.rsInformer, ref.uid)) {
      if (sibling.metadata?.namespace !== rs.metadata?.namespace) continue;
      const selector = safeSelector(sibling);
      if (!selector) continue;
      for (const pod of this.podInformer.lister.namespace(sibling.metadata?.namespace ?? '').list(selector)) {
        const uid = pod.metadata?.uid ?? '';
        if (seen.has(uid)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }
}

/** The ReplicaSet's selector; undefined when it cannot be parsed. */
function safeSelector(rs: ReplicaSet): Selector | undefined {
  try {
    return selectorFromLabelSelector(rs.spec?.selector) ?? undefined;
  } catch {
    return undefined;
  }
}
