/**
 * The cloud provider interface the cloud-controller-manager drives (k8s.io/cloud-provider's
 * cloud.go, reduced to what kubelab uses: InstancesV2 and LoadBalancer), and kubelab's
 * simulated provider, "kubelab".
 *
 * The simulated cloud keeps its state in memory, as a real provider keeps it in the cloud:
 *
 *   instances      one per node, made the first time the cloud-controller-manager asks
 *                  about a node (the node "runs on" it): provider ID kubelab://<node>, type
 *                  kubelab.standard, region kubelab, zone kubelab-a, and an InternalIP —
 *                  the one the node registered with when it has one, else the next free
 *                  address of 172.18.0.0/16. `removeInstance(node)` deletes the instance (as
 *                  terminating a VM): the node lifecycle controller then deletes the Node
 *                  once it stops being Ready. `shutdownInstance` stops it without deleting.
 *   load balancers one per Service of type LoadBalancer, each with an IP from the pool
 *                  (172.18.255.200–172.18.255.250 by default, as MetalLB pools on kind are
 *                  set up): the Service's spec.loadBalancerIP when free, the IP it had
 *                  before when kubelabd restarts, else the lowest free one.
 *
 * The node drills (`kubelab node add/remove/stop`) call addInstance, removeInstance and
 * shutdownInstance; the data path reads loadBalancers().
 */
import type { KubeObject } from '@kubelab/core';

export interface NodeAddress {
  type: 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS';
  address: string;
}

export interface InstanceMetadata {
  providerID: string;
  instanceType: string;
  nodeAddresses: NodeAddress[];
  zone: string;
  region: string;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: 'VIP' | 'Proxy';
}

export interface LoadBalancerStatus {
  ingress?: LoadBalancerIngress[];
}

/** cloudprovider.InstancesV2. */
export interface InstancesV2 {
  instanceExists(node: KubeObject): Promise<boolean>;
  instanceShutdown(node: KubeObject): Promise<boolean>;
  instanceMetadata(node: KubeObject): Promise<InstanceMetadata>;
}

/** cloudprovider.LoadBalancer. */
export interface LoadBalancer {
  getLoadBalancerName(service: KubeObject): string;
  getLoadBalancer(service: KubeObject): Promise<{ status: LoadBalancerStatus; exists: boolean }>;
  ensureLoadBalancer(service: KubeObject, nodes: KubeObject[]): Promise<LoadBalancerStatus>;
  ensureLoadBalancerDeleted(service: KubeObject): Promise<void>;
}

/** cloudprovider.Interface. */
export interface CloudProvider {
  providerName(): string;
  instancesV2(): InstancesV2;
  loadBalancer(): LoadBalancer;
}

export interface SimulatedInstance {
  name: string;
  providerID: string;
  instanceType: string;
  region: string;
  zone: string;
  internalIP: string;
  shutdown: boolean;
}

export interface SimulatedLoadBalancer {
  name: string;
  namespace: string;
  service: string;
  ip: string;
}

export interface SimulatedCloudOptions {
  /** The load balancer address pool, "first-last" (default 172.18.255.200-172.18.255.250). */
  loadBalancerPool?: string;
  /** Where instances without an address get theirs (default 172.18.0.0/16, from .0.2). */
  instanceNetwork?: string;
  region?: string;
  zone?: string;
  instanceType?: string;
}

export const PROVIDER_NAME = 'kubelab';

export class SimulatedCloudProvider implements CloudProvider {
  private readonly instances = new Map<string, SimulatedInstance>();
  private readonly removed = new Set<string>();
  private readonly balancers = new Map<string, SimulatedLoadBalancer>();
  private readonly pool: { first: number; last: number };
  private readonly network: { base: number; size: number };
  private readonly defaults: { region: string; zone: string; instanceType: string };

  constructor(options: SimulatedCloudOptions = {}) {
    const [first, last] = (options.loadBalancerPool ?? '172.18.255.200-172.18.255.250').split('-');
    this.pool = { first: ipToInt(first!), last: ipToInt(last!) };
    const [net, bits] = (options.instanceNetwork ?? '172.18.0.0/16').split('/');
    this.network = { base: ipToInt(net!), size: 2 ** (32 - Number(bits)) };
    this.defaults = { region: options.region ?? 'kubelab', zone: options.zone ?? 'kubelab-a', instanceType: options.instanceType ?? 'kubelab.standard' };
  }

  providerName(): string {
    return PROVIDER_NAME;
  }

  // ---- the drills' side -------------------------------------------------------------------

  /** Makes (or brings back) the instance a node runs on. */
  addInstance(nodeName: string, options: Partial<Omit<SimulatedInstance, 'name' | 'providerID' | 'shutdown'>> = {}): SimulatedInstance {
    this.removed.delete(nodeName);
    const existing = this.instances.get(nodeName);
    const instance: SimulatedInstance = {
      name: nodeName,
      providerID: `${PROVIDER_NAME}://${nodeName}`,
      instanceType: options.instanceType ?? existing?.instanceType ?? this.defaults.instanceType,
      region: options.region ?? existing?.region ?? this.defaults.region,
      zone: options.zone ?? existing?.zone ?? this.defaults.zone,
      internalIP: options.internalIP ?? existing?.internalIP ?? this.freeInstanceIP(),
      shutdown: false,
    };
    this.instances.set(nodeName, instance);
    return instance;
  }

