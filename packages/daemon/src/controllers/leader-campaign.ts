/**
 * Running for a component's Lease, as kube-controller-manager, cloud-controller-manager and
 * kube-scheduler do (client-go's leaderelection.RunOrDie in a loop): while not stopped, stand
 * for the lease; on winning it, record a LeaderElection event and start working; on losing
 * it, stop working and stand again. stop() hands the lease back (releaseOnCancel).
 */
import { type Clock, resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { LeaderElector } from '@kubelab/core/leaderelection/leader-elector';
import { LeaseLock } from '@kubelab/core/leaderelection/lease-lock';
import { type Logger, describeError } from './controller.js';
import { EventRecorder, referenceTo } from './events.js';

const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

export interface LeaderCampaignOptions {
  client: KubeClient;
  clock: Clock;
  log: Logger;
  random?: () => number;
  lease: { namespace: string; name: string };
  /** The event source ("kube-controller-manager"). */
  component: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Won the lease: start working. */
  onStartedLeading(): void;
  /** Lost it (or stopping): stop working; resolves once stopped. */
  onStoppedLeading(): Promise<void>;
}

export class LeaderCampaign {
  private elector: LeaderElector | undefined;
  private stopping = false;
  private readonly running: Promise<void>;

  constructor(private readonly options: LeaderCampaignOptions) {
    this.running = this.run();
  }

  /** Stops standing and hands the lease back. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.elector) await this.elector.stop();
    await this.running;
  }

  private async run(): Promise<void> {
    const o = this.options;
    while (!this.stopping) {
      const lock = new LeaseLock({ client: o.client, namespace: o.lease.namespace, name: o.lease.name, identity: o.identity });
      const recorder = new EventRecorder({ client: o.client, clock: o.clock, source: { component: o.component }, log: o.log });
      let stopped: Promise<void> = Promise.resolve();
      this.elector = new LeaderElector({
        lock,
        clock: o.clock,
        leaseDurationMs: o.leaseDurationMs,
        renewDeadlineMs: o.renewDeadlineMs,
        retryPeriodMs: o.retryPeriodMs,
        releaseOnCancel: true,
        random: o.random,
        onError: (err) => o.log.info(`leader election: ${describeError(err)}`),
        callbacks: {
          onStartedLeading: () => {
            if (lock.object) recorder.event(referenceTo(lock.object, LEASES), 'Normal', 'LeaderElection', `${o.identity} became leader`);
            o.onStartedLeading();
          },
          onStoppedLeading: () => {
            if (!this.stopping) o.log.error(`leaderelection lost for ${o.identity}`);
            stopped = o.onStoppedLeading();
          },
        },
      });
      await this.elector.run();
      await stopped;
      await recorder.flush();
    }
  }
}
