/**
 * TTLs for stored objects through store leases, as kube-apiserver's etcd3 leaseManager:
 * Events live an hour (--event-ttl=1h) and then vanish from the store with their lease.
 * One lease is shared by every object written within a minute, so a burst of events costs
 * one lease, not thousands; the lease lives the TTL plus that minute, so no object expires
 * early.
 */
import type { Clock } from '@kubelab/core';
import type { Backend } from '../../store/backend.js';

const REUSE_MS = 60_000;

export class LeaseManager {
  private current: { id: number; grantedAt: number; ttl: number } | undefined;
  private pending: Promise<number> | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly clock: Clock,
  ) {}

  /** A lease that outlives ttlSeconds from now. */
  async leaseFor(ttlSeconds: number): Promise<number> {
    const now = this.clock.now();
    const c = this.current;
    if (c && c.ttl === ttlSeconds && now - c.grantedAt < REUSE_MS) return c.id;
    if (this.pending) return this.pending;
    this.pending = (async () => {
      try {
        const ttl = ttlSeconds + REUSE_MS / 1000;
        const r = await this.backend.leaseGrant(ttl);
        this.current = { id: r.id, grantedAt: now, ttl: ttlSeconds };
        return r.id;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
