/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go).
 *
 * Every --node-monitor-period (5 s) it checks each node's health (node-health.ts): a node
 * whose kubelet has been silent past the grace period goes Ready=Unknown, its pods are
 * marked not Ready (event NodeNotReady), and the node is queued for the NoExecute taint of
 * its state — node.kubernetes.io/unreachable for Unknown, node.kubernetes.io/not-ready for
 * False — which the taint eviction controller turns into evictions once each pod's
 * tolerationSeconds run out. Taints go on through a per-zone rate limiter (0.1 nodes/s).
 * When every node of every zone is down the controller assumes the problem is its own
 * ("master disruption mode"): it taints nothing and lifts the NoExecute taints it set.
 *
 * On every node change it also keeps the NoSchedule taints in line with the conditions
 * (doNoScheduleTaintingPass): not-ready / unreachable / memory-, disk-, pid-pressure /
 * network-unavailable / unschedulable — so the not-ready:NoSchedule taint a node registers
 * with is lifted once it reports Ready.
 *
 * Events: RegisteredNode and RemovingNode on nodes it starts or stops watching, NodeNotReady
 * on a node that stops being Ready and on each of its pods.
 */
import { type Clock, type TimerHandle, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { type EventRecorder, referenceTo } from '../events.js';
import { POD_NODE_NAME_INDEX, type Pod, ensurePodNodeNameIndex } from '../endpoint/pod-util.js';
import { markPodsNotReady } from './mark-pods-not-ready.js';
import { doNoScheduleTaintingPass, reconcileNodeLabels } from './no-schedule-tainting.js';
import { type Lease, type NodeHealthData, tryUpdateNodeHealth } from './node-health.js';
import { RateLimitedTimedQueue, TokenBucket, type TryResult } from './rate-limited-timed-queue.js';
import { type Node, type NodeCondition, type Taint, TAINT_NOT_READY, TAINT_UNREACHABLE, getNodeCondition, swapNodeTaints, taintExists } from './taints.js';
import { type ZoneState, computeZoneState, zoneKey } from './zones.js';

const NODES = resourceFor('', 'v1', 'nodes')!;
const PODS = resourceFor('', 'v1', 'pods')!;
const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

export interface NodeLifecycleOptions {
  nodeMonitorPeriodMs: number;
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
  evictionLimiterQps: number;
  secondaryEvictionLimiterQps: number;
  largeClusterSizeThreshold: number;
  unhealthyZoneThreshold: number;
}

/** kube-controller-manager's defaults. */
export const NODE_LIFECYCLE_DEFAULTS: NodeLifecycleOptions = {
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 40_000,
  nodeStartupGracePeriodMs: 60_000,
  evictionLimiterQps: 0.1,
  secondaryEvictionLimiterQps: 0.01,
  largeClusterSizeThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  private readonly nodes: SharedInformer<Node>;
  private readonly pods: SharedInformer<Pod>;
  private readonly leases: SharedInformer<Lease>;
  private readonly nodeQueue: RateLimitingQueue<string>;
  private readonly podQueue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly options: NodeLifecycleOptions;
  private readonly clock: Clock;
  private readonly health = new Map<string, NodeHealthData>();
  private readonly known = new Map<string, Node>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly zoneTainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();
  private monitorTimer: TimerHandle | undefined;
  private tainterTimer: TimerHandle | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ctx: ControllerContext,
    options: Partial<NodeLifecycleOptions> = {},
  ) {
    this.clock = ctx.clock;
    this.options = { ...NODE_LIFECYCLE_DEFAULTS, ...stripUndefined(options) };
    this.recorder = ctx.recorder('node-controller');
    this.nodeQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'node_lifecycle_controller' });
    this.podQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'node_lifecycle_controller_pods' });
    this.nodes = ctx.informers.informerFor<Node>(NODES);
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    this.leases = ctx.informers.informerFor<Lease>(LEASES);
    ensurePodNodeNameIndex(this.pods as SharedInformer);
    this.nodes.addEventHandler({
      onAdd: (n) => this.nodeQueue.add(n.metadata!.name!),
      onUpdate: (_o, n) => this.nodeQueue.add(n.metadata!.name!),
    });
    this.pods.addEventHandler({
      onAdd: (p) => {
        if (p.spec?.nodeName) this.podQueue.add(metaNamespaceKey(p));
      },
      onUpdate: (old, p) => {
        if (p.spec?.nodeName && p.spec.nodeName !== old.spec?.nodeName) this.podQueue.add(metaNamespaceKey(p));
      },
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.nodes, this.pods, this.leases))) return;
    this.scheduleMonitor(0);
    const log = (what: string) => (key: string, err: unknown) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: ${what} ${key}: ${describeError(err)}`);
    };
    await Promise.all([
      runWorkers(this.nodeQueue, 2, (name) => this.doNodeProcessingPass(name), log('node')),
      runWorkers(this.podQueue, 1, (key) => this.processPod(key), log('pod')),
    ]);
    await this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    this.monitorTimer?.clear();
    this.tainterTimer?.clear();
    this.nodeQueue.shutDown();
    this.podQueue.shutDown();
  }

  /** wait.Until: the next pass starts a period after the last one ended. */
  private scheduleMonitor(delayMs: number): void {
    if (this.stopped) return;
    this.monitorTimer = this.clock
      .setTimeout(() => {
        this.inFlight = this.monitorNodeHealth()
          .catch((err: unknown) => this.ctx.log.error(`${this.name}: monitoring node health: ${describeError(err)}`))
          .finally(() => this.scheduleMonitor(this.options.nodeMonitorPeriodMs));
      }, delayMs)
      .unref();
  }

  private async monitorNodeHealth(): Promise<void> {
    const nodes = [...this.nodes.lister.list()];
    const names = new Set(nodes.map((n) => n.metadata!.name!));
    for (const node of nodes) {
      const name = node.metadata!.name!;
      if (!this.zoneStates.has(zoneKey(node))) this.addTainterForZone(zoneKey(node));
      if (this.known.has(name)) continue;
      this.recordNodeEvent(node, 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.known.set(name, node);
      await this.markNodeAsReachable(node);
    }
    for (const [name, node] of this.known) {
      if (names.has(name)) continue;
      this.recordNodeEvent(node, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
      this.nodesToRetry.delete(name);
    }
    const zoneConditions = new Map<string, Array<NodeCondition | undefined>>();
    for (const listed of nodes) {
      if (this.stopped) return;
      const outcome = await this.updateNodeHealth(listed);
      if (!outcome) continue;
      const { node, observedReady, currentReady } = outcome;
      if (!node.metadata?.labels?.[EXCLUDE_DISRUPTION_LABEL]) {
        const zone = zoneKey(node);
        const list = zoneConditions.get(zone);
        if (list) list.push(currentReady);
        else zoneConditions.set(zone, [currentReady]);
      }
      if (!currentReady) continue;
      const name = node.metadata!.name!;
      await this.processTaintBaseEviction(node, observedReady);
      const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
      if (becameNotReady) this.recordNodeEvent(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, true);
      if (becameNotReady || (this.nodesToRetry.has(name) && observedReady.status !== 'True')) {
        try {
          await this.markPodsNotReady(this.podsOn(name), name);
        } catch (err) {
          this.nodesToRetry.add(name);
          this.ctx.log.info(`${this.name}: unable to mark all pods NotReady on node ${name}: ${describeError(err)}; queuing for retry`);
          continue;
        }
      }
      this.nodesToRetry.delete(name);
    }
    await this.handleDisruption(zoneConditions, nodes);
    await this.doNoExecuteTaintingPass();
  }

  /** tryUpdateNodeHealth with its retries: a conflict re-reads the node. */
  private async updateNodeHealth(listed: Node) {
    let node = listed;
    const name = listed.metadata!.name!;
    for (let attempt = 0; attempt < 5; attempt++) {
      const lease = this.leases.lister.namespace(NODE_LEASE_NAMESPACE).get(name);
      const now = this.clock.now();
      const result = tryUpdateNodeHealth(node, lease, this.health.get(name), now, {
        gracePeriodMs: this.options.nodeMonitorGracePeriodMs,
        startupGracePeriodMs: this.options.nodeStartupGracePeriodMs,
      });
      if (!result.statusUpdate) {
        this.health.set(name, result.health);
        return { node, observedReady: result.observedReady, currentReady: result.currentReady };
      }
      try {
        const written = await this.ctx.client.updateStatus<Node>(NODES, result.statusUpdate);
        this.health.set(name, result.health);
        return { node: written, observedReady: result.observedReady, currentReady: result.currentReady };
      } catch (err) {
        if (isStatusCode(err, 404)) return undefined;
        if (!isStatusCode(err, 409)) throw err;
        try {
          node = await this.ctx.client.get<Node>(NODES, name);
        } catch (getErr) {
          if (isStatusCode(getErr, 404)) return undefined;
          throw getErr;
        }
      }
    }
    this.ctx.log.error(`${this.name}: update health of Node ${name} failed, skipping - no pods will be evicted`);
    return undefined;
  }

  private async processTaintBaseEviction(node: Node, observedReady: NodeCondition): Promise<void> {
    const now = this.clock.now();
    const name = node.metadata!.name!;
    switch (observedReady.status) {
      case 'False':
        if (taintExists(node.spec?.taints, UNREACHABLE_NO_EXECUTE)) await swapNodeTaints(this.ctx.client, name, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], now);
        else this.markNodeForTainting(node, 'False');
        break;
      case 'Unknown':
        if (taintExists(node.spec?.taints, NOT_READY_NO_EXECUTE)) await swapNodeTaints(this.ctx.client, name, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], now);
        else this.markNodeForTainting(node, 'Unknown');
        break;
      case 'True':
        await this.markNodeAsReachable(node);
        break;
    }
  }

  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): void {
    const tainter = this.tainterFor(node);
    const name = node.metadata!.name!;
    const wanted = status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    if (!taintExists(node.spec?.taints, wanted)) tainter.remove(name);
    tainter.add(name, node.metadata?.uid ?? '');
  }

  private async markNodeAsReachable(node: Node): Promise<void> {
    const name = node.metadata!.name!;
    if (taintExists(node.spec?.taints, UNREACHABLE_NO_EXECUTE) || taintExists(node.spec?.taints, NOT_READY_NO_EXECUTE)) {
      await swapNodeTaints(this.ctx.client, name, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE], this.clock.now());
    }
    this.tainterFor(node).remove(name);
  }

  /** Puts on each queued node the NoExecute taint of its current Ready status, as the limiters allow. */
  private async doNoExecuteTaintingPass(): Promise<void> {
    this.tainterTimer?.clear();
    for (const tainter of this.zoneTainters.values()) {
      await tainter.try(async (v): Promise<TryResult> => {
        const node = this.nodes.lister.get(v.value);
        if (!node) return { done: true };
        const ready = getNodeCondition(node, 'Ready');
        if (!ready) return { done: false, retryAfterMs: 50 };
        // "unreachable" and "not ready" mirror the Ready condition: one excludes the other.
        if (ready.status === 'False') {
          return { done: await swapNodeTaints(this.ctx.client, v.value, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], this.clock.now()) } as TryResult;
        }
        if (ready.status === 'Unknown') {
          return { done: await swapNodeTaints(this.ctx.client, v.value, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], this.clock.now()) } as TryResult;
        }
        return { done: true };
      });
    }
    // Upstream polls every 100 ms (NodeEvictionPeriod); kubelab wakes exactly when a limiter allows.
    const next = Math.min(...[...this.zoneTainters.values()].map((t) => t.nextAttemptMs()));
    if (Number.isFinite(next) && !this.stopped) {
      this.tainterTimer = this.clock
        .setTimeout(() => {
          this.inFlight = this.inFlight.then(() => this.doNoExecuteTaintingPass()).catch((err: unknown) => this.ctx.log.error(`${this.name}: ${describeError(err)}`));
        }, Math.max(next, 100))
        .unref();
    }
  }

  /** handleDisruption: zone states and their eviction rates; stop everything when all zones are down. */
  private async handleDisruption(zoneConditions: Map<string, Array<NodeCondition | undefined>>, nodes: Node[]): Promise<void> {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conditions] of zoneConditions) {
      const state = computeZoneState(conditions, this.options.unhealthyZoneThreshold);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') allWasFullyDisrupted = false;
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      this.ctx.log.info(`${this.name}: Controller detected that all Nodes are not-Ready. Entering master disruption mode`);
      for (const node of nodes) await this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.zoneTainters.get(zone)?.swapLimiter(0);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      this.ctx.log.info(`${this.name}: Controller detected that some Nodes are Ready. Exiting master disruption mode`);
      const now = this.clock.now();
      for (const [name, h] of this.health) this.health.set(name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state === next && !allWasFullyDisrupted) continue;
      this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiterInZone(zone: string, size: number, state: ZoneState): void {
    const tainter = this.zoneTainters.get(zone);
    if (!tainter) return;
    if (state === 'PartialDisruption') {
      // ReducedQPSFunc: large clusters slow down, small ones stop evicting.
      tainter.swapLimiter(size > this.options.largeClusterSizeThreshold ? this.options.secondaryEvictionLimiterQps : 0);
    } else {
      tainter.swapLimiter(this.options.evictionLimiterQps);
    }
  }

  private addTainterForZone(zone: string): void {
    this.zoneStates.set(zone, 'Initial');
    if (!this.zoneTainters.has(zone)) {
      this.zoneTainters.set(zone, new RateLimitedTimedQueue(this.clock, new TokenBucket(this.clock, this.options.evictionLimiterQps, 1)));
    }
  }

  private tainterFor(node: Node): RateLimitedTimedQueue {
    const zone = zoneKey(node);
    if (!this.zoneTainters.has(zone)) this.addTainterForZone(zone);
    return this.zoneTainters.get(zone)!;
  }

  private podsOn(nodeName: string): Pod[] {
    return [...this.pods.lister.byIndex(POD_NODE_NAME_INDEX, nodeName)];
  }

  private markPodsNotReady(pods: Pod[], nodeName: string): Promise<void> {
    return markPodsNotReady(this.ctx.client, this.recorder, this.clock, pods, nodeName);
  }

  /** A pod bound to a node that is not Ready is marked not Ready too (processPod). */
  private async processPod(key: string): Promise<void> {
    const pod = this.pods.lister.get(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const health = this.health.get(nodeName);
    if (!health?.readyCondition || !this.nodes.lister.get(nodeName)) return;
    if (health.readyCondition.status !== 'True') await this.markPodsNotReady([pod], nodeName);
  }

  /** doNoScheduleTaintingPass and reconcileNodeLabels for one node. */
  private async doNodeProcessingPass(name: string): Promise<void> {
    const node = this.nodes.lister.get(name);
    if (!node) return;
    await doNoScheduleTaintingPass(this.ctx.client, node, this.clock.now());
    await reconcileNodeLabels(this.ctx.client, node);
  }

  /** RecordNodeEvent ("Node X event: …") or RecordNodeStatusChange (the message as given). */
  private recordNodeEvent(node: Node, reason: string, message: string, statusChange = false): void {
    const ref = { ...referenceTo(node, NODES), resourceVersion: undefined };
    this.recorder.event(ref, 'Normal', reason, statusChange ? message : `Node ${node.metadata!.name} event: ${message}`);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
