/**
 * The store backend: etcd v3's key-value API, which is everything the API server needs from
 * its storage (kube-apiserver talks to etcd through exactly these calls). Three
 * implementations share this contract and one conformance suite:
 *
 *   - `sqlite/`  the embedded default: an append-only revision log in SQLite, durable;
 *   - `memory/`  the same engine with the log in memory: the executable spec, and fast tests;
 *   - `etcd/`    a real etcd cluster, for users who outgrow one machine.
 *
 * ## Revisions
 * One global revision counter, starting at 1 for an empty store (etcd's initial revision).
 * Each write request that changes something — a put, a delete-range that deletes at least
 * one key, a txn whose chosen branch changes at least one key, a lease revocation that
 * deletes keys — creates exactly one new revision, gapless. All changes of one request
 * share it, ordered by a sub-revision (their position in the request). A request that
 * changes nothing creates no revision (`delete` of a missing key, a read-only txn).
 *
 * Per key (notation: `put(k)@3` is a put of k that created revision 3):
 *   put(a)@2 put(a)@3 del(a)@4 put(a)@5
 *   → after @3: a{create_revision: 2, mod_revision: 3, version: 2}
 *   → after @4: a is absent (version back to 0); the delete is a tombstone in the log
 *   → after @5: a{create_revision: 5, mod_revision: 5, version: 1} — a new generation
 *
 * ## Ranges
 * `rangeEnd` absent: the single key. `rangeEnd` = "\0": every key ≥ key. Otherwise the
 * half-open interval [key, rangeEnd) in byte order; `prefixEnd(p)` gives the range of a
 * prefix. A read at `revision` ≤ 0 reads the newest state; below the compact revision it
 * fails with ErrCompacted; above the current revision with ErrFutureRev. The response
 * header always carries the store's *current* revision, whatever revision was read. `count`
 * is the number of keys in the range (ignoring `limit`); `more` says `limit` cut it.
 *
 * ## Compaction
 * `compact(rev)` forgets history at or below rev: every key keeps only its newest version
 * ≤ rev, keys deleted at or below rev disappear — except a tombstone at exactly rev, which
 * is kept so that a watch starting at rev still sees that delete (etcd #18089, #19179).
 *   put(a)@2 put(a)@3 del(a)@4 put(b)@5 compact(4)
 *   → range(a, rev 3) fails ErrCompacted{compactRevision: 4}
 *   → watch(a, from 4) delivers DELETE a@4;  watch(a, from 3) fails ErrCompacted
 * `rev` must be above the previous compaction (else ErrCompacted) and at most the current
 * revision (else ErrFutureRev). Compaction creates no revision.
 *
 * ## Watches
 * `watch(key, {rangeEnd, startRevision})` replays the log from startRevision (0: from the
 * next revision), then streams new changes. Events are ordered by (revision, sub), unique,
 * and a revision's events are never split across responses. A start below the compact
 * revision fails the watch with ErrCompacted (thrown by the iterator); a start above the
 * current revision waits. Progress notifications are empty responses whose header revision
 * promises that every event up to it has been delivered.
 *
 * ## Durability
 * A write's promise resolves only after the change is durable (for SQLite: committed with
 * synchronous=FULL), and only then do watchers see it.
 */

import type { Buffer } from 'node:buffer';

/** Keys and values are bytes; a string argument is taken as its UTF-8 encoding. */
export type BytesLike = string | Uint8Array;

export interface ResponseHeader {
  /** The store's revision when the response was made (for writes: the revision they created). */
  revision: number;
}

export interface KeyValue {
  key: Buffer;
  /** Revision of the put that created this generation of the key (0 in a delete event). */
  createRevision: number;
  /** Revision of the last change to the key. */
  modRevision: number;
  /** 1 on create, +1 per put, 0 in a delete event. */
  version: number;
  /** Empty for keysOnly ranges and delete events. */
  value: Buffer;
  /** The lease the key is attached to, 0 for none. */
  lease: number;
}

export interface RangeOptions {
  rangeEnd?: BytesLike;
  /** Read as of this revision; ≤ 0 or absent for the newest state. */
  revision?: number;
  /** At most this many keys (0 or absent: no limit). */
  limit?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  /** Keys in the range at that revision, regardless of limit. */
  count: number;
  /** True when limit left keys out. */
  more: boolean;
}

export interface PutOptions {
  /** Attach the key to this lease (it must exist); absent or 0 detaches. */
  lease?: number;
  prevKv?: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  prevKv?: KeyValue;
}

export interface DeleteRangeOptions {
  rangeEnd?: BytesLike;
  prevKv?: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  prevKvs: KeyValue[];
}

export type CompareTarget = 'version' | 'createRevision' | 'modRevision' | 'lease' | 'value';
export type CompareResult = '=' | '!=' | '<' | '>';

/**
 * A txn guard, as etcdctl writes it: `mod("a") = "3"`, `value("a") != "x"`. With rangeEnd,
 * every key in the range must satisfy it. A missing key compares as version 0, revisions 0,
 * lease 0; a *value* comparison against a missing key is always false (etcd's applyCompare).
 */
export interface Compare {
  key: BytesLike;
  rangeEnd?: BytesLike;
  target: CompareTarget;
  result: CompareResult;
  /** A number for version/revisions/lease, bytes for value. */
  value: number | BytesLike;
}

