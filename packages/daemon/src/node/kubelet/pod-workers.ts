/**
 * Pod workers (pkg/kubelet/pod_workers.go): every pod is synced by its own worker, one sync
 * at a time; a change arriving during a sync (an informer update, a container that died, a
 * probe result) makes the worker sync again right after. A sync may ask to be run again
 * later (a back-off ending, a retry); the earliest request wins.
 */
import type { Clock, TimerHandle } from '@kubelab/core';

interface Worker {
  running: boolean;
  pending: boolean;
  timer: { at: number; handle: TimerHandle } | undefined;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();

  constructor(
    private readonly clock: Clock,
    private readonly sync: (uid: string) => Promise<void>,
    private readonly onError: (uid: string, err: unknown) => void,
  ) {}

  /** Syncs uid now, or right after the sync in progress. */
  update(uid: string): void {
    let w = this.workers.get(uid);
    if (!w) {
      w = { running: false, pending: false, timer: undefined };
      this.workers.set(uid, w);
    }
    if (w.running) {
      w.pending = true;
      return;
    }
    void this.run(uid, w);
  }

  /** Syncs uid again after ms (unless an earlier sync is already due). */
  resyncAfter(uid: string, ms: number): void {
    const w = this.workers.get(uid);
    if (!w) return;
    const at = this.clock.now() + Math.max(0, ms);
    if (w.timer && w.timer.at <= at) return;
    w.timer?.handle.clear();
    const handle = this.clock
      .setTimeout(() => {
        if (w.timer?.handle === handle) w.timer = undefined;
        this.update(uid);
      }, Math.max(0, ms))
      .unref();
    w.timer = { at, handle };
  }

  /** Stops syncing uid. */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    w?.timer?.handle.clear();
    this.workers.delete(uid);
  }

  /** Stops every worker's timers (the kubelet stops). */
  stop(): void {
    for (const w of this.workers.values()) w.timer?.handle.clear();
    this.workers.clear();
  }

  get size(): number {
    return this.workers.size;
  }

  private async run(uid: string, w: Worker): Promise<void> {
    w.running = true;
    try {
      do {
        w.pending = false;
        try {
          await this.sync(uid);
        } catch (err) {
          this.onError(uid, err);
        }
      } while (w.pending && this.workers.get(uid) === w);
    } finally {
      w.running = false;
    }
  }
}
