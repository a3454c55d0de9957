/**
 * One store under test in a differential run ("side"): runs the generated operations on it,
 * and turns its answers into plain data that can be compared with the other sides' — keys
 * and values as text, errors as their code (and compact revision), and the lease ids the
 * store chose itself as names ("auto0"), since each store picks different random ids.
 */
import { Buffer } from 'node:buffer';
import type { Backend, Compare, KeyValue, RequestOp, ResponseOp, Watch, WatchEvent } from '../../../src/store/backend.js';
import { ErrCompacted, StoreError } from '../../../src/store/errors.js';
import type { CompareSpec, LeaseRef, Op, PutSpec, TxnOpSpec } from './ops.js';

export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

export interface PlainEvent {
  type: string;
  rev: number;
  kv: Plain;
  prevKv?: Plain;
}

/** Everything a watch delivered, flattened across responses, and how it ended. */
export class WatchLog {
  events: PlainEvent[] = [];
  error: Plain | undefined;
  done = false;
  private wakeups: Array<() => void> = [];

  constructor(
    readonly watch: Watch,
    toPlain: (e: WatchEvent) => PlainEvent,
  ) {
    void (async () => {
      try {
        for await (const r of watch) {
          for (const e of r.events) this.events.push(toPlain(e));
          this.wake();
        }
      } catch (err) {
        this.error = plainError(err);
      } finally {
        this.done = true;
        this.wake();
      }
    })();
  }

  /** Resolves true once pred holds, false after timeoutMs. */
  async until(pred: (log: WatchLog) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this)) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.wakeups.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  private wake(): void {
    const w = this.wakeups;
    this.wakeups = [];
    for (const f of w) f();
  }
}

export function plainError(err: unknown): Plain {
  if (err instanceof ErrCompacted) return { error: err.code, compactRevision: err.compactRevision };
  if (err instanceof StoreError) return { error: err.code };
  return { error: 'NOT A StoreError', message: String(err instanceof Error ? err.stack : err) };
}

/** Bytes as text when they are valid UTF-8 (all our keys and values), else hex. */
function text(b: Buffer): string {
  const s = b.toString('utf8');
  return Buffer.from(s, 'utf8').equals(b) ? s : `hex:${b.toString('hex')}`;
}

export class Side {
  readonly watches: WatchLog[] = [];
  /** auto index → the lease id this store chose, and back. */
  private readonly autoIds = new Map<number, number>();
  private readonly autoNames = new Map<number, string>();

  constructor(
    readonly name: string,
    readonly store: Backend,
  ) {}

  async run(op: Op): Promise<Plain> {
    try {
      return await this.apply(op);
    } catch (err) {
      return plainError(err);
    }
  }

  lease(ref: LeaseRef): number {
    if ('id' in ref) return ref.id;
    // A grant that failed here named no lease; 7778 is never granted either.
    return this.autoIds.get(ref.auto) ?? 7778;
  }

  leaseName(id: number): Plain {
    return this.autoNames.get(id) ?? id;
  }

  kv(kv: KeyValue): Plain {
    return {
      key: text(kv.key),
      create: kv.createRevision,
      mod: kv.modRevision,
      version: kv.version,
      value: text(kv.value),
      lease: this.leaseName(kv.lease),
    };
  }

  event(e: WatchEvent): PlainEvent {
    const out: PlainEvent = { type: e.type, rev: e.kv.modRevision, kv: this.kv(e.kv) };
    if (e.prevKv) out.prevKv = this.kv(e.prevKv);
    return out;
  }

