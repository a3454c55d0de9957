/**
 * The node's CNI plugin with host-local IPAM (containernetworking/plugins
 * plugins/ipam/host-local): pod IPs come from the node's podCIDR, 10.244.N.0/24 —
 * .1 is the bridge's gateway, pods get .2 to .254. Like host-local, allocation continues
 * after the last address handed out (round robin) rather than reusing the lowest free one,
 * so a deleted pod's IP is not given to the next pod at once.
 *
 * Allocations live in memory; after a restart the node manager recovers them from the pods
 * bound to the node (status.podIP), and a pod whose sandbox is recreated gets its IP back.
 */

export interface PodIdentity {
  namespace: string;
  name: string;
  uid: string;
}

/** What the runtime calls while setting up and tearing down a sandbox's network. */
export interface CniPlugin {
  /** CNI ADD: the sandbox's IP; throws CniError when none is left. */
  add(sandboxId: string, pod: PodIdentity): string;
  /** CNI DEL: releases the sandbox's IP (idempotent). */
  del(sandboxId: string): void;
}

export class CniError extends Error {}

export class HostLocalIpam implements CniPlugin {
  /** The network address as a 32-bit number. */
  private readonly network: number;
  private readonly size: number;
  /** ip number → owner. */
  private readonly allocated = new Map<number, { sandboxId: string | undefined; uid: string }>();
  private readonly bySandbox = new Map<string, number>();
  private last: number;

  constructor(readonly podCIDR: string) {
    const [addr, bits] = podCIDR.split('/') as [string, string];
    const prefix = Number(bits);
    if (!(prefix >= 8 && prefix <= 30)) throw new Error(`podCIDR ${podCIDR}: prefix must be between /8 and /30`);
    this.size = 2 ** (32 - prefix);
    this.network = (ipToNumber(addr) & ~(this.size - 1)) >>> 0;
    this.last = this.network + 1;
  }

  /** The bridge's address (.1). */
  get gateway(): string {
    return numberToIp(this.network + 1);
  }

  /** "10.244.1.2-10.244.1.254", as host-local names its range. */
  get rangeSet(): string {
    return `${numberToIp(this.network + 2)}-${numberToIp(this.network + this.size - 2)}`;
  }

  contains(ip: string): boolean {
    const n = ipToNumber(ip);
    return n >= this.network + 2 && n <= this.network + this.size - 2;
  }

  /** Reserves ip for the pod with this uid (recovered after a restart). */
  reserve(ip: string, uid: string): void {
    if (!this.contains(ip)) return;
    const n = ipToNumber(ip);
    if (!this.allocated.has(n)) this.allocated.set(n, { sandboxId: undefined, uid });
  }

  add(sandboxId: string, pod: PodIdentity): string {
    const existing = this.bySandbox.get(sandboxId);
    if (existing !== undefined) return numberToIp(existing);
    // The pod's own reservation (its previous sandbox's IP) first.
    for (const [n, owner] of this.allocated) {
      if (owner.uid === pod.uid && owner.sandboxId === undefined) {
        owner.sandboxId = sandboxId;
        this.bySandbox.set(sandboxId, n);
        return numberToIp(n);
      }
    }
    const first = this.network + 2;
    const count = this.size - 3;
    for (let i = 1; i <= count; i++) {
      const n = first + ((((this.last - first + i) % count) + count) % count);
      if (this.allocated.has(n)) continue;
      this.allocated.set(n, { sandboxId, uid: pod.uid });
      this.bySandbox.set(sandboxId, n);
      this.last = n;
      return numberToIp(n);
    }
    throw new CniError(`failed to allocate for range 0: no IP addresses available in range set: ${this.rangeSet}`);
  }

  del(sandboxId: string): void {
    const n = this.bySandbox.get(sandboxId);
    if (n === undefined) return;
    this.bySandbox.delete(sandboxId);
    this.allocated.delete(n);
  }

  /** Releases a reservation nobody claimed (the pod is gone). */
  releasePod(uid: string): void {
    for (const [n, owner] of this.allocated) if (owner.uid === uid && owner.sandboxId === undefined) this.allocated.delete(n);
  }

  get used(): number {
    return this.allocated.size;
  }
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc * 256 + Number(part)) >>> 0, 0);
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The podCIDR of the node with index i: 10.244.i.0/24, continuing into 10.245… past 255. */
export function podCIDRForIndex(i: number): string {
  return `${numberToIp(ipToNumber('10.244.0.0') + i * 256)}/24`;
}
