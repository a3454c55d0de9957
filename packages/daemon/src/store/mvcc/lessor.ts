/**
 * Leases, as etcd's lessor keeps them: each lease has a TTL and an expiry on the injected
 * clock, and a set of attached keys (a key belongs to at most one lease). The lessor only
 * keeps the books; granting, revoking and deleting the keys are writes the backend makes.
 *
 * Expiry is not persisted: on open every lease gets a fresh TTL, as etcd does when a member
 * becomes leader (lessor.Promote), so a restart never expires a lease early.
 */
import type { Clock } from '@kubelab/core';
import { ErrLeaseNotFound } from '../errors.js';
import type { LeaseRecord } from './revision-log.js';

/** etcd's MaxLeaseTTL: 9,000,000,000 seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;

interface LeaseState {
  id: number;
  ttl: number;
  /** Clock time (ms) after which the lease is expired. */
  expiry: number;
  keys: Set<string>;
  revoking: boolean;
}

export class Lessor {
  private readonly leases = new Map<number, LeaseState>();
  /** key → lease it is attached to. */
  private readonly items = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  has(id: number): boolean {
    return this.leases.has(id);
  }

  grant(id: number, ttl: number): void {
    this.leases.set(id, { id, ttl, expiry: this.clock.now() + ttl * 1000, keys: new Set(), revoking: false });
  }

  /** Forgets the lease and its attachments; returns the keys that were attached. */
  revoke(id: number): string[] {
    const l = this.leases.get(id);
    if (!l) return [];
    this.leases.delete(id);
    for (const k of l.keys) this.items.delete(k);
    return [...l.keys].sort();
  }

  /** Keys attached to id, in key order (the order etcd deletes them in). */
  keysOf(id: number): string[] {
    return [...(this.leases.get(id)?.keys ?? [])].sort();
  }

  leaseOf(key: string): number {
    return this.items.get(key) ?? 0;
  }

  /** Moves key to lease id (0: no lease). */
  attach(key: string, id: number): void {
    const old = this.items.get(key);
    if (old === id) return;
    if (old !== undefined) {
      this.leases.get(old)?.keys.delete(key);
      this.items.delete(key);
    }
    if (id !== 0) {
      this.leases.get(id)?.keys.add(key);
      this.items.set(key, id);
    }
  }

  /** Renews the lease for another TTL; returns the TTL. An expired lease is as good as gone. */
  renew(id: number): number {
    const l = this.leases.get(id);
    if (!l || l.revoking || l.expiry <= this.clock.now()) throw new ErrLeaseNotFound();
    l.expiry = this.clock.now() + l.ttl * 1000;
    return l.ttl;
  }

  /** Remaining whole seconds (truncated, as etcd reports), the granted TTL and the keys. */
  timeToLive(id: number): { ttl: number; grantedTtl: number; keys: string[] } | undefined {
    const l = this.leases.get(id);
    if (!l) return undefined;
    const remaining = Math.max(0, Math.trunc((l.expiry - this.clock.now()) / 1000));
    return { ttl: remaining, grantedTtl: l.ttl, keys: this.keysOf(id) };
  }

  ids(): number[] {
    return [...this.leases.keys()];
  }

  /** Leases past their expiry that nobody is revoking yet; marks them as being revoked. */
  takeExpired(): number[] {
    const now = this.clock.now();
    const out: number[] = [];
    for (const l of this.leases.values()) {
      if (!l.revoking && l.expiry <= now) {
        l.revoking = true;
        out.push(l.id);
      }
    }
    return out;
  }

  /** Lets an expired lease be picked up again (its revocation failed). */
  retryExpired(id: number): void {
    const l = this.leases.get(id);
    if (l) l.revoking = false;
  }

  /**
   * Replaces the books with records read from the log. A lease new to the books starts a fresh
   * TTL (at open); one already known keeps its expiry, so the reload after a failed commit
   * does not quietly renew every lease, expired ones included.
   */
  load(records: LeaseRecord[]): void {
    const expiries = new Map([...this.leases.values()].map((l) => [l.id, l.expiry]));
    this.leases.clear();
    this.items.clear();
    for (const r of records) {
      this.grant(r.id, r.ttl);
      const expiry = expiries.get(r.id);
      if (expiry !== undefined) this.leases.get(r.id)!.expiry = expiry;
    }
  }
}
