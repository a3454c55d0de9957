/**
 * The node drills behind `kubelab node add|stop|start|remove|logs|crictl`: what an operator
 * does to a node of a kubeadm cluster, done to the daemon's simulated nodes.
 *
 *   add     a machine joins: its cloud instance exists, its kubelet registers the Node
 *           (labels, taints, capacity, runtime as given) and heartbeats.
 *   stop    `systemctl stop kubelet`: heartbeats end, the containers keep running; the node
 *           lifecycle controller marks the Node Unknown after --node-monitor-grace-period.
 *   start   `systemctl start kubelet`: it adopts the running containers and is Ready again.
 *   remove  the machine is terminated: its kubelet and containers go with its cloud instance;
 *           the Node stays until the cloud node lifecycle controller sees the instance gone
 *           and the Node not Ready, and deletes it — as upstream's cloud-controller-manager
 *           does (k8s.io/cloud-provider controllers/nodelifecycle).
 *
 * Failures are Kubernetes Statuses, worded as the API server words them for Nodes.
 */
import { type Clock, type KubeObject, parseQuantity, resourceFor, statusError } from '@kubelab/core';
import type { SimulatedCloudProvider } from '../../cloud/provider.js';
import { initialNode } from '../kubelet/node-status.js';
import { type NodeManager, type SimulatedNode } from '../node-manager.js';
import { type RuntimeName, SHIMS, shimFor } from '../runtime/shims.js';
import { type AddNodeRequest, DrillStateFile } from './drill-state.js';
import { type JournalEntry, NodeJournal } from './journal.js';
import { nodeIndexFor } from './node-index.js';

const NODES = resourceFor('', 'v1', 'nodes')!;

/** What the drill did, for the CLI's one-line answers. */
export interface NodeDrillResult {
  name: string;
  internalIP?: string;
  podCIDR?: string;
  runtime?: string;
  /** The kubelet was already in the state asked for. */
  unchanged?: boolean;
}

export type { AddNodeRequest } from './drill-state.js';

export interface NodeDrillsOptions {
  nodes: NodeManager;
  cloud: SimulatedCloudProvider;
  clock: Clock;
  /** Where the drills' effects are kept across daemon restarts (drill-state.ts); none: memory only. */
  dataDir?: string;
  /** Where a failure to redo a drill at restore is reported. */
  warn?: (message: string) => void;
}

export class NodeDrills {
  private readonly journals = new Map<string, NodeJournal>();
  /** Nodes whose machine a drill removed (their Node may linger until the cloud controller deletes it). */
  private readonly removed = new Set<string>();

  private readonly state: DrillStateFile;

  constructor(private readonly options: NodeDrillsOptions) {
    this.state = new DrillStateFile(options.dataDir);
    for (const name of this.state.state.removed) this.removed.add(name);
  }

  /**
   * Redoes what the drills did before the daemon restarted (after the node manager started its
   * --nodes workers): terminated machines stay gone, joined nodes join again, stopped kubelets
   * stay stopped.
   */
  async restore(): Promise<void> {
    const { nodes, cloud } = this.options;
    const warn = this.options.warn ?? ((m: string) => process.emitWarning(m));
    const { added, stopped, removed } = this.state.state;
    for (const name of removed) {
      if (nodes.get(name)) await nodes.removeNode(name, { deleteNode: false });
      cloud.removeInstance(name);
    }
    for (const request of Object.values(added)) {
      if (nodes.get(request.name)) continue;
      await this.add(request).catch((err: unknown) => warn(`kubelab: node ${request.name} could not join again: ${(err as Error).message}`));
    }
    for (const name of stopped) {
      if (nodes.get(name)) await this.stop(name);
    }
  }

