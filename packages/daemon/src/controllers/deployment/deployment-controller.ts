/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go): rolls a
 * Deployment's pod template out through ReplicaSets — one per template, named
 * "<deployment>-<pod-template-hash>".
 *
 * syncDeployment(key):
 *   - an empty selector selects everything: refused, with a SelectingAll warning;
 *   - claims ReplicaSets by selector (adoption and orphaning, as for pods);
 *   - being deleted: status only;
 *   - paused, or only replicas changed (a scaling event): scale, do not roll;
 *   - else roll out with the strategy: RollingUpdate (rolling.ts) or Recreate (recreate.ts).
 *
 * ReplicaSet and pod events wake the owning Deployment; a deleted pod matters to Recreate
 * only, once the last old pod is gone.
 */
import { type Selector, selectorFromLabelSelector } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../controller.js';
import { ControllerRefManager, recheckDeletionTimestamp } from '../replicaset/controller-ref-manager.js';
import { CONTROLLER_UID_INDEX, claimCandidates, controlledBy, controllerUidIndexFunc, ensureIndex } from '../replicaset/indexes.js';
import { PODS } from '../replicaset/pod-control.js';
import { type Pod, controllerOf } from '../replicaset/pod-util.js';
import { REPLICA_SETS, type ReplicaSet } from '../replicaset/replica-set-types.js';
import { DEPLOYMENTS, type Deployment } from './deployment-types.js';
import { checkPausedConditions } from './progress.js';
import { type PodMap, rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { DeploymentSync } from './sync.js';

const KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  private readonly dInformer: SharedInformer<Deployment>;
  private readonly rsInformer: SharedInformer<ReplicaSet>;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly syncer: DeploymentSync;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 5,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'deployment' });
    this.dInformer = ctx.informers.informerFor<Deployment>(DEPLOYMENTS);
    this.rsInformer = ctx.informers.informerFor<ReplicaSet>(REPLICA_SETS);
    this.podInformer = ctx.informers.informerFor<Pod>(PODS);
    ensureIndex(this.rsInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    ensureIndex(this.podInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    this.syncer = new DeploymentSync({ client: ctx.client, clock: ctx.clock, recorder: ctx.recorder('deployment-controller'), replicaSets: this.rsInformer });
    this.dInformer.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(deletedObject(d)),
    });
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => this.deleteReplicaSet(deletedObject(rs)),
    });
    this.podInformer.addEventHandler({ onDelete: (pod) => this.deletePod(deletedObject(pod)) });
  }

  async run(): Promise<void> {
    for (const i of [this.dInformer, this.rsInformer, this.podInformer]) if (!(await i.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.syncDeployment(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: sync "${key}" failed: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(d: Deployment): void {
    this.queue.add(metaNamespaceKey(d));
  }

  private resolveControllerRef(namespace: string | undefined, rs: ReplicaSet): Deployment | undefined {
    const ref = controllerOf(rs);
    if (!ref || ref.kind !== KIND.kind) return undefined;
    const d = this.dInformer.lister.get(`${namespace ?? ''}/${ref.name}`);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: Deployments whose selector would take this orphan. */
  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    return this.dInformer.lister
      .namespace(rs.metadata?.namespace ?? '')
      .list()
      .filter((d) => {
        const selector = safeSelector(d);
        return selector !== undefined && !selector.empty && selector.matches(rs.metadata?.labels);
      });
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata?.deletionTimestamp) {
      this.deleteReplicaSet(rs);
      return;
    }
    if (controllerOf(rs)) {
      const d = this.resolveControllerRef(rs.metadata?.namespace, rs);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef ?? null) !== JSON.stringify(oldRef ?? null);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata?.namespace, old);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata?.namespace, cur);
      if (d) this.enqueue(d);
      return;
    }
    const labelChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (labelChanged || refChanged) for (const d of this.deploymentsSelecting(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSet): void {
    const d = this.resolveControllerRef(rs.metadata?.namespace, rs);
    if (d) this.enqueue(d);
  }

  /** A Recreate Deployment waits for its old pods to be gone: the last one going wakes it. */
  private deletePod(pod: Pod): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.lister.get(`${pod.metadata?.namespace ?? ''}/${ref.name}`);
    if (!rs || rs.metadata?.uid !== ref.uid) return;
    const d = this.resolveControllerRef(rs.metadata?.namespace, rs);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const remaining = controlledBy(this.rsInformer, d.metadata!.uid!).reduce((n, r) => n + controlledBy(this.podInformer, r.metadata!.uid!).length, 0);
    if (remaining === 0) this.enqueue(d);
  }

  async syncDeployment(key: string): Promise<void> {
    const cached = this.dInformer.lister.get(key);
    if (!cached) return;
    const d: Deployment = structuredClone(cached);
    const selector = safeSelector(d);
    if (!selector) {
      this.ctx.log.error(`${this.name}: Deployment ${key} has an invalid selector`);
      return;
    }
    if (selector.empty) {
      this.syncer.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      const generation = d.metadata?.generation ?? 0;
      if ((d.status?.observedGeneration ?? 0) < generation) {
        d.status = { ...d.status, observedGeneration: generation };
        await this.syncer.writeStatus(d);
      }
      return;
    }
    const rsList = await this.replicaSetsFor(d, selector);
    if (d.metadata?.deletionTimestamp) {
      await this.syncer.syncStatusOnly(d, rsList);
      return;
    }
    await checkPausedConditions(this.syncer, d);
    if (d.spec?.paused || (await this.syncer.isScalingEvent(d, rsList))) {
      await this.syncer.syncScaling(d, rsList);
      return;
    }
    if (d.spec?.strategy?.type === 'Recreate') await rolloutRecreate(this.syncer, d, rsList, this.podMapFor(d, selector, rsList));
    else await rolloutRolling(this.syncer, d, rsList);
  }

  /** getReplicaSetsForDeployment: claimed by selector, adopting and orphaning. */
  private async replicaSetsFor(d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
    const all = claimCandidates(this.rsInformer, d);
    const manager = new ControllerRefManager<ReplicaSet>({
      client: this.ctx.client,
      controller: d,
      controllerKind: KIND,
      selector,
      rt: REPLICA_SETS,
      canAdopt: recheckDeletionTimestamp(this.ctx.client, DEPLOYMENTS, d),
    });
    return manager.claim(all);
  }

  /** getPodMapForDeployment: the Deployment's pods, by the uid of their ReplicaSet. */
  private podMapFor(d: Deployment, selector: Selector, rsList: ReplicaSet[]): PodMap {
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata!.uid!, []]));
    for (const pod of this.podInformer.lister.namespace(d.metadata?.namespace ?? '').list(selector)) {
      const ref = controllerOf(pod);
      if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(pod);
    }
    return map;
  }
}

function safeSelector(d: Deployment): Selector | undefined {
  try {
    return selectorFromLabelSelector(d.spec?.selector) ?? undefined;
  } catch {
    return undefined;
  }
}
