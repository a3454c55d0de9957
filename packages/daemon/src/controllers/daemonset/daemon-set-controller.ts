/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go): one pod of each
 * DaemonSet on every node that should run it (see node-eligibility.ts).
 *
 * syncDaemonSet(key):
 *   1. the current ControllerRevision (created for a new template) and the old ones;
 *   2. while expectations are unmet: status only;
 *   3. manage: a pod for each eligible node without one, pinned to it by node affinity (the
 *      scheduler binds it); surplus pods, pods on nodes that no longer qualify, and failed
 *      pods (with a FailedDaemonPod warning and a per-node backoff) are deleted;
 *   4. RollingUpdate: one step of the update (daemon-set-update.ts); OnDelete: nothing;
 *   5. old revisions past revisionHistoryLimit are deleted; the status is written.
 *
 * Node events matter when they change whether a node should run a DaemonSet (labels,
 * taints, a node added or removed).
 */
import { type Selector, resourceFor, selectorFromLabelSelector } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { scaledValue } from '../deployment/deployment-util.js';
import { type EventRecorder, referenceTo } from '../events.js';
import { CONTROLLER_REVISIONS, ControllerHistory, type ControllerRevision } from '../history/controller-history.js';
import { ControllerRefManager, recheckDeletionTimestamp } from '../replicaset/controller-ref-manager.js';
import { ControllerExpectations } from '../replicaset/expectations.js';
import { CONTROLLER_UID_INDEX, claimCandidates, controllerUidIndexFunc, ensureIndex } from '../replicaset/indexes.js';
import { PODS, PodControl, isNamespaceTerminating } from '../replicaset/pod-control.js';
import { type Pod, controllerOf, isPodAvailable, isPodReady, isPodTerminal, newControllerRef } from '../replicaset/pod-util.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../replicaset/slow-start.js';
import { cleanupHistory, constructHistory } from './daemon-set-history.js';
import { byCreationTimestampAndPhase, calculateDaemonSetStatus, resyncAfterMs, storeDaemonSetStatus } from './daemon-set-status.js';
import { DAEMON_SETS, DAEMON_SET_UNIQUE_LABEL, type DaemonSet, TEMPLATE_GENERATION_LABEL, templateGeneration } from './daemon-set-types.js';
import { rollingUpdateStep } from './daemon-set-update.js';
import { FailedPodsBackoff } from './failed-pods-backoff.js';
import { type Node, addDaemonPodTolerations, nodeShouldRunDaemonPod, pinToNode, targetNodeName } from './node-eligibility.js';

const NODES = resourceFor('', 'v1', 'nodes')!;
const KIND = { apiVersion: 'apps/v1', kind: 'DaemonSet' };
/** BurstReplicas of the DaemonSet controller. */
const BURST_REPLICAS = 250;

