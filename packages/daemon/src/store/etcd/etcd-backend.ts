/**
 * The Backend over a real etcd cluster (v3 API), for users who outgrow one machine. It speaks
 * etcd's gRPC API through the etcd3 package's raw RPC clients (KVClient, WatchClient,
 * LeaseClient, MaintenanceClient), not its query builders, so each field of backend.ts maps
 * to exactly one protobuf field (see etcd-convert.ts), and etcd's answers — revisions,
 * errors, watch streams — reach the API server unchanged. The differential test
 * (test/store/differential.test.ts) holds this backend and the embedded ones to the same
 * results, request by request.
 *
 * Things etcd does not tell a client directly, and how we learn them:
 *   - the compact revision, for ErrCompacted and status(): found by probing which revisions
 *     are still readable (compactRevision below);
 *   - lease ids we can hold: etcd's own ids are 64-bit, so for `leaseGrant(ttl)` we choose
 *     a random id below 2^53 ourselves and ask etcd for it (etcd accepts a caller's id).
 */
import { Buffer } from 'node:buffer';
import { randomInt } from 'node:crypto';
import {
  KVClient,
  LeaseClient,
  MaintenanceClient,
  WatchClient,
  type IHashKVResponse,
  type ILeaseKeepAliveResponse,
  type IOptions,
} from 'etcd3';
import { ConnectionPool } from 'etcd3/lib/connection-pool.js';
import type {
  Backend,
  BytesLike,
  CompactResponse,
  DeleteRangeOptions,
  DeleteRangeResponse,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseTimeToLiveResponse,
  PutOptions,
  PutResponse,
  RangeOptions,
  RangeResponse,
  ResponseHeader,
  SnapshotInfo,
  StoreStatus,
  TxnRequest,
  TxnResponse,
  Watch,
  WatchOptions,
} from '../backend.js';
import { ErrCompacted, ErrLeaseExists, ErrLeaseNotFound, ErrStoreClosed, StoreError } from '../errors.js';
import * as pb from './etcd-convert.js';
import { fromEtcdError } from './etcd-errors.js';
import { saveSnapshot, type SnapshotStream } from './etcd-snapshot.js';
import { EtcdWatch } from './etcd-watch.js';

export interface EtcdBackendOptions {
  /** Client URLs, e.g. ["http://10.0.0.1:2379"]; https:// ones need `credentials`. */
  endpoints: string[];
  credentials?: IOptions['credentials'];
  auth?: IOptions['auth'];
  /** Per-request deadline in ms (none by default: a write waits for etcd's own timeout). */
  requestTimeoutMs?: number;
}

/** What the etcd3 client's fault-handling hooks accept (a cockatiel policy). */
type FaultPolicy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

/**
 * The etcd3 client retries failed calls (three attempts) and trips a circuit breaker per
 * host by default. A retried put or txn could apply twice, and its breaker counts our own
 * watch cancellations as failures (three, and the host is refused for five seconds), so we
 * hand every error straight back instead; the API server decides what to retry. (The client
 * only calls `execute`.)
 */
const passThrough = {
  execute: <T>(fn: (ctx: { signal: AbortSignal }) => PromiseLike<T> | T, signal?: AbortSignal) =>
    new Promise<T>((resolve) => resolve(fn({ signal: signal ?? new AbortController().signal }))),
} as unknown as FaultPolicy;

/** How long an endpoint that could not be reached is skipped. */
const ENDPOINT_DOWN_MS = 2000;

/**
 * Per endpoint: after a call fails because the endpoint is unreachable (or has no leader),
 * later calls skip it for a while and go to another endpoint — the pool moves on to the next
 * host when a host's policy refuses without calling. The failed call itself is not retried.
 */