  /** Deletes a node's instance: the cloud node lifecycle controller then deletes the Node once it is not Ready. */
  removeInstance(nodeName: string): boolean {
    this.removed.add(nodeName);
    return this.instances.delete(nodeName);
  }

  /** Stops (or starts) a node's instance without deleting it: a not-Ready node gets the shutdown taint. */
  shutdownInstance(nodeName: string, shutdown = true): void {
    const instance = this.instances.get(nodeName);
    if (instance) instance.shutdown = shutdown;
  }

  instance(nodeName: string): SimulatedInstance | undefined {
    return this.instances.get(nodeName);
  }

  /** Every load balancer with its IP (what the data path routes). */
  loadBalancers(): SimulatedLoadBalancer[] {
    return [...this.balancers.values()];
  }

  // ---- cloudprovider.Interface ----------------------------------------------------------------

  instancesV2(): InstancesV2 {
    return {
      instanceExists: async (node) => !this.removed.has(node.metadata!.name!),
      instanceShutdown: async (node) => this.instances.get(node.metadata!.name!)?.shutdown ?? false,
      instanceMetadata: async (node) => {
        const name = node.metadata!.name!;
        if (this.removed.has(name)) throw new Error(`instance not found: ${name}`);
        const instance = this.instances.get(name) ?? this.adopt(node);
        return {
          providerID: instance.providerID,
          instanceType: instance.instanceType,
          zone: instance.zone,
          region: instance.region,
          nodeAddresses: [
            { type: 'InternalIP', address: instance.internalIP },
            { type: 'Hostname', address: name },
          ],
        };
      },
    };
  }

  loadBalancer(): LoadBalancer {
    return {
      getLoadBalancerName: (svc) => lbName(svc),
      getLoadBalancer: async (svc) => {
        const lb = this.balancers.get(lbName(svc));
        return { exists: !!lb, status: lb ? statusOf(lb) : {} };
      },
      ensureLoadBalancer: async (svc) => {
        const name = lbName(svc);
        const existing = this.balancers.get(name);
        if (existing) return statusOf(existing);
        const lb: SimulatedLoadBalancer = { name, namespace: svc.metadata!.namespace!, service: svc.metadata!.name!, ip: this.pickIP(svc) };
        this.balancers.set(name, lb);
        return statusOf(lb);
      },
      ensureLoadBalancerDeleted: async (svc) => {
        this.balancers.delete(lbName(svc));
      },
    };
  }

  /** An instance for a node first seen: it keeps the InternalIP it registered with. */
  private adopt(node: KubeObject): SimulatedInstance {
    const addresses = ((node['status'] as { addresses?: NodeAddress[] } | undefined)?.addresses ?? []) as NodeAddress[];
    const internal = addresses.find((a) => a.type === 'InternalIP')?.address;
    const taken = new Set([...this.instances.values()].map((i) => i.internalIP));
    return this.addInstance(node.metadata!.name!, internal && !taken.has(internal) ? { internalIP: internal } : {});
  }

  private freeInstanceIP(): string {
    const taken = new Set([...this.instances.values()].map((i) => i.internalIP));
    for (let i = 2; i < this.network.size - 1; i++) {
      const ip = intToIp(this.network.base + i);
      if (!taken.has(ip)) return ip;
    }
    throw new Error('the simulated cloud has no free instance addresses');
  }

  /** The requested IP, the one the Service shows already (a restart), else the lowest free one. */
  private pickIP(svc: KubeObject): string {
    const taken = new Set([...this.balancers.values()].map((b) => b.ip));
    const spec = (svc['spec'] ?? {}) as { loadBalancerIP?: string };
    const status = (svc['status'] ?? {}) as { loadBalancer?: LoadBalancerStatus };
    const inPool = (ip: string | undefined): ip is string => !!ip && ipToInt(ip) >= this.pool.first && ipToInt(ip) <= this.pool.last && !taken.has(ip);
    if (spec.loadBalancerIP) {
      if (inPool(spec.loadBalancerIP)) return spec.loadBalancerIP;
      throw new Error(`requested ip "${spec.loadBalancerIP}" is not available in the load balancer pool ${intToIp(this.pool.first)}-${intToIp(this.pool.last)}`);
    }
    const previous = status.loadBalancer?.ingress?.[0]?.ip;
    if (inPool(previous)) return previous;
    for (let n = this.pool.first; n <= this.pool.last; n++) if (!taken.has(intToIp(n))) return intToIp(n);
    throw new Error(`no available IPs in the load balancer pool ${intToIp(this.pool.first)}-${intToIp(this.pool.last)}`);
  }
}

/** cloudprovider.DefaultLoadBalancerName: "a" + the Service's uid without dashes, at most 32 characters. */
export function lbName(svc: KubeObject): string {
  return `a${(svc.metadata?.uid ?? '').replace(/-/g, '')}`.slice(0, 32);
}

function statusOf(lb: SimulatedLoadBalancer): LoadBalancerStatus {
  return { ingress: [{ ip: lb.ip, ipMode: 'VIP' }] };
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToIp(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
}
