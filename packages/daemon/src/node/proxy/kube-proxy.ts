/**
 * kube-proxy, iptables mode, for the simulated nodes: an API client that watches Services,
 * EndpointSlices and Nodes (house rule 1), and one KubeProxy per node holding that node's
 * rules and its xt_recent lists.
 *
 * Like the node manager's kubelets, the nodes' proxies share one set of informers, so a
 * thousand nodes cost one watch per resource. A node's rules are recomputed when it next
 * needs them after anything it watches changed (upstream syncs within --iptables-min-sync-period
 * of a change; here the next packet or `iptables-save` sees the change at once) and are the
 * same function of the objects either way.
 */
import { type Clock, type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import type { KubeClient } from '@kubelab/core/client/client';
import type { RecentLists } from './evaluate.js';
import { type ServicePortState, syncProxyRules } from './proxier.js';
import type { Ruleset, TableName } from './rules.js';
import { iptablesSave } from './save.js';
import { endpointsFor, servicePorts } from './service-map.js';

const SERVICES = resourceFor('', 'v1', 'services')!;
const ENDPOINT_SLICES = resourceFor('discovery.k8s.io', 'v1', 'endpointslices')!;
const NODES = resourceFor('', 'v1', 'nodes')!;

export const KUBE_PROXY_USER_AGENT = 'kube-proxy/v1.32.0 (linux/amd64) kubernetes/kubelab';
/** kubeadm's pod network, which kube-proxy's --cluster-cidr names. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const BY_SERVICE = 'service';

export interface ServiceProxyOptions {
  client: KubeClient;
  clock: Clock;
  clusterCIDR?: string;
  random?: () => number;
  onError?: (err: unknown, context: string) => void;
}

/** What a node's addresses are, as the data path routes them. */
export interface NodeAddresses {
  name: string;
  internalIP?: string;
  podCIDR?: string;
  ready: boolean;
  labels: Record<string, string>;
}

export class ServiceProxy {
  readonly clock: Clock;
  readonly clusterCIDR: string;
  readonly services: SharedInformer;
  readonly slices: SharedInformer;
  readonly nodes: SharedInformer;
  private readonly factory: SharedInformerFactory;
  private readonly proxies = new Map<string, KubeProxy>();
  private generation = 0;
  private stateGeneration = -1;
  private state: ServicePortState[] = [];
  private started: Promise<void> | undefined;

  constructor(options: ServiceProxyOptions) {
    this.clock = options.clock;
    this.clusterCIDR = options.clusterCIDR ?? DEFAULT_CLUSTER_CIDR;
    this.factory = new SharedInformerFactory({ client: options.client, clock: options.clock, random: options.random, onError: options.onError });
    this.services = this.factory.informerFor(SERVICES);
    this.slices = this.factory.informerFor(ENDPOINT_SLICES);
    this.slices.addIndexers({ [BY_SERVICE]: (s) => [`${s.metadata?.namespace}/${s.metadata?.labels?.[SERVICE_NAME_LABEL] ?? ''}`] });
    this.nodes = this.factory.informerFor(NODES);
    const changed = { onAdd: () => this.generation++, onUpdate: () => this.generation++, onDelete: () => this.generation++ };
    this.services.addEventHandler(changed);
    this.slices.addEventHandler(changed);
  }

  /** Starts the informers and waits for their caches (idempotent). */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.factory.start();
      if (!(await this.factory.waitForCacheSync())) throw new Error('kube-proxy: informer caches did not sync');
    })();
    return this.started;
  }

  async stop(): Promise<void> {
    await this.factory.shutdown();
  }

  /** The node's kube-proxy, started with the node. */
  addNode(nodeName: string): KubeProxy {
    let proxy = this.proxies.get(nodeName);
    if (!proxy) this.proxies.set(nodeName, (proxy = new KubeProxy(this, nodeName)));
    return proxy;
  }

  removeNode(nodeName: string): void {
    this.proxies.delete(nodeName);
  }

  proxyFor(nodeName: string): KubeProxy | undefined {
    return this.proxies.get(nodeName);
  }

  /** Bumped whenever a Service or EndpointSlice changes. */
  get version(): number {
    return this.generation;
  }

  /** Every proxied Service port with its endpoints (cached until something changes). */
  servicePortStates(): ServicePortState[] {
    if (this.stateGeneration !== this.generation) {
      const generation = this.generation;
      const out: ServicePortState[] = [];
      for (const svc of this.services.lister.list()) {
        const ports = servicePorts(svc);
        if (ports.length === 0) continue;
        const slices = this.slicesOf(svc.metadata!.namespace!, svc.metadata!.name!);
        for (const port of ports) out.push({ port, endpoints: endpointsFor(port, slices) });
      }
      this.state = out;
      this.stateGeneration = generation;
    }
    return this.state;
  }

  slicesOf(namespace: string, service: string): readonly KubeObject[] {
    return this.slices.lister.byIndex(BY_SERVICE, `${namespace}/${service}`);
  }

  service(namespace: string, name: string): KubeObject | undefined {
    return this.services.lister.get(`${namespace}/${name}`);
  }

  /** Every Node the API server knows, with the addresses routing needs. */
  nodeAddresses(): NodeAddresses[] {
    return this.nodes.lister.list().map(nodeAddresses);
  }
}

export function nodeAddresses(node: KubeObject): NodeAddresses {
  const status = (node['status'] ?? {}) as { addresses?: Array<{ type: string; address: string }>; conditions?: Array<{ type: string; status: string }> };
  return {
    name: node.metadata!.name!,
    internalIP: status.addresses?.find((a) => a.type === 'InternalIP')?.address,
    podCIDR: (node['spec'] as { podCIDR?: string } | undefined)?.podCIDR,
    ready: status.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    labels: node.metadata?.labels ?? {},
  };
}

/** One node's kube-proxy: its rules and its session-affinity lists. */
export class KubeProxy {
  readonly recent: RecentLists = new Map();
  private cached: { version: number; rules: Ruleset } | undefined;
  /** While the node's kube-proxy is down: the Service ports it last knew, frozen. */
  private frozen: ServicePortState[] | undefined;
  private syncs = 0;

  constructor(
    private readonly owner: ServiceProxy,
    readonly nodeName: string,
  ) {}

  /** The node's rules now (syncProxyRules when anything changed since the last call). */
  rules(): Ruleset {
    const version = this.frozen ? -1 : this.owner.version;
    if (!this.cached || this.cached.version !== version) {
      const states = this.frozen ?? this.owner.servicePortStates();
      this.cached = { version, rules: syncProxyRules(states, { nodeName: this.nodeName, clusterCIDR: this.owner.clusterCIDR }) };
      this.syncs++;
    }
    return this.cached.rules;
  }

  /**
   * kube-proxy stops with its node: the rules stay in the kernel as last written and no
   * longer follow the API (a stopped node keeps DNATing to endpoints that may be gone).
   * Cheap: it keeps a reference to the shared, immutable Service map of the moment.
   */
  freeze(): void {
    if (this.frozen) return;
    this.frozen = this.owner.servicePortStates();
    this.cached = undefined;
  }

  /** kube-proxy starts again: a full sync, then it follows the API. */
  resume(): void {
    this.frozen = undefined;
    this.cached = undefined;
  }

  get isFrozen(): boolean {
    return this.frozen !== undefined;
  }

  /** How many times the rules were rewritten. */
  get syncCount(): number {
    return this.syncs;
  }

  /** What `iptables-save` prints on this node. */
  save(tables?: TableName[]): string {
    return iptablesSave(this.rules(), { tables, now: this.owner.clock.now() });
  }
}
