/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go). Every 20 s it
 * force-deletes pods nobody else will clean up:
 *
 *   terminated   finished pods (Succeeded, Failed) beyond --terminated-pod-gc-threshold
 *                (12500), evicted ones first, then the oldest;
 *   orphaned     pods bound to a node that no longer exists — after a 40 s quarantine and a
 *                fresh GET, so a node being re-registered is not mistaken for a gone one;
 *                they get DisruptionTarget=True (DeletionByPodGC, "PodGC: node no longer
 *                exists");
 *   terminating  pods being deleted on a node that is not Ready and is tainted
 *                node.kubernetes.io/out-of-service (the admin said it is gone for good);
 *   unscheduled  pods being deleted that were never bound to a node.
 *
 * A pod not yet finished is first marked Failed, so it does not stay "Running" forever with
 * no kubelet left to say otherwise, then deleted with a grace period of 0.
 */
import { type Clock, type TimerHandle, resourceFor } from '@kubelab/core';
import { type SharedInformer, waitForCacheSync } from '@kubelab/core/cache/informer';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isStatusCode } from '../controller.js';
import { type Pod, type PodCondition, updatePodCondition } from '../endpoint/pod-util.js';
import { retryUpdate } from '../retry-update.js';
import { type Node, isNodeReady } from '../nodelifecycle/taints.js';

const PODS = resourceFor('', 'v1', 'pods')!;
const NODES = resourceFor('', 'v1', 'nodes')!;

export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_TIME_MS = 40_000;
export const DEFAULT_TERMINATED_POD_THRESHOLD = 12_500;
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export class PodGCController implements Controller {
  readonly name = 'pod-garbage-collector-controller';
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer<Node>;
  /** Nodes seen missing, handed out once their quarantine is over. */
  private readonly nodeQueue: RateLimitingQueue<string>;
  private readonly clock: Clock;
  private readonly threshold: number;
  private timer: TimerHandle | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private done: (() => void) | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.clock = ctx.clock;
    this.threshold = ctx.flags.terminatedPodGcThreshold ?? DEFAULT_TERMINATED_POD_THRESHOLD;
    this.nodeQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'orphaned_pods_nodes' });
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    this.nodes = ctx.informers.informerFor<Node>(NODES);
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.pods, this.nodes))) return;
    const finished = new Promise<void>((resolve) => (this.done = resolve));
    this.schedule(GC_CHECK_PERIOD_MS);
    await finished;
    await this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.clear();
    this.nodeQueue.shutDown();
    this.done?.();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.clock
      .setTimeout(() => {
        this.inFlight = this.gc()
          .catch((err: unknown) => this.ctx.log.error(`${this.name}: ${describeError(err)}`))
          .finally(() => this.schedule(GC_CHECK_PERIOD_MS));
      }, delayMs)
      .unref();
  }

  /** One pass; exposed for tests that want a pass now. */
  async gc(): Promise<void> {
    const pods = [...this.pods.lister.list()];
    const nodes = [...this.nodes.lister.list()];
    if (this.threshold > 0) await this.gcTerminated(pods);
    await this.gcTerminating(pods);
    await this.gcOrphaned(pods, nodes);
    await this.gcUnscheduledTerminating(pods);
  }

  private async gcTerminated(pods: Pod[]): Promise<void> {
    const terminated = pods.filter((p) => !['Pending', 'Running', 'Unknown', undefined].includes(p.status?.phase));
    const excess = terminated.length - this.threshold;
    if (excess <= 0) return;
    this.ctx.log.info(`${this.name}: garbage collecting ${excess} pods`);
    terminated.sort(byEvictionAndCreationTimestamp);
    for (const pod of terminated.slice(0, excess)) await this.markFailedAndDeletePod(pod);
  }

  private async gcTerminating(pods: Pod[]): Promise<void> {
    for (const pod of pods) {
      if (!pod.metadata?.deletionTimestamp || !pod.spec?.nodeName) continue;
      const node = this.nodes.lister.get(pod.spec.nodeName);
      if (!node || isNodeReady(node)) continue;
      if (!(node.spec?.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE)) continue;
      await this.markFailedAndDeletePod(pod);
    }
  }

  private async gcOrphaned(pods: Pod[], nodes: Node[]): Promise<void> {
    const existing = new Set(nodes.map((n) => n.metadata!.name!));
    for (const pod of pods) {
      const node = pod.spec?.nodeName;
      if (node && !existing.has(node)) this.nodeQueue.addAfter(node, QUARANTINE_TIME_MS);
    }
    const deleted = new Set<string>();
    while (this.nodeQueue.len() > 0) {
      const { key, shutdown } = await this.nodeQueue.get();
      if (shutdown) return;
      try {
        if (!existing.has(key) && !(await this.nodeExists(key))) deleted.add(key);
      } catch (err) {
        this.ctx.log.info(`${this.name}: error while getting node ${key}: ${describeError(err)}`);
      } finally {
        this.nodeQueue.done(key);
      }
    }
    for (const pod of pods) {
      if (!pod.spec?.nodeName || !deleted.has(pod.spec.nodeName)) continue;
      await this.markFailedAndDeletePod(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
    }
  }

  private async gcUnscheduledTerminating(pods: Pod[]): Promise<void> {
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp && !pod.spec?.nodeName) await this.markFailedAndDeletePod(pod);
    }
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.ctx.client.get(NODES, name);
      return true;
    } catch (err) {
      if (isStatusCode(err, 404)) return false;
      throw err;
    }
  }

  /** markFailedAndDeletePodWithCondition: Failed first (with the condition), then deleted with no grace. */
  private async markFailedAndDeletePod(pod: Pod, condition?: PodCondition): Promise<void> {
    const at = { namespace: pod.metadata!.namespace, name: pod.metadata!.name!, uid: pod.metadata?.uid };
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        const written = await retryUpdate(
          this.ctx.client,
          PODS,
          at,
          (obj) => {
            const p = obj as Pod;
            p.status = { ...(p.status ?? {}), phase: 'Failed' };
            if (condition) updatePodCondition(p, condition, this.clock.now());
            return true;
          },
          { subresource: 'status' },
        );
        if (!written) return;
      }
      await this.ctx.client.delete(PODS, at.name, { namespace: at.namespace, gracePeriodSeconds: 0, preconditions: { uid: at.uid } });
      this.ctx.log.info(`${this.name}: forced deletion of pod ${at.namespace}/${at.name} succeeded`);
    } catch (err) {
      if (!isStatusCode(err, 404) && !isStatusCode(err, 409)) this.ctx.log.error(`${this.name}: deleting pod ${at.namespace}/${at.name}: ${describeError(err)}`);
    }
  }
}

/** Evicted pods first, then the oldest, then by name. */
function byEvictionAndCreationTimestamp(a: Pod, b: Pod): number {
  const ea = a.status?.reason === 'Evicted';
  const eb = b.status?.reason === 'Evicted';
  if (ea !== eb) return ea ? -1 : 1;
  const ca = a.metadata?.creationTimestamp ?? '';
  const cb = b.metadata?.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}