  private async apply(op: Op): Promise<Plain> {
    const s = this.store;
    switch (op.op) {
      case 'put': {
        const p = this.putRequest(op);
        return this.responseOp({ put: await s.put(p.key, p.value, p) });
      }
      case 'range': {
        const { op: _, key, ...options } = op;
        return this.responseOp({ range: await s.range(key, options) });
      }
      case 'deleteRange': {
        const { op: _, key, ...options } = op;
        return this.responseOp({ deleteRange: await s.deleteRange(key, options) });
      }
      case 'txn': {
        const r = await s.txn({
          compare: op.compare.map((c) => this.compare(c)),
          success: op.success.map((o) => this.requestOp(o)),
          failure: op.failure.map((o) => this.requestOp(o)),
        });
        return { rev: r.header.revision, succeeded: r.succeeded, responses: r.responses.map((x) => this.responseOp(x)) };
      }
      case 'compact':
        return { rev: (await (s as CompactWithOptions).compact(op.revision, { physical: op.physical })).header.revision };
      case 'watch': {
        const { op: _, key, startRevision, ...options } = op;
        const w = await s.watch(key, { ...options, startRevision });
        this.watches.push(new WatchLog(w, (e) => this.event(e)));
        return { startRevision: w.startRevision };
      }
      case 'requestProgress':
        this.watches[op.watch]?.watch.requestProgress();
        return 'ok';
      case 'leaseGrant': {
        const r = await s.leaseGrant(op.ttl, op.id);
        if (op.auto !== undefined) {
          this.autoIds.set(op.auto, r.id);
          this.autoNames.set(r.id, `auto${op.auto}`);
        }
        return { rev: r.header.revision, id: this.leaseName(r.id), ttl: r.ttl };
      }
      case 'leaseRevoke':
        return { rev: (await s.leaseRevoke(this.lease(op.lease))).header.revision };
      case 'leaseTimeToLive': {
        const r = await s.leaseTimeToLive(this.lease(op.lease), { keys: op.keys });
        return {
          rev: r.header.revision,
          id: this.leaseName(r.id),
          // Seconds left depend on timing; only "gone" (-1) against "alive" is compared.
          ttl: r.ttl === -1 ? -1 : r.ttl >= 0 && r.ttl <= r.grantedTtl ? 'alive' : r.ttl,
          grantedTtl: r.grantedTtl,
          // etcd lists a lease's keys in map order.
          keys: r.keys.map(text).sort(),
        };
      }
      case 'leaseKeepAlive': {
        const r = await s.leaseKeepAlive(this.lease(op.lease));
        return { rev: r.header.revision, id: this.leaseName(r.id), ttl: r.ttl };
      }
      case 'status': {
        // Ids, versions and sizes are each store's own; the revisions must agree.
        const r = await s.status();
        return { rev: r.header.revision, compactRevision: r.compactRevision };
      }
      case 'leaseLeases': {
        const r = await s.leaseLeases();
        return { rev: r.header.revision, leases: r.leases.map((id) => String(this.leaseName(id))).sort() };
      }
    }
  }

  private compare(c: CompareSpec): Compare {
    const value = typeof c.value === 'object' ? this.lease(c.value.lease) : c.value;
    return { key: c.key, ...(c.rangeEnd === undefined ? {} : { rangeEnd: c.rangeEnd }), target: c.target, result: c.result, value };
  }

  private requestOp(o: TxnOpSpec): RequestOp {
    if ('put' in o) return { put: this.putRequest(o.put) };
    return o;
  }

  private putRequest(p: PutSpec): { key: string; value: string | Buffer; prevKv?: boolean; lease?: number } {
    const value = p.valueBytes ? Buffer.alloc(p.valueBytes, 'x') : p.value;
    return {
      key: p.key,
      value,
      ...(p.prevKv ? { prevKv: true } : {}),
      ...(p.lease ? { lease: this.lease(p.lease) } : {}),
    };
  }

  private responseOp(r: ResponseOp): Plain {
    if ('range' in r) {
      const x = r.range;
      return { range: { rev: x.header.revision, kvs: x.kvs.map((kv) => this.kv(kv)), count: x.count, more: x.more } };
    }
    if ('put' in r) {
      const x = r.put;
      return { put: { rev: x.header.revision, prevKv: x.prevKv ? this.kv(x.prevKv) : null } };
    }
    const x = r.deleteRange;
    return { deleteRange: { rev: x.header.revision, deleted: x.deleted, prevKvs: x.prevKvs.map((kv) => this.kv(kv)) } };
  }
}

type CompactWithOptions = Backend & { compact(revision: number, options?: { physical?: boolean }): ReturnType<Backend['compact']> };