function endpointHealth(): FaultPolicy {
  let downUntil = 0;
  return {
    execute: async <T>(fn: (ctx: { signal: AbortSignal }) => PromiseLike<T> | T, signal?: AbortSignal) => {
      if (Date.now() < downUntil) throw new Error('14 UNAVAILABLE: kubelab: endpoint skipped after a connection failure');
      try {
        return await fn({ signal: signal ?? new AbortController().signal });
      } catch (err) {
        if (/\b14 UNAVAILABLE\b|no leader/.test(err instanceof Error ? err.message : String(err))) {
          downUntil = Date.now() + ENDPOINT_DOWN_MS;
        }
        throw err;
      }
    },
  } as unknown as FaultPolicy;
}

/** The generated gRPC client's own method, for the call etcd3 gets wrong (see compactRevision). */
interface RawMaintenance {
  HashKV(req: object, md: unknown, opts: object, cb: (err: Error | null, res?: IHashKVResponse) => void): void;
}

export function openEtcdBackend(options: EtcdBackendOptions): EtcdBackend {
  return new EtcdBackend(options);
}

export class EtcdBackend implements Backend {
  private readonly pool: ConnectionPool;
  private readonly kv: KVClient;
  private readonly watchClient: WatchClient;
  private readonly leaseClient: LeaseClient;
  private readonly maintenance: MaintenanceClient;
  private readonly endpoints: readonly string[];
  private readonly poolOptions: IOptions;
  private readonly watches = new Set<EtcdWatch>();
  private nextWatchId = 1;
  private closed = false;

  constructor(options: EtcdBackendOptions) {
    if (options.endpoints.length === 0) throw new StoreError('NoEndpoints', 'kubelab: no etcd endpoints given');
    this.endpoints = [...options.endpoints];
    this.poolOptions = {
      hosts: [...this.endpoints],
      credentials: options.credentials,
      auth: options.auth,
      // etcd answers a range with every key at once; a list of 10,000 pods is far above gRPC's
      // 4 MiB default (etcd's own client lifts the limit the same way).
      grpcOptions: { 'grpc.max_receive_message_length': 2 ** 31 - 1, 'grpc.max_send_message_length': 2 ** 31 - 1 },
      // With one endpoint there is nowhere else to go: every call tries it.
      faultHandling: { global: passThrough, host: () => (options.endpoints.length > 1 ? endpointHealth() : passThrough) },
      // A deadline for unary calls only: a watch stream lives as long as its watch.
      defaultCallOptions: (context) =>
        options.requestTimeoutMs && !context.isStream ? { deadline: Date.now() + options.requestTimeoutMs } : {},
    };
    this.pool = new ConnectionPool(this.poolOptions);
    this.kv = new KVClient(this.pool);
    this.watchClient = new WatchClient(this.pool);
    this.leaseClient = new LeaseClient(this.pool);
    this.maintenance = new MaintenanceClient(this.pool);
  }

  range(key: BytesLike, options: RangeOptions = {}): Promise<RangeResponse> {
    return this.call(async () => pb.rangeResponse(await this.kv.range(pb.rangeRequest(key, options))));
  }

  put(key: BytesLike, value: BytesLike, options: PutOptions = {}): Promise<PutResponse> {
    return this.call(async () => pb.putResponse(await this.kv.put(pb.putRequest(key, value, options))));
  }

  deleteRange(key: BytesLike, options: DeleteRangeOptions = {}): Promise<DeleteRangeResponse> {
    return this.call(async () => pb.deleteRangeResponse(await this.kv.deleteRange(pb.deleteRangeRequest(key, options))));
  }

  txn(request: TxnRequest): Promise<TxnResponse> {
    return this.call(async () => {
      const r = await this.kv.txn({
        compare: (request.compare ?? []).map(pb.compare),
        success: (request.success ?? []).map(pb.requestOp),
        failure: (request.failure ?? []).map(pb.requestOp),
      });
      return { header: pb.header(r.header), succeeded: r.succeeded ?? false, responses: (r.responses ?? []).map(pb.responseOp) };
    });
  }

  /** With `physical`, resolves only once etcd has removed the compacted revisions from disk. */
  compact(revision: number, options: { physical?: boolean } = {}): Promise<CompactResponse> {
    return this.call(async () => {
      const r = await this.kv.compact({ revision, physical: options.physical ?? false });
      return { header: pb.header(r.header) };
    });
  }

