/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): a pod on a
 * node with NoExecute taints
 *
 *   - that it does not tolerate is deleted at once;
 *   - that it tolerates for a while (tolerationSeconds — 300 s for not-ready and
 *     unreachable unless the pod says otherwise, see DefaultTolerationSeconds admission) is
 *     deleted when the shortest of those times has passed since the controller saw it so;
 *   - that it tolerates forever stays.
 *
 * Before deleting, the pod gets the condition DisruptionTarget=True (reason
 * DeletionByTaintManager); the Event TaintManagerEviction says "Marking for deletion Pod
 * ns/name". A scheduled eviction that is no longer due — the taint was lifted, the pod
 * changed its tolerations, the pod went away — is cancelled with "Cancelling deletion of
 * Pod ns/name". The pod's own controller (a ReplicaSet) then makes a replacement.
 *
 * Keys are pod keys; a node whose NoExecute taints change enqueues the pods on it. A pending
 * eviction is a requeue of the key at its due time, so the decision is re-made from current
 * state then (level-triggered), not remembered as a timer that acts blindly.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import { type SharedInformer, waitForCacheSync } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey, splitMetaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, RequeueAfter, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { POD_NODE_NAME_INDEX, type Pod, ensurePodNodeNameIndex, updatePodCondition } from '../endpoint/pod-util.js';
import type { EventRecorder } from '../events.js';
import { retryUpdate } from '../retry-update.js';
import { type Node, getMatchingTolerations, minTolerationTimeMs } from './taints.js';

const NODES = resourceFor('', 'v1', 'nodes')!;
const PODS = resourceFor('', 'v1', 'pods')!;

interface Scheduled {
  uid: string | undefined;
  /** When the eviction was first decided (its toleration clock started). */
  startedAt: number;
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  private readonly nodes: SharedInformer<Node>;
  private readonly pods: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly scheduled = new Map<string, Scheduled>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'noexec_taint_pod' });
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.nodes = ctx.informers.informerFor<Node>(NODES);
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    ensurePodNodeNameIndex(this.pods as SharedInformer);
    this.nodes.addEventHandler({
      onAdd: (n) => this.enqueuePodsOn(n),
      onUpdate: (old, n) => {
        if (JSON.stringify(noExecuteTaints(old)) !== JSON.stringify(noExecuteTaints(n))) this.enqueuePodsOn(n);
      },
      onDelete: (n) => this.enqueuePodsOn(deletedObject(n)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.queue.add(metaNamespaceKey(p)),
      onUpdate: (old, p) => {
        if (old.spec?.nodeName !== p.spec?.nodeName || JSON.stringify(old.spec?.tolerations ?? []) !== JSON.stringify(p.spec?.tolerations ?? [])) {
          this.queue.add(metaNamespaceKey(p));
        }
      },
      onDelete: (p) => this.queue.add(metaNamespaceKey(deletedObject(p))),
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.nodes, this.pods))) return;
    await runWorkers(this.queue, 4, (key) => this.syncPod(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: pod ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueuePodsOn(node: KubeObject): void {
    for (const pod of this.pods.lister.byIndex(POD_NODE_NAME_INDEX, node.metadata!.name!)) this.queue.add(metaNamespaceKey(pod));
  }

  private async syncPod(key: string): Promise<void> {
    const pod = this.pods.lister.get(key);
    const nodeName = pod?.spec?.nodeName;
    // Gone, unbound, or already on its way out: nothing (more) to evict.
    if (!pod || !nodeName || pod.metadata?.deletionTimestamp) return this.cancel(key, !pod);
    const node = this.nodes.lister.get(nodeName);
    const taints = node ? noExecuteTaints(node) : [];
    if (taints.length === 0) return this.cancel(key, true);
    const { allTolerated, used } = getMatchingTolerations(taints, pod.spec?.tolerations ?? []);
    const now = this.ctx.clock.now();
    let dueAt = now;
    if (allTolerated) {
      const min = minTolerationTimeMs(used);
      if (min < 0) return this.cancel(key, true);
      const scheduled = this.scheduled.get(key);
      const startedAt = scheduled && scheduled.uid === pod.metadata?.uid ? scheduled.startedAt : now;
      this.scheduled.set(key, { uid: pod.metadata?.uid, startedAt });
      dueAt = startedAt + min;
    }
    if (now < dueAt) throw new RequeueAfter(dueAt - now);
    this.scheduled.delete(key);
    const { namespace, name } = splitMetaNamespaceKey(key);
    this.recorder.event({ apiVersion: 'v1', kind: 'Pod', namespace, name }, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    await this.addConditionAndDeletePod(pod);
  }

  /** Forgets a scheduled eviction, saying so when there was one. */
  private cancel(key: string, withEvent: boolean): void {
    if (!this.scheduled.delete(key) || !withEvent) return;
    const { namespace, name } = splitMetaNamespaceKey(key);
    this.recorder.event({ apiVersion: 'v1', kind: 'Pod', namespace, name }, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private async addConditionAndDeletePod(pod: Pod): Promise<void> {
    const at = { namespace: pod.metadata!.namespace, name: pod.metadata!.name!, uid: pod.metadata?.uid };
    const current = await retryUpdate(
      this.ctx.client,
      PODS,
      at,
      (obj) =>
        updatePodCondition(
          obj as Pod,
          { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
          this.ctx.clock.now(),
        ),
      { subresource: 'status' },
    );
    if (!current) return;
    try {
      await this.ctx.client.delete(PODS, at.name, { namespace: at.namespace, preconditions: { uid: at.uid } });
    } catch (err) {
      if (!isStatusCode(err, 404)) throw err;
    }
  }
}

function noExecuteTaints(node: Node) {
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}