export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller';
  readonly expectations: ControllerExpectations;
  private readonly dsInformer: SharedInformer<DaemonSet>;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly nodeInformer: SharedInformer<Node>;
  private readonly historyInformer: SharedInformer<ControllerRevision>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly podControl: PodControl;
  private readonly history: ControllerHistory;
  private readonly backoff: FailedPodsBackoff;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 2,
  ) {
    this.expectations = new ControllerExpectations(ctx.clock);
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'daemonset' });
    this.recorder = ctx.recorder('daemonset-controller');
    this.podControl = new PodControl(ctx.client, this.recorder, DAEMON_SETS);
    this.history = new ControllerHistory(ctx.client);
    this.backoff = new FailedPodsBackoff(ctx.clock, 1000, 15 * 60 * 1000);
    this.dsInformer = ctx.informers.informerFor<DaemonSet>(DAEMON_SETS);
    this.podInformer = ctx.informers.informerFor<Pod>(PODS);
    this.nodeInformer = ctx.informers.informerFor<Node>(NODES);
    this.historyInformer = ctx.informers.informerFor<ControllerRevision>(CONTROLLER_REVISIONS);
    ensureIndex(this.podInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    ensureIndex(this.historyInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    this.dsInformer.addEventHandler({
      onAdd: (ds) => this.enqueue(ds),
      onUpdate: (_o, ds) => this.enqueue(ds),
      onDelete: (obj) => {
        const key = metaNamespaceKey(deletedObject(obj));
        this.expectations.deleteExpectations(key);
        this.queue.add(key);
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (obj) => this.deletePod(deletedObject(obj)),
    });
    this.nodeInformer.addEventHandler({
      onAdd: (node) => this.nodeChanged(undefined, node),
      onUpdate: (old, cur) => this.nodeChanged(old, cur),
      onDelete: () => this.dsInformer.lister.list().forEach((ds) => this.enqueue(ds)),
    });
    const historyChanged = (rev: ControllerRevision) => {
      const ds = this.resolveControllerRef(rev);
      if (ds) this.enqueue(ds);
      else if (!controllerOf(rev)) this.daemonSetsSelecting(rev).forEach((d) => this.enqueue(d));
    };
    this.historyInformer.addEventHandler({ onAdd: historyChanged, onUpdate: (_o, r) => historyChanged(r), onDelete: (r) => historyChanged(deletedObject(r)) });
  }

  async run(): Promise<void> {
    for (const i of [this.dsInformer, this.podInformer, this.nodeInformer, this.historyInformer]) if (!(await i.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.syncDaemonSet(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: sync "${key}" failed: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(ds: DaemonSet): void {
    this.queue.add(metaNamespaceKey(ds));
  }

  private resolveControllerRef(obj: Pod | ControllerRevision): DaemonSet | undefined {
    const ref = controllerOf(obj);
    if (!ref || ref.kind !== KIND.kind) return undefined;
    const ds = this.dsInformer.lister.get(`${obj.metadata?.namespace ?? ''}/${ref.name}`);
    return ds && ds.metadata?.uid === ref.uid ? ds : undefined;
  }

  private daemonSetsSelecting(obj: Pod | ControllerRevision): DaemonSet[] {
    return this.dsInformer.lister
      .namespace(obj.metadata?.namespace ?? '')
      .list()
      .filter((ds) => {
        const s = safeSelector(ds);
        return s !== undefined && !s.empty && s.matches(obj.metadata?.labels);
      });
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    if (controllerOf(pod)) {
      const ds = this.resolveControllerRef(pod);
      if (!ds) return;
      this.expectations.creationObserved(metaNamespaceKey(ds));
      this.enqueue(ds);
      return;
    }
    for (const ds of this.daemonSetsSelecting(pod)) this.enqueue(ds);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp) return this.deletePod(cur);
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    if (oldRef && JSON.stringify(oldRef) !== JSON.stringify(curRef ?? null)) {
      const ds = this.resolveControllerRef(old);
      if (ds) this.enqueue(ds);
    }
    if (curRef) {
      const ds = this.resolveControllerRef(cur);
      if (!ds) return;
      this.enqueue(ds);
      const minReady = ds.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(metaNamespaceKey(ds), minReady * 1000 + 1000);
      return;
    }
    for (const ds of this.daemonSetsSelecting(cur)) this.enqueue(ds);
  }

  private deletePod(pod: Pod): void {
    const ds = this.resolveControllerRef(pod);
    if (!ds) return;
    this.expectations.deletionObserved(metaNamespaceKey(ds));
    this.enqueue(ds);
  }

  /** A node matters to a DaemonSet when whether it should (continue to) run there changes. */
  private nodeChanged(old: Node | undefined, cur: Node): void {
    // Eligibility reads only the node's labels and taints: a heartbeat or status write cannot
    // change it (upstream's shouldIgnoreNodeUpdate skips those updates too).
    if (old && sameJson(old.metadata?.labels, cur.metadata?.labels) && sameJson(old.spec?.taints, cur.spec?.taints)) return;
    for (const ds of this.dsInformer.lister.list()) {
      const now = nodeShouldRunDaemonPod(cur, ds.spec?.template);
      const before = old ? nodeShouldRunDaemonPod(old, ds.spec?.template) : [false, false];
      if (!old ? now[0] : now[0] !== before[0] || now[1] !== before[1]) this.enqueue(ds);
    }
  }

  async syncDaemonSet(key: string): Promise<void> {
    const ds = this.dsInformer.lister.get(key);
    if (!ds) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const selector = safeSelector(ds);
    if (!selector) return;
    if (selector.empty) {
      this.recorder.event(referenceTo(ds, DAEMON_SETS), 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    if (ds.metadata?.deletionTimestamp) return;
    const nodes = this.nodeInformer.lister.list();
    const pods = await this.daemonPods(ds, selector);
    const revisions = await this.controlledHistories(ds, selector);
    const [cur, old] = await constructHistory(this.ctx.client, this.history, ds, revisions, pods);
    const hash = cur.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL] ?? '';
    if (!this.expectations.satisfiedExpectations(key)) {
      await this.updateStatus(ds, nodes, pods, hash, false);
      return;
    }
    let syncErr: unknown;
    try {
      await this.manage(ds, nodes, pods, hash, key);
      if (this.expectations.satisfiedExpectations(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        const step = rollingUpdateStep(ds, nodes, nodeToPods(pods), hash, this.ctx.clock.now());
        await this.syncNodes(ds, step.podsToDelete, step.nodesToCreate, hash, key);
      }
      await cleanupHistory(this.history, ds, old, pods);
    } catch (err) {
      syncErr = err;
    }
    await this.updateStatus(ds, nodes, pods, hash, true);
    if (syncErr !== undefined) throw syncErr;
  }

  private async updateStatus(ds: DaemonSet, nodes: readonly Node[], pods: Pod[], hash: string, updateObservedGen: boolean): Promise<void> {
    const status = calculateDaemonSetStatus(ds, nodes, nodeToPods(pods), hash, this.ctx.clock.now());
    try {
      await storeDaemonSetStatus(this.ctx.client, ds, status, updateObservedGen);
    } catch (err) {
      if (!isStatusCode(err, 404)) throw err;
    }
    const after = resyncAfterMs(ds, status);
    if (after !== undefined) this.queue.addAfter(metaNamespaceKey(ds), after);
  }

  /** getDaemonPods: claimed by selector; deleted terminal pods are the kubelet's business. */
  private async daemonPods(ds: DaemonSet, selector: Selector): Promise<Pod[]> {
    const all = claimCandidates(this.podInformer, ds);
    const manager = new ControllerRefManager<Pod>({
      client: this.ctx.client,
      controller: ds,
      controllerKind: KIND,
      selector,
      rt: PODS,
      canAdopt: recheckDeletionTimestamp(this.ctx.client, DAEMON_SETS, ds),
    });
    const claimed = await manager.claim(all);
    return claimed.filter((p) => !(isPodTerminal(p) && p.metadata?.deletionTimestamp));
  }

  private async controlledHistories(ds: DaemonSet, selector: Selector): Promise<ControllerRevision[]> {
    const all = claimCandidates(this.historyInformer, ds);
    const manager = new ControllerRefManager<ControllerRevision>({
      client: this.ctx.client,
      controller: ds,
      controllerKind: KIND,
      selector,
      rt: CONTROLLER_REVISIONS,
      canAdopt: recheckDeletionTimestamp(this.ctx.client, DAEMON_SETS, ds),
    });
    return manager.claim(all);
  }

  /** manage + podsShouldBeOnNode: which nodes need a pod, which pods must go. */
  private async manage(ds: DaemonSet, nodes: readonly Node[], pods: Pod[], hash: string, key: string): Promise<void> {
    const byNode = nodeToPods(pods);
    const needing: string[] = [];
    const toDelete: string[] = [];
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const ns = ds.metadata?.namespace;
    // util.AllowsSurge: maxSurge scaled to one node is not zero.
    const surge = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, 1, true) !== 0;
    for (const node of nodes) {
      const nodeName = node.metadata!.name!;
      const [shouldRun, shouldContinue] = nodeShouldRunDaemonPod(node, ds.spec?.template);
      const daemonPods = byNode.get(nodeName);
      if (shouldRun && !daemonPods) {
        needing.push(nodeName);
      } else if (shouldContinue && daemonPods) {
        const running: Pod[] = [];
        for (const pod of daemonPods) {
          if (pod.metadata?.deletionTimestamp) continue;
          if (pod.status?.phase === 'Failed') {
            const backoffKey = `${ds.metadata!.uid}/${nodeName}`;
            if (this.backoff.isInBackOffSinceUpdate(backoffKey)) {
              this.queue.addAfter(key, this.backoff.remaining(backoffKey));
              continue;
            }
            this.backoff.next(backoffKey);
            this.recorder.event(referenceTo(ds, DAEMON_SETS), 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata!.namespace}/${pod.metadata!.name} on node ${nodeName}, will try to kill it`);
            toDelete.push(pod.metadata!.name!);
          } else running.push(pod);
        }
        running.sort(byCreationTimestampAndPhase);
        if (!surge) {
          for (const extra of running.slice(1)) toDelete.push(extra.metadata!.name!);
          continue;
        }
        // With surge, two pods may share a node: the oldest new one and the oldest old one,
        // while the new one is not yet available and the old one is ready.
        let oldestNew: Pod | undefined;
        let oldestOld: Pod | undefined;
        for (const pod of running) {
          const isNew = pod.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL] === hash;
          if (isNew && !oldestNew) oldestNew = pod;
          else if (!isNew && !oldestOld) oldestOld = pod;
          else toDelete.push(pod.metadata!.name!);
        }
        if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, now))) toDelete.push(oldestOld.metadata!.name!);
      } else if (!shouldContinue && daemonPods) {
        for (const pod of daemonPods) if (!pod.metadata?.deletionTimestamp) toDelete.push(pod.metadata!.name!);
      }
    }
    // Unscheduled pods pinned to nodes that no longer exist.
    const existing = new Set(nodes.map((n) => n.metadata!.name!));
    for (const [nodeName, nodePods] of byNode) {
      if (existing.has(nodeName)) continue;
      for (const pod of nodePods) if (!pod.spec?.nodeName) toDelete.push(pod.metadata!.name!);
    }
    await this.syncNodes(ds, toDelete, needing, hash, key);
  }

  /** syncNodes: creates pods on nodes (slow-start batches) and deletes pods, with expectations. */
  private async syncNodes(ds: DaemonSet, podsToDelete: string[], nodesNeeding: string[], hash: string, key: string): Promise<void> {
    const createDiff = Math.min(nodesNeeding.length, BURST_REPLICAS);
    const deleteDiff = Math.min(podsToDelete.length, BURST_REPLICAS);
    if (createDiff === 0 && deleteDiff === 0) return;
    this.expectations.setExpectations(key, createDiff, deleteDiff);
    const ns = ds.metadata!.namespace!;
    const generation = templateGeneration(ds);
    const template = structuredClone(ds.spec?.template ?? {});
    template.metadata = { ...template.metadata, labels: { ...(template.metadata?.labels ?? {}), [DAEMON_SET_UNIQUE_LABEL]: hash } };
    if (generation !== undefined) template.metadata.labels![TEMPLATE_GENERATION_LABEL] = String(generation);
    template.spec ??= {};
    addDaemonPodTolerations(template.spec);
    const ref = newControllerRef(ds, KIND.apiVersion, KIND.kind);
    const errors: unknown[] = [];
    const { successes, error } = await slowStartBatch(createDiff, SLOW_START_INITIAL_BATCH_SIZE, async (i) => {
      const podTemplate = structuredClone(template);
      pinToNode(podTemplate.spec!, nodesNeeding[i]!);
      await this.podControl.createPod(ns, podTemplate, ds, ref).catch((err: unknown) => {
        if (!isNamespaceTerminating(err)) throw err;
      });
    });
    if (error !== undefined) errors.push(error);
    // Creations that failed or were skipped will not be observed.
    for (let i = successes; i < createDiff; i++) this.expectations.creationObserved(key);
    await Promise.all(
      podsToDelete.slice(0, deleteDiff).map(async (name) => {
        try {
          await this.podControl.deletePod(ns, name, ds);
        } catch (err) {
          this.expectations.deletionObserved(key);
          if (!isStatusCode(err, 404)) errors.push(err);
        }
      }),
    );
    if (errors.length > 0) throw errors[0];
  }
}

/** getNodesToDaemonPods: pods by the node they run on or are pinned to. */
function nodeToPods(pods: readonly Pod[]): Map<string, Pod[]> {
  const map = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = targetNodeName(pod);
    if (!node) continue;
    let list = map.get(node);
    if (!list) map.set(node, (list = []));
    list.push(pod);
  }
  return map;
}

function safeSelector(ds: DaemonSet): Selector | undefined {
  try {
    return selectorFromLabelSelector(ds.spec?.selector) ?? undefined;
  } catch {
    return undefined;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
