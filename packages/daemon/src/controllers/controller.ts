/**
 * What every controller shares: its context (one client, one informer factory, one clock,
 * an event recorder), and the worker loop of sample-controller's processNextWorkItem — take
 * a key, reconcile it, forget its backoff on success, re-add it rate limited on failure, and
 * always mark it done so the queue can hand it out again.
 */
import { StatusError, type Clock } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import type { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import type { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import type { EventRecorder } from './events.js';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface ControllerContext {
  client: KubeClient;
  informers: SharedInformerFactory;
  clock: Clock;
  /** An event recorder reporting as `component` (e.g. "namespace-controller"). */
  recorder(component: string): EventRecorder;
  log: Logger;
  /** PEM of the API server's certificate authority (the root-ca-cert-publisher's bundle). */
  rootCaPem: string;
  /** kube-controller-manager's tuning flags (unset: upstream's defaults). */
  flags: ControllerFlags;
}

/** kube-controller-manager flags that tune controllers; each unset one takes upstream's default. */
export interface ControllerFlags {
  /** --node-monitor-grace-period (40 s): silence after which a node's Ready goes Unknown. */
  nodeMonitorGracePeriodMs?: number;
  /** --node-monitor-period (5 s): how often node health is checked. */
  nodeMonitorPeriodMs?: number;
  /** --node-startup-grace-period (60 s): the same for a node that never reported. */
  nodeStartupGracePeriodMs?: number;
  /** --terminated-pod-gc-threshold (12500): finished pods kept before the pod GC deletes the oldest. */
  terminatedPodGcThreshold?: number;
  /**
   * How long the namespace controller waits before emptying a deleted namespace (upstream's
   * namespaceDeletionGracePeriod, 5 s).
   */
  namespaceDeletionGracePeriodMs?: number;
}

export interface Controller {
  /** kube-controller-manager's name for it ("namespace-controller"). */
  readonly name: string;
  /** Waits for its caches to sync, then runs workers until stop(). */
  run(): Promise<void>;
  /** Shuts the queue down; run() resolves once the workers have finished their keys. */
  stop(): void;
}

/**
 * A reconcile that wants its key looked at again later without counting as a failure — the
 * namespace controller waiting for content with finalizers (ResourcesRemainingError).
 */
export class RequeueAfter extends Error {
  constructor(
    readonly delayMs: number,
    message = `requeue after ${delayMs} ms`,
  ) {
    super(message);
    this.name = 'RequeueAfter';
  }
}

/** Runs `workers` loops over the queue until it shuts down. */
export async function runWorkers<K>(
  queue: RateLimitingQueue<K>,
  workers: number,
  sync: (key: K) => Promise<void>,
  onError: (key: K, err: unknown) => void,
): Promise<void> {
  const worker = async (): Promise<void> => {
    for (;;) {
      const { key, shutdown } = await queue.get();
      if (shutdown) return;
      try {
        await sync(key);
        queue.forget(key);
      } catch (err) {
        if (err instanceof RequeueAfter) queue.addAfter(key, err.delayMs);
        else {
          onError(key, err);
          queue.addRateLimited(key);
        }
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/** True for a StatusError with this HTTP code (errors.IsNotFound, IsConflict, ...). */
export function isStatusCode(err: unknown, code: number): boolean {
  return err instanceof StatusError && err.code === code;
}

/** Errors worth a log line: not the conflicts and not-founds that level-triggered retries absorb. */
export function isExpected(err: unknown): boolean {
  return isStatusCode(err, 409) || isStatusCode(err, 404);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