export type RequestOp =
  | { range: { key: BytesLike } & RangeOptions }
  | { put: { key: BytesLike; value: BytesLike } & PutOptions }
  | { deleteRange: { key: BytesLike } & DeleteRangeOptions };

export type ResponseOp =
  | { range: RangeResponse }
  | { put: PutResponse }
  | { deleteRange: DeleteRangeResponse };

export interface TxnRequest {
  compare?: Compare[];
  success?: RequestOp[];
  failure?: RequestOp[];
}

/**
 * The chosen branch runs atomically under one revision. As in etcd, a branch may not write
 * the same key twice (ErrDuplicateKey), and a range inside the branch sees the branch's
 * earlier writes; a sub-response's header revision is the txn's new revision once the
 * branch has changed something, the current revision before that.
 */
export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactResponse {
  header: ResponseHeader;
}

export type EventType = 'PUT' | 'DELETE';

export interface WatchEvent {
  type: EventType;
  /** For DELETE: the key and the deleting revision as modRevision; everything else zero. */
  kv: KeyValue;
  /**
   * With `prevKv`: the key as it was just before this change, when it existed and that
   * revision is not compacted (etcd reads it at modRevision-1).
   */
  prevKv?: KeyValue;
}

export interface WatchOptions {
  rangeEnd?: BytesLike;
  /** First revision to deliver; 0 or absent: the next revision. */
  startRevision?: number;
  prevKv?: boolean;
  /** Ask for periodic progress notifications while the watch is idle. */
  progressNotify?: boolean;
  /** Leave out events of these types. */
  filters?: EventType[];
}

export interface WatchResponse {
  header: ResponseHeader;
  /** Empty for a progress notification. */
  events: WatchEvent[];
}

/**
 * A running watch. Iterate it for responses; the iterator throws ErrCompacted when the
 * history it needs is gone (at start, or after falling behind), and ends after cancel()
 * or when the store closes.
 */
export interface Watch extends AsyncIterable<WatchResponse> {
  readonly id: number;
  /** The first revision this watch delivers (startRevision resolved against the store). */
  readonly startRevision: number;
  /** Sends a progress notification as soon as the watch has delivered everything so far. */
  requestProgress(): void;
  cancel(): void;
}

export interface LeaseGrantResponse {
  header: ResponseHeader;
  id: number;
  ttl: number;
}

export interface LeaseKeepAliveResponse {
  header: ResponseHeader;
  id: number;
  /** The renewed TTL in seconds. */
  ttl: number;
}

export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  id: number;
  /** Remaining seconds, truncated; -1 when the lease does not exist (etcd's answer). */
  ttl: number;
  grantedTtl: number;
  /** Attached keys, when asked for. */
  keys: Buffer[];
}

export interface LeaseLeasesResponse {
  header: ResponseHeader;
  leases: number[];
}

export interface StoreStatus {
  header: ResponseHeader;
  /** Hex, as etcdctl prints it. */
  clusterId: string;
  memberId: string;
  /** The backend's own version string (`kubelab-sqlite 0.1.0`, or etcd's). */
  version: string;
  /** Bytes on disk (database plus write-ahead log), like etcd's dbSize. */
  dbSize: number;
  /** Bytes holding live data (dbSize less free pages), like etcd's dbSizeInUse. */
  dbSizeInUse: number;
  compactRevision: number;
}

export interface SnapshotInfo {
  /** Revision of the state the snapshot holds. */
  revision: number;
  /** Rows in the snapshot's revision log: every retained version of every key. */
  totalKey: number;
  /** Bytes written. */
  totalSize: number;
  /** etcd-style content hash: crc32 of the snapshot's data. */
  hash: number;
}

export interface Backend {
  range(key: BytesLike, options?: RangeOptions): Promise<RangeResponse>;
  put(key: BytesLike, value: BytesLike, options?: PutOptions): Promise<PutResponse>;
  deleteRange(key: BytesLike, options?: DeleteRangeOptions): Promise<DeleteRangeResponse>;
  txn(request: TxnRequest): Promise<TxnResponse>;
  compact(revision: number): Promise<CompactResponse>;

  /** Resolves once the watch is registered: a later write is guaranteed to reach it. */
  watch(key: BytesLike, options?: WatchOptions): Promise<Watch>;

  /** ttl in seconds; id 0 or absent lets the store choose. ErrLeaseExists for a taken id. */
  leaseGrant(ttl: number, id?: number): Promise<LeaseGrantResponse>;
  /** Deletes the lease and, in one revision, every key attached to it. */
  leaseRevoke(id: number): Promise<{ header: ResponseHeader }>;
  /** One renewal (etcd's LeaseKeepAlive, one request). ErrLeaseNotFound when gone. */
  leaseKeepAlive(id: number): Promise<LeaseKeepAliveResponse>;
  leaseTimeToLive(id: number, options?: { keys?: boolean }): Promise<LeaseTimeToLiveResponse>;
  leaseLeases(): Promise<LeaseLeasesResponse>;

  status(): Promise<StoreStatus>;
  /** Reclaims the space compaction freed (SQLite: VACUUM) and truncates the WAL. */
  defragment(): Promise<void>;
  /** Writes a consistent point-in-time snapshot to path (temporary file, fsync, rename). */
  snapshot(path: string): Promise<SnapshotInfo>;

  /** Ends watches, stops timers, flushes and releases the data directory. */
  close(): Promise<void>;
}
