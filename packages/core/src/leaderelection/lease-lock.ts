/**
 * The coordination.k8s.io/v1 Lease as a leader-election lock (client-go
 * tools/leaderelection/resourcelock/leaselock.go): the election record lives in the Lease's
 * spec, and writes are guarded by the resourceVersion of the Lease last read, so two
 * candidates racing for it cannot both win — the loser gets a 409.
 */
import { type KubeObject, microTimestamp } from '../api/meta.js';
import { resourceFor } from '../api/registry.js';
import { StatusError } from '../api/status.js';
import type { KubeClient } from '../client/client.js';

/** resourcelock.LeaderElectionRecord */
export interface LeaderElectionRecord {
  /** Empty when released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** Milliseconds since the epoch. */
  acquireTime: number;
  renewTime: number;
  leaderTransitions: number;
}

export interface LeaseLockOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** This candidate's identity (upstream: hostname + "_" + a uuid). */
  identity: string;
}

const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

export class LeaseLock {
  readonly identity: string;
  readonly namespace: string;
  readonly name: string;
  private lease: KubeObject | undefined;

  constructor(private readonly options: LeaseLockOptions) {
    this.identity = options.identity;
    this.namespace = options.namespace;
    this.name = options.name;
  }

  /** The current record, or undefined when there is no Lease yet. The raw JSON lets callers see any change. */
  async get(): Promise<{ record: LeaderElectionRecord; raw: string } | undefined> {
    try {
      this.lease = await this.options.client.get(LEASES, this.name, { namespace: this.namespace });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return undefined;
      throw err;
    }
    const spec = (this.lease['spec'] ?? {}) as LeaseSpec;
    return { record: recordOf(spec), raw: this.raw };
  }

  async create(record: LeaderElectionRecord): Promise<void> {
    this.lease = await this.options.client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace },
      spec: specOf(record),
    });
  }

  /** Writes the record over the Lease last read; 409 if someone wrote it since. */
  async update(record: LeaderElectionRecord): Promise<void> {
    if (!this.lease) throw new Error('leaselock: update before get or create');
    const next: KubeObject = { ...this.lease, spec: specOf(record) };
    this.lease = await this.options.client.update(LEASES, next);
  }

  /** The spec of the Lease last read or written, as JSON (to notice changes). */
  get raw(): string {
    return JSON.stringify(this.lease?.['spec'] ?? null);
  }

  /** The Lease last read or written (for Events about it). */
  get object(): KubeObject | undefined {
    return this.lease;
  }
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

function specOf(r: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: microTimestamp(r.acquireTime),
    renewTime: microTimestamp(r.renewTime),
    leaseTransitions: r.leaderTransitions,
  };
}

function recordOf(spec: LeaseSpec): LeaderElectionRecord {
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: spec.acquireTime ? Date.parse(spec.acquireTime) : 0,
    renewTime: spec.renewTime ? Date.parse(spec.renewTime) : 0,
    leaderTransitions: spec.leaseTransitions ?? 0,
  };
}
