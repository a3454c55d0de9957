/**
 * The node lease controller (pkg/kubelet/nodelease, component-helpers/apimachinery/lease):
 * the kubelet's heartbeat is its Lease kube-node-lease/<node>, renewed every
 * nodeLeaseRenewInterval (10 s) with renewTime = now and holderIdentity = the node, owned
 * by the Node so it goes when the node goes. The node lifecycle controller watches
 * renewTime; when renewals stop, the node turns Unknown after its grace period.
 */
import { type Clock, type KubeObject, type TimerHandle, microTimestamp, resourceFor } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';

const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLeaseOptions {
  client: KubeClient;
  clock: Clock;
  nodeName: string;
  nodeUid: () => string | undefined;
  leaseDurationSeconds: number;
  renewIntervalMs: number;
  /** Jitter: each renewal comes up to 4% of the interval late, as upstream's JitterUntil (0.04). */
  random?: () => number;
  onError(err: unknown): void;
}

export class NodeLease {
  private lease: KubeObject | undefined;
  private timer: TimerHandle | undefined;
  private renewing: Promise<void> | undefined;
  private running = false;
  /** Renewals written (tests, diagnostics). */
  renewals = 0;

  constructor(private readonly options: NodeLeaseOptions) {}

  /** Starts renewing; resolves once the first renewal is written (or failed). */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    const first = this.renew();
    this.renewing = first.finally(() => (this.renewing = undefined));
    this.schedule();
    return first;
  }

  private schedule(): void {
    if (!this.running) return;
    const { renewIntervalMs, random = Math.random } = this.options;
    this.timer = this.options.clock.setTimeout(() => {
      this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
      this.schedule();
    }, renewIntervalMs + Math.floor(random() * renewIntervalMs * 0.04));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.clear();
    this.timer = undefined;
    await this.renewing;
  }

  private async renew(): Promise<void> {
    const { client, clock, nodeName } = this.options;
    const spec = { holderIdentity: nodeName, leaseDurationSeconds: this.options.leaseDurationSeconds, renewTime: microTimestamp(clock.now()) };
    try {
      if (this.lease) {
        try {
          this.lease = await client.update(LEASES, { ...this.lease, spec: { ...(this.lease['spec'] as object), ...spec } });
          this.renewals++;
          return;
        } catch (err) {
          if (!isStatus(err, 409) && !isStatus(err, 404)) throw err;
          this.lease = undefined;
        }
      }
      try {
        const current = await client.get(LEASES, nodeName, { namespace: NODE_LEASE_NAMESPACE });
        this.lease = await client.update(LEASES, { ...current, spec: { ...(current['spec'] as object), ...spec } });
      } catch (err) {
        if (!isStatus(err, 404)) throw err;
        const uid = this.options.nodeUid();
        this.lease = await client.create(LEASES, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: nodeName,
            namespace: NODE_LEASE_NAMESPACE,
            ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid }] } : {}),
          },
          spec,
        });
      }
      this.renewals++;
    } catch (err) {
      this.options.onError(err);
    }
  }
}