  async watch(key: BytesLike, options: WatchOptions = {}): Promise<Watch> {
    this.checkOpen();
    const w = await EtcdWatch.open(
      { client: this.watchClient, endpoints: this.endpoints, onEnd: (x) => this.watches.delete(x) },
      this.nextWatchId++,
      key,
      options,
    );
    if (this.closed) w.cancel();
    else this.watches.add(w);
    return w;
  }

  /** ttl in seconds; etcd raises a TTL below its minimum (about 1.5 election timeouts) to it. */
  async leaseGrant(ttl: number, id = 0): Promise<LeaseGrantResponse> {
    pb.checkLeaseId(id);
    // etcd's own ids do not fit a JavaScript number (see ErrLeaseIdTooLarge): choose one that
    // does, and choose again on the rare collision with an existing lease.
    for (let attempt = 0; ; attempt++) {
      const leaseId = id > 0 ? id : randomInt(1, 2 ** 47) * 64 + randomInt(0, 64);
      try {
        return await this.call(async () => {
          const r = await this.leaseClient.leaseGrant({ TTL: ttl, ID: leaseId });
          // Older etcd versions put some refusals in `error` rather than failing the call.
          if (r.error) throw new StoreError('EtcdError', `etcdserver: ${r.error}`);
          return { header: pb.header(r.header), id: pb.leaseId(r.ID), ttl: pb.int64(r.TTL, 'TTL') };
        });
      } catch (err) {
        if (id > 0 || !(err instanceof ErrLeaseExists) || attempt >= 4) throw err;
      }
    }
  }

  leaseRevoke(id: number): Promise<{ header: ResponseHeader }> {
    return this.call(async () => {
      const r = await this.leaseClient.leaseRevoke({ ID: pb.checkLeaseId(id) });
      return { header: pb.header(r.header) };
    });
  }

