/**
 * The cloud node lifecycle controller (k8s.io/cloud-provider/controllers/nodelifecycle):
 * every --node-monitor-period (5 s) it asks the cloud about each node that is not Ready —
 * a Ready node is left alone, its kubelet is evidently running somewhere —
 *
 *   - instance shut down: the node gets node.cloudprovider.kubernetes.io/shutdown:NoSchedule
 *     (lifted again once the node is Ready);
 *   - instance gone: the Node object is deleted (event DeletingNode, "Deleting node X because
 *     it does not exist in the cloud provider"); the pod GC then removes its pods.
 *
 * So `kubelab node remove` (the simulated provider's removeInstance) makes a node disappear
 * once its kubelet has stopped and the node lifecycle controller has marked it not Ready.
 */
import { type Clock, type TimerHandle, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { type Controller, type ControllerContext, describeError, isStatusCode } from '../controllers/controller.js';
import { referenceTo } from '../controllers/events.js';
import type { EventRecorder } from '../controllers/events.js';
import { type Node, getNodeCondition, swapNodeTaints, taintExists } from '../controllers/nodelifecycle/taints.js';
import type { CloudProvider } from './provider.js';

const NODES = resourceFor('', 'v1', 'nodes')!;

export const TAINT_SHUTDOWN = 'node.cloudprovider.kubernetes.io/shutdown';
const SHUTDOWN_TAINT = { key: TAINT_SHUTDOWN, effect: 'NoSchedule' };

export class CloudNodeLifecycleController implements Controller {
  readonly name = 'cloud-node-lifecycle-controller';
  private readonly nodes: SharedInformer<Node>;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private timer: TimerHandle | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private done: (() => void) | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly cloud: CloudProvider,
    private readonly monitorPeriodMs = 5_000,
  ) {
    this.clock = ctx.clock;
    this.recorder = ctx.recorder('cloud-node-lifecycle-controller');
    this.nodes = ctx.informers.informerFor<Node>(NODES);
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.nodes))) return;
    const finished = new Promise<void>((resolve) => (this.done = resolve));
    this.schedule();
    await finished;
    await this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.clear();
    this.done?.();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock
      .setTimeout(() => {
        this.inFlight = this.monitorNodes()
          .catch((err: unknown) => this.ctx.log.error(`${this.name}: ${describeError(err)}`))
          .finally(() => this.schedule());
      }, this.monitorPeriodMs)
      .unref();
  }

  /** MonitorNodes: one pass over the nodes. */
  async monitorNodes(): Promise<void> {
    const instances = this.cloud.instancesV2();
    for (const node of [...this.nodes.lister.list()]) {
      if (this.stopped) return;
      const name = node.metadata!.name!;
      const ready = getNodeCondition(node, 'Ready')?.status ?? 'Unknown';
      if (ready === 'True') {
        if (taintExists(node.spec?.taints, SHUTDOWN_TAINT)) await swapNodeTaints(this.ctx.client, name, [], [SHUTDOWN_TAINT], this.clock.now());
        continue;
      }
      if (await instances.instanceShutdown(node)) {
        if (!taintExists(node.spec?.taints, SHUTDOWN_TAINT)) await swapNodeTaints(this.ctx.client, name, [SHUTDOWN_TAINT], [], this.clock.now());
        continue;
      }
      if (await instances.instanceExists(node)) continue;
      this.recorder.event({ ...referenceTo(node, NODES), resourceVersion: undefined }, 'Normal', 'DeletingNode', `Deleting node ${name} because it does not exist in the cloud provider`);
      try {
        await this.ctx.client.delete(NODES, name, { preconditions: { uid: node.metadata?.uid } });
      } catch (err) {
        if (isStatusCode(err, 404)) continue;
        this.recorder.event({ ...referenceTo(node, NODES), resourceVersion: undefined }, 'Warning', 'DeleteNodeFailed', `Failed deleting node ${name}: ${describeError(err)}`);
      }
    }
  }
}
