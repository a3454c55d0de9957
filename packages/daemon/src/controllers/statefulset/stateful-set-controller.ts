/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): the informers,
 * event handlers and queue around StatefulSetControl (stateful-set-control.ts), which does
 * the work. A sync claims the set's pods — by selector and by name, "<set>-<ordinal>" — and
 * its ControllerRevisions, then takes one step; with minReadySeconds it looks again once
 * ready pods may have become available.
 */
import { type Selector, selectorFromLabelSelector } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../controller.js';
import { CONTROLLER_REVISIONS, ControllerHistory, type ControllerRevision } from '../history/controller-history.js';
import { ControllerRefManager, recheckDeletionTimestamp } from '../replicaset/controller-ref-manager.js';
import { CONTROLLER_UID_INDEX, claimCandidates, controllerUidIndexFunc, ensureIndex } from '../replicaset/indexes.js';
import { PODS } from '../replicaset/pod-control.js';
import { type Pod, controllerOf, isPodReady } from '../replicaset/pod-util.js';
import { StatefulPodControl } from './stateful-pod-control.js';
import { StatefulSetControl } from './stateful-set-control.js';
import { PVCS, type PersistentVolumeClaim, STATEFUL_SETS, type StatefulSet, isMemberOf, replicasOfSet } from './stateful-set-utils.js';

const KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' };

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  private readonly setInformer: SharedInformer<StatefulSet>;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly historyInformer: SharedInformer<ControllerRevision>;
  private readonly claimInformer: SharedInformer<PersistentVolumeClaim>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly control: StatefulSetControl;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 5,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'statefulset' });
    this.setInformer = ctx.informers.informerFor<StatefulSet>(STATEFUL_SETS);
    this.podInformer = ctx.informers.informerFor<Pod>(PODS);
    this.historyInformer = ctx.informers.informerFor<ControllerRevision>(CONTROLLER_REVISIONS);
    this.claimInformer = ctx.informers.informerFor<PersistentVolumeClaim>(PVCS);
    ensureIndex(this.podInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    ensureIndex(this.historyInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    const recorder = ctx.recorder('statefulset-controller');
    this.control = new StatefulSetControl({
      client: ctx.client,
      clock: ctx.clock,
      history: new ControllerHistory(ctx.client),
      podControl: new StatefulPodControl(ctx.client, recorder, this.claimInformer.lister),
      recorder,
    });
    this.setInformer.addEventHandler({
      onAdd: (set) => this.enqueue(set),
      onUpdate: (_o, set) => this.enqueue(set),
      onDelete: (set) => this.enqueue(deletedObject(set)),
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podChanged(undefined, pod),
      onUpdate: (old, pod) => this.podChanged(old, pod),
      onDelete: (pod) => {
        const set = this.resolveControllerRef(deletedObject(pod));
        if (set) this.enqueue(set);
      },
    });
  }

  async run(): Promise<void> {
    for (const i of [this.setInformer, this.podInformer, this.historyInformer, this.claimInformer]) if (!(await i.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.sync(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: sync "${key}" failed: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(set: StatefulSet): void {
    this.queue.add(metaNamespaceKey(set));
  }

  private resolveControllerRef(pod: Pod): StatefulSet | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== KIND.kind) return undefined;
    const set = this.setInformer.lister.get(`${pod.metadata?.namespace ?? ''}/${ref.name}`);
    return set && set.metadata?.uid === ref.uid ? set : undefined;
  }

  private podChanged(old: Pod | undefined, cur: Pod): void {
    if (old && old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const oldRef = old ? controllerOf(old) : undefined;
    const curRef = controllerOf(cur);
    if (old && oldRef && JSON.stringify(oldRef) !== JSON.stringify(curRef ?? null)) {
      const set = this.resolveControllerRef(old);
      if (set) this.enqueue(set);
    }
    if (curRef) {
      const set = this.resolveControllerRef(cur);
      if (!set) return;
      this.enqueue(set);
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (old && !isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(metaNamespaceKey(set), minReady * 1000 + 1000);
      return;
    }
    // An orphan: the sets that could adopt it.
    for (const set of this.setInformer.lister.namespace(cur.metadata?.namespace ?? '').list()) {
      const selector = safeSelector(set);
      if (selector && !selector.empty && selector.matches(cur.metadata?.labels)) this.enqueue(set);
    }
  }

  async sync(key: string): Promise<void> {
    const set = this.setInformer.lister.get(key);
    if (!set) return;
    const selector = safeSelector(set);
    if (!selector) return;
    const canAdopt = recheckDeletionTimestamp(this.ctx.client, STATEFUL_SETS, set);
    const claim = <T extends Pod | ControllerRevision>(rt: typeof PODS, objects: readonly T[], filter?: (o: T) => boolean) =>
      new ControllerRefManager<T>({ client: this.ctx.client, controller: set, controllerKind: KIND, selector, rt, canAdopt }).claim(objects, filter);
    // adoptOrphanRevisions, then ListRevisions: the set's own ones.
    const revisions = await claim(CONTROLLER_REVISIONS, claimCandidates(this.historyInformer, set));
    const pods = await claim(PODS, claimCandidates(this.podInformer, set), (p) => isMemberOf(set, p));
    const status = await this.control.update(set, [...pods], structuredClone([...revisions]));
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.availableReplicas !== replicasOfSet(set)) this.queue.addAfter(key, minReady * 1000);
  }
}

function safeSelector(set: StatefulSet): Selector | undefined {
  try {
    return selectorFromLabelSelector(set.spec?.selector) ?? undefined;
  } catch {
    return undefined;
  }
}