  /** One LeaseKeepAlive request on a stream of its own; etcd answers TTL 0 for a missing lease. */
  leaseKeepAlive(id: number): Promise<LeaseKeepAliveResponse> {
    return this.call(async () => {
      pb.checkLeaseId(id);
      const stream = await this.leaseClient.leaseKeepAlive();
      try {
        const r = await new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
          stream.on('data', resolve);
          stream.on('error', reject);
          stream.on('end', () => reject(new StoreError('Unavailable', 'kubelab: etcd closed the keep-alive stream')));
          stream.write({ ID: id });
        });
        const ttl = pb.int64(r.TTL, 'TTL');
        if (ttl <= 0) throw new ErrLeaseNotFound();
        return { header: pb.header(r.header), id: pb.leaseId(r.ID), ttl };
      } finally {
        // Half-close first, so the etcd3 client does not take our cancel for a broken host.
        stream.end();
        stream.cancel();
      }
    });
  }

  leaseTimeToLive(id: number, options: { keys?: boolean } = {}): Promise<LeaseTimeToLiveResponse> {
    return this.call(async () => {
      const r = await this.leaseClient.leaseTimeToLive({ ID: pb.checkLeaseId(id), keys: options.keys ?? false });
      return {
        header: pb.header(r.header),
        id: pb.leaseId(r.ID),
        ttl: pb.int64(r.TTL, 'TTL'),
        grantedTtl: pb.int64(r.grantedTTL, 'grantedTTL'),
        keys: (r.keys ?? []).map((k) => Buffer.from(k)),
      };
    });
  }

  leaseLeases(): Promise<LeaseLeasesResponse> {
    return this.call(async () => {
      const r = await this.leaseClient.leaseLeases();
      return { header: pb.header(r.header), leases: (r.leases ?? []).map((l) => pb.leaseId(l.ID)) };
    });
  }

  status(): Promise<StoreStatus> {
    return this.call(async () => {
      const r = await this.maintenance.status();
      return {
        header: pb.header(r.header),
        clusterId: pb.hexId(r.header?.cluster_id),
        memberId: pb.hexId(r.header?.member_id),
        version: `etcd/${r.version}`,
        dbSize: pb.int64(r.dbSize, 'dbSize'),
        dbSizeInUse: pb.int64(r.dbSizeInUse, 'dbSizeInUse'),
        compactRevision: await this.compactRevision(),
      };
    });
  }

  /**
   * Defragments every member, one after the other (`etcdctl defrag --cluster`): a member
   * being defragmented stops serving, so never all at once.
   */
  async defragment(): Promise<void> {
    for (const endpoint of this.endpoints) {
      const one = new ConnectionPool({ ...this.poolOptions, hosts: [endpoint] });
      try {
        await this.call(() => new MaintenanceClient(one).defragment());
      } finally {
        one.close();
      }
    }
  }

  /**
   * Saves etcd's own snapshot (bbolt database + SHA-256) to path; see etcd-snapshot.ts.
   * `etcdctl snapshot status` and `etcdctl snapshot restore` read the file.
   */
  snapshot(path: string): Promise<SnapshotInfo> {
    return this.call(async () => {
      // Opened on the pool ourselves: MaintenanceClient.snapshot in etcd3 1.1.2 passes the
      // call metadata in the request's place, which drops the auth token.
      const stream = await this.pool.withConnection('Maintenance', ({ client, metadata }) => {
        const c = client as unknown as { snapshot(req: object, md: unknown): SnapshotStream };
        return c.snapshot({}, metadata);
      });
      return saveSnapshot(stream, path);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watches]) w.cancel();
    this.watches.clear();
    this.pool.close();
  }

  /**
   * The compaction revision: reads below it fail. etcd 3.4 reports it to nobody but a
   * watcher it cancels, so we find it by binary search for the oldest readable revision,
   * with cheap serializable count-only reads of one key. A store compacted at revision 1 (or
   * 0) reads the same as one never compacted; HashKV, which refuses revisions at or below the
   * compaction, tells them apart (in etcd 3.4 it scans the key bucket, so only then).
   */
  async compactRevision(): Promise<number> {
    const readable = async (rev: number) => {
      try {
        await this.kv.range({ key: Buffer.from([0]), revision: rev, count_only: true, serializable: true });
        return true;
      } catch (err) {
        if (fromEtcdError(err, this.endpoints) === 'compacted') return false;
        throw err;
      }
    };
    const current = pb.header((await this.kv.range({ key: Buffer.from([0]), count_only: true, serializable: true })).header)
      .revision;
    let lo = 1;
    let hi = current;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await readable(mid)) hi = mid;
      else lo = mid + 1;
    }
    if (lo > 1) return lo;
    try {
      // Called on the pool ourselves: etcd3 1.1.2's MaintenanceClient.hashKV asks gRPC for a
      // method named "hashKV", which its generated client calls "HashKV" (or "hashKv").
      const r = await this.pool.withConnection('Maintenance', ({ client, metadata }) => {
        const c = client as unknown as RawMaintenance;
        return new Promise<IHashKVResponse>((resolve, reject) =>
          c.HashKV({ revision: 1 }, metadata, {}, (err, res) => (err ? reject(err) : resolve(res!))),
        );
      });
      return Math.max(0, pb.int64(r.compact_revision, 'compact_revision'));
    } catch (err) {
      if (fromEtcdError(err, this.endpoints) === 'compacted') return 1;
      throw err;
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new ErrStoreClosed();
  }

  /** Runs one etcd call and translates its errors into StoreErrors. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    this.checkOpen();
    try {
      return await fn();
    } catch (err) {
      // A call cut off by close() reads as gRPC's CANCELLED; it is the store that went away.
      if (this.closed) throw new ErrStoreClosed();
      const e = fromEtcdError(err, this.endpoints);
      if (e !== 'compacted') throw e;
      let compactRevision: number;
      try {
        compactRevision = await this.compactRevision();
      } catch {
        compactRevision = 0;
      }
      throw new ErrCompacted(compactRevision);
    }
  }
}
