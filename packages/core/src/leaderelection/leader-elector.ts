/**
 * Leader election over a Lease, as client-go's tools/leaderelection (leaderelection.go):
 *
 *   acquire  every retryPeriod (+ up to 1.2× jitter) try to take the lock; it can be taken
 *            when nobody holds it, when we already do, or when the holder has not renewed it
 *            for leaseDuration — measured on OUR clock from when we last saw the record
 *            change, so clock skew between candidates does not matter;
 *   lead     onStartedLeading(); then renew every retryPeriod;
 *   lose     a renewal that cannot succeed within renewDeadline ends leadership:
 *            onStoppedLeading(), and run() returns.
 *
 * Defaults are kube-controller-manager's: leaseDuration 15 s, renewDeadline 10 s,
 * retryPeriod 2 s. With releaseOnCancel, stop() hands the lease back (holder "", duration
 * 1 s) so the next candidate need not wait out the lease.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { LeaderElectionRecord, LeaseLock } from './lease-lock.js';

export interface LeaderCallbacks {
  /** We became the leader: start the work. */
  onStartedLeading(): void;
  /** We stopped being the leader (lost the lease, or stop()): stop the work at once. */
  onStoppedLeading(): void;
  /** Someone (maybe us) is now the leader. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: LeaseLock;
  clock: Clock;
  callbacks: LeaderCallbacks;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  releaseOnCancel?: boolean;
  random?: () => number;
  onError?: (err: unknown) => void;
}

/** client-go's JitterFactor for the acquire loop. */
const JITTER_FACTOR = 1.2;

export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly random: () => number;
  private observed: LeaderElectionRecord | undefined;
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private stopped = false;
  private leading = false;
  private sleeping: { timer: TimerHandle; wake: () => void } | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly config: LeaderElectionConfig) {
    this.leaseDurationMs = config.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = config.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = config.retryPeriodMs ?? 2_000;
    this.random = config.random ?? Math.random;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
  }

  /** Campaigns, leads, and returns once leadership is lost or stop() is called. */
  run(): Promise<void> {
    this.running ??= this.campaign();
    return this.running;
  }

  /** Stops campaigning or leading (handing the lease back with releaseOnCancel). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleeping) {
      this.sleeping.timer.clear();
      this.sleeping.wake();
    }
    await this.running;
  }

  isLeader(): boolean {
    return this.observed?.holderIdentity === this.config.lock.identity;
  }

  /** The identity of the last observed leader ("" when none). */
  getLeader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  private async campaign(): Promise<void> {
    if (!(await this.acquire())) return;
    this.leading = true;
    this.config.callbacks.onStartedLeading();
    try {
      await this.renew();
    } finally {
      if (this.stopped && this.config.releaseOnCancel) await this.release();
      this.leading = false;
      this.config.callbacks.onStoppedLeading();
    }
  }

  private async acquire(): Promise<boolean> {
    while (!this.stopped) {
      const ok = await this.tryAcquireOrRenew();
      this.maybeReportTransition();
      if (ok) return true;
      await this.sleep(this.retryPeriodMs * (1 + this.random() * JITTER_FACTOR));
    }
    return false;
  }

  /** Renews every retryPeriod; returns when a renewal fails for renewDeadline, or on stop. */
  private async renew(): Promise<void> {
    while (!this.stopped) {
      await this.sleep(this.retryPeriodMs);
      if (this.stopped) return;
      const deadline = this.config.clock.now() + this.renewDeadlineMs;
      let renewed = false;
      // wait.PollImmediateUntil(retryPeriod, tryAcquireOrRenew, renewDeadline)
      while (!this.stopped) {
        renewed = await this.withDeadline(this.tryAcquireOrRenew(), deadline);
        this.maybeReportTransition();
        if (renewed || this.stopped) break;
        const left = deadline - this.config.clock.now();
        if (left <= 0) break;
        await this.sleep(Math.min(this.retryPeriodMs, left));
        if (this.config.clock.now() >= deadline) break;
      }
      if (!renewed && !this.stopped) return;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { lock, clock } = this.config;
    const now = clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: lock.identity,
      leaseDurationSeconds: Math.floor(this.leaseDurationMs / 1000),
      renewTime: now,
      acquireTime: now,
      leaderTransitions: 0,
    };
    try {
      // 1. The leader's fast path: update assuming the record we saw last is current.
      if (this.isLeader() && this.isLeaseValid(now) && this.observed) {
        record.acquireTime = this.observed.acquireTime;
        record.leaderTransitions = this.observed.leaderTransitions;
        try {
          await lock.update(record);
          this.setObserved(record, lock.raw);
          return true;
        } catch {
          // Fall back to reading the lease.
        }
      }
      // 2. Read (or create) the record.
      const current = await lock.get();
      if (!current) {
        await lock.create(record);
        this.setObserved(record, lock.raw);
        return true;
      }
      // 3. A change since we last looked restarts the expiry countdown.
      if (current.raw !== this.observedRaw) this.setObserved(current.record, current.raw);
      if (current.record.holderIdentity && this.isLeaseValid(now) && !this.isLeader()) return false;
      // 4. Take it, or keep it.
      if (this.isLeader()) {
        record.acquireTime = current.record.acquireTime;
        record.leaderTransitions = current.record.leaderTransitions;
      } else {
        record.leaderTransitions = current.record.leaderTransitions + 1;
      }
      await lock.update(record);
      this.setObserved(record, lock.raw);
      return true;
    } catch (err) {
      this.config.onError?.(err);
      return false;
    }
  }

  private async release(): Promise<void> {
    if (!this.isLeader() || !this.observed) return;
    const now = this.config.clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      renewTime: now,
      acquireTime: now,
      leaderTransitions: this.observed.leaderTransitions,
    };
    try {
      await this.config.lock.update(record);
      this.setObserved(record, this.config.lock.raw);
    } catch (err) {
      this.config.onError?.(err);
    }
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + (this.observed?.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private setObserved(record: LeaderElectionRecord, raw: string): void {
    this.observed = record;
    this.observedRaw = raw;
    this.observedTime = this.config.clock.now();
  }

  private maybeReportTransition(): void {
    const leader = this.getLeader();
    if (!leader || leader === this.reportedLeader) return;
    this.reportedLeader = leader;
    this.config.callbacks.onNewLeader?.(leader);
  }

  /** The attempt's result, or false once the clock passes deadline (the request is abandoned). */
  private withDeadline(attempt: Promise<boolean>, deadline: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = this.config.clock.setTimeout(() => resolve(false), Math.max(0, deadline - this.config.clock.now())).unref();
      void attempt.then((ok) => {
        timer.clear();
        resolve(ok);
      });
    });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      this.sleeping = { timer: this.config.clock.setTimeout(wake, ms).unref(), wake };
    });
  }

  /** True between onStartedLeading and onStoppedLeading. */
  get isLeading(): boolean {
    return this.leading;
  }
}
