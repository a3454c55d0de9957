/**
 * The cloud node controller (k8s.io/cloud-provider/controllers/node): what the cloud knows
 * about the machine a node runs on goes onto the Node.
 *
 *   - A node not yet initialized — tainted node.cloudprovider.kubernetes.io/uninitialized by
 *     a kubelet started with --cloud-provider=external, or (kubelab) with no providerID —
 *     gets spec.providerID, the instance-type, region and zone labels (GA and beta, those it
 *     does not have already), its addresses, and loses the taint.
 *   - Every node's status.addresses follow the cloud's: on each change of the node and every
 *     --node-status-update-frequency (5 minutes).
 */
import { type TimerHandle, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../controllers/controller.js';
import { jsonEqual } from '../controllers/endpoint/endpoint-util.js';
import type { Node } from '../controllers/nodelifecycle/taints.js';
import { retryUpdate } from '../controllers/retry-update.js';
import type { CloudProvider, InstanceMetadata } from './provider.js';

const NODES = resourceFor('', 'v1', 'nodes')!;

export const TAINT_UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 5 * 60 * 1000;

const LABELS = (m: InstanceMetadata): Record<string, string> => ({
  'node.kubernetes.io/instance-type': m.instanceType,
  'beta.kubernetes.io/instance-type': m.instanceType,
  'topology.kubernetes.io/region': m.region,
  'failure-domain.beta.kubernetes.io/region': m.region,
  'topology.kubernetes.io/zone': m.zone,
  'failure-domain.beta.kubernetes.io/zone': m.zone,
});

export class CloudNodeController implements Controller {
  readonly name = 'cloud-node-controller';
  private readonly nodes: SharedInformer<Node>;
  private readonly queue: RateLimitingQueue<string>;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly cloud: CloudProvider,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'cloud_node' });
    this.nodes = ctx.informers.informerFor<Node>(NODES);
    this.nodes.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata!.name!),
      onUpdate: (_o, n) => this.queue.add(n.metadata!.name!),
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.nodes))) return;
    this.timer = this.ctx.clock
      .setInterval(() => {
        for (const n of this.nodes.lister.list()) this.queue.add(n.metadata!.name!);
      }, NODE_STATUS_UPDATE_FREQUENCY_MS)
      .unref();
    await runWorkers(this.queue, 1, (name) => this.syncNode(name), (name, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: node ${name}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.timer?.clear();
    this.queue.shutDown();
  }

  private async syncNode(name: string): Promise<void> {
    const node = this.nodes.lister.get(name);
    if (!node || node.metadata?.deletionTimestamp) return;
    const instances = this.cloud.instancesV2();
    if (!(await instances.instanceExists(node))) return;
    const meta = await instances.instanceMetadata(node);
    const uninitialized = (node.spec?.taints ?? []).some((t) => t.key === TAINT_UNINITIALIZED);
    if (uninitialized || !node.spec?.providerID) await this.initializeNode(name, meta);
    if (!jsonEqual(node.status?.addresses ?? [], meta.nodeAddresses)) {
      await retryUpdate(
        this.ctx.client,
        NODES,
        { name, uid: node.metadata?.uid },
        (obj) => {
          const n = obj as Node;
          if (jsonEqual(n.status?.addresses ?? [], meta.nodeAddresses)) return false;
          n.status = { ...(n.status ?? {}), addresses: meta.nodeAddresses };
          return true;
        },
        { subresource: 'status' },
      );
    }
  }

  /** initializeNode: provider ID, cloud labels the node lacks, and away with the uninitialized taint. */
  private async initializeNode(name: string, meta: InstanceMetadata): Promise<void> {
    await retryUpdate(this.ctx.client, NODES, { name }, (obj) => {
      const n = obj as Node;
      const spec = (n.spec ??= {});
      let changed = false;
      if (!spec.providerID) {
        spec.providerID = meta.providerID;
        changed = true;
      }
      const labels = { ...(n.metadata?.labels ?? {}) };
      for (const [k, v] of Object.entries(LABELS(meta))) {
        if (labels[k] === undefined && v) {
          labels[k] = v;
          changed = true;
        }
      }
      n.metadata = { ...n.metadata, labels };
      const taints = (spec.taints ?? []).filter((t) => t.key !== TAINT_UNINITIALIZED);
      if (taints.length !== (spec.taints ?? []).length) {
        changed = true;
        if (taints.length) spec.taints = taints;
        else delete spec.taints;
      }
      return changed;
    });
  }
}