  async add(request: AddNodeRequest): Promise<NodeDrillResult> {
    const { nodes, cloud } = this.options;
    const name = String(request.name ?? '');
    // The name, labels and taints are the API server's to judge: see the dry run below.
    if (nodes.get(name)) throw statusError(409, 'AlreadyExists', `nodes "${name}" already exists`, { name, kind: 'nodes' });
    for (const [field, value] of [['cpu', request.cpu], ['memory', request.memory]] as const) {
      if (value === undefined) continue;
      try {
        if (parseQuantity(value) <= 0) throw new Error(`must be greater than zero`);
      } catch (err) {
        throw statusError(400, 'BadRequest', `invalid ${field} "${value}": ${(err as Error).message}`);
      }
    }
    if (request.pods !== undefined && (!Number.isInteger(request.pods) || request.pods <= 0)) throw statusError(400, 'BadRequest', `invalid pods "${request.pods}": must be a positive integer`);
    let runtime: RuntimeName | undefined;
    try {
      runtime = request.runtime === undefined ? undefined : shimFor(request.runtime).name;
    } catch {
      throw statusError(400, 'BadRequest', `unknown container runtime "${request.runtime}" (known: ${Object.keys(SHIMS).join(', ')})`);
    }
    const existing = (await nodes.client.list(NODES)).items;
    const index = nodeIndexFor(name, existing, nodes.list().map((n) => n.index));
    // The API server's validation of the Node it would register (name, labels, taints), before
    // anything starts: a server-side dry run of the kubelet's own create.
    const probe = initialNode({ name, cpu: '1', memory: '1Gi', pods: 1, ephemeralStorage: '1Gi', runtime: runtime ?? 'containerd', podCIDR: '10.244.0.0/24', internalIP: '172.18.0.2', labels: request.labels, taints: request.taints }, '');
    // kube-apiserver validates before it looks for the name: AlreadyExists means valid (a Node
    // left by an earlier run, which the new kubelet takes over as a real one re-registering would).
    try {
      await nodes.client.create(NODES, probe, { dryRun: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
    const journal = this.journal(name);
    journal.started(this.options.clock.now());
    this.removed.delete(name);
    const node = await nodes.addNode({ name, index, cpu: request.cpu, memory: request.memory, pods: request.pods, runtime, labels: request.labels, taints: request.taints });
    cloud.addInstance(name, { internalIP: node.spec.internalIP });
    this.state.added(request);
    return { name, internalIP: node.spec.internalIP, podCIDR: node.spec.podCIDR, runtime: node.spec.runtime };
  }

  async stop(name: string): Promise<NodeDrillResult> {
    const node = await this.local(name);
    if (!node.kubelet?.isRunning) return { name, unchanged: true };
    const kubelet = node.kubelet;
    const journal = this.journal(name);
    journal.stopping(kubelet, this.options.clock.now());
    await this.options.nodes.stopNode(name);
    journal.stopped(kubelet, this.options.clock.now());
    this.state.stopped(name);
    return { name };
  }

  async start(name: string): Promise<NodeDrillResult> {
    const node = await this.local(name);
    if (node.kubelet?.isRunning) return { name, unchanged: true };
    this.journal(name).started(this.options.clock.now());
    await this.options.nodes.startNode(name);
    this.state.started(name);
    return { name };
  }

  async remove(name: string): Promise<NodeDrillResult> {
    const { nodes, cloud } = this.options;
    if (nodes.get(name)) {
      await nodes.removeNode(name, { deleteNode: false });
      this.journals.delete(name);
      this.removed.add(name);
    } else await this.mustExist(name);
    cloud.removeInstance(name);
    this.state.removed(name);
    return { name };
  }

  /** The kubelet's journal, the last `lines` entries when given. */
  async journalOf(name: string, lines?: number): Promise<JournalEntry[]> {
    const node = await this.local(name);
    const entries = this.journal(name).entries(node.kubelet, this.options.clock.now());
    return lines === undefined ? entries : lines <= 0 ? [] : entries.slice(-lines);
  }

  /** A simulated node of this daemon: NotFound for no Node at all, BadRequest for one whose kubelet runs elsewhere. */
  async local(name: string): Promise<SimulatedNode> {
    const node = this.options.nodes.get(name);
    if (node) return node;
    await this.mustExist(name);
    if (this.removed.has(name)) throw statusError(400, 'BadRequest', `node "${name}" was removed: its machine no longer exists (its Node goes once the cloud node lifecycle controller sees that)`);
    throw statusError(400, 'BadRequest', `node "${name}" is not simulated by this kubelab daemon: its kubelet runs in another process (kubelab node-agent); drill it there`);
  }

  private async mustExist(name: string): Promise<KubeObject> {
    try {
      return await this.options.nodes.client.get(NODES, name);
    } catch (err) {
      if ((err as { code?: number }).code === 404) throw statusError(404, 'NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' });
      throw err;
    }
  }

  private journal(name: string): NodeJournal {
    let j = this.journals.get(name);
    if (!j) this.journals.set(name, (j = new NodeJournal()));
    return j;
  }
}
