/**
 * kubelab's kube-scheduler as a daemon component: its own API client (user agent
 * kube-scheduler, so its writes show that field manager), leader election through the Lease
 * kube-system/kube-scheduler (the configuration's leaderElection), and one Scheduler per
 * term of leadership. The decision records outlive terms and are served through the API
 * server (decisions.ts).
 *
 * Configuration: a KubeSchedulerConfiguration file (`--scheduler-config FILE`) or the
 * defaults; `--seed N` makes tie-breaking reproducible.
 */
import { readFileSync } from 'node:fs';
import { type Clock, resourceFor } from '@kubelab/core';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { LeaderElector } from '@kubelab/core/leaderelection/leader-elector';
import { LeaseLock } from '@kubelab/core/leaderelection/lease-lock';
import { defaultConfiguration, parseSchedulerConfiguration } from '@kubelab/core/scheduler/config/parse';
import type { CompletedConfiguration } from '@kubelab/core/scheduler/config/types';
import { validateProfiles } from '@kubelab/core/scheduler/framework/framework-build';
import type { PluginFactory } from '@kubelab/core/scheduler/framework/interface';
import { IN_TREE_REGISTRY } from '@kubelab/core/scheduler/plugins/registry';
import { type Logger, describeError } from '../controllers/controller.js';
import { EventRecorder, referenceTo } from '../controllers/events.js';
import { DecisionStore } from './decisions.js';
import { Scheduler } from './scheduler.js';

/** The user agent kube-apiserver turns into the field manager "kube-scheduler". */
export const SCHEDULER_USER_AGENT = 'kube-scheduler/v1.32.0 (linux/amd64) kubernetes/kubelab';

const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

export interface SchedulerComponentOptions {
  /** The API server's entry point (ApiServer.handle). */
  handler: InProcessHandler;
  clock: Clock;
  /** The completed configuration; the defaults when absent. */
  config?: CompletedConfiguration;
  seed?: number;
  /** This scheduler's identity in the Lease; leader election is skipped when absent. */
  identity?: string;
  log?: Logger;
  registry?: ReadonlyMap<string, PluginFactory>;
  decisions?: DecisionStore;
  minWatchTimeoutSeconds?: number;
  random?: () => number;
  maxBindsInFlight?: number;
}

/** Reads --scheduler-config FILE. */
export function loadSchedulerConfig(file: string | undefined): CompletedConfiguration {
  if (!file) return defaultConfiguration();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--scheduler-config: cannot read ${file}: ${describeError(err)}`);
  }
  try {
    const config = parseSchedulerConfiguration(text);
    validateProfiles(config.profiles, IN_TREE_REGISTRY);
    return config;
  } catch (err) {
    throw new Error(`--scheduler-config ${file}: ${describeError(err)}`);
  }
}

export class SchedulerComponent {
  readonly client: KubeClient;
  readonly config: CompletedConfiguration;
  readonly decisions: DecisionStore;
  private readonly log: Logger;
  private scheduler: Scheduler | undefined;
  private term: { factory: SharedInformerFactory; running: Promise<void>; recorders: Map<string, EventRecorder> } | undefined;
  private termWaiters: Array<(s: Scheduler | undefined) => void> = [];
  private elector: LeaderElector | undefined;
  private campaigning: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: SchedulerComponentOptions) {
    this.client = new KubeClient(new InProcessTransport(options.handler, { userAgent: SCHEDULER_USER_AGENT }));
    this.config = options.config ?? defaultConfiguration();
    this.decisions = options.decisions ?? new DecisionStore();
    this.decisions.schedulerNames = this.config.profiles.map((p) => p.schedulerName);
    this.log = options.log ?? { info: () => undefined, error: (m) => console.error(`kube-scheduler: ${m}`) };
  }

  /** The running scheduler (while leading). */
  get current(): Scheduler | undefined {
    return this.scheduler;
  }

  start(): void {
    if (this.campaigning || this.term || this.stopping) return;
    if (this.options.identity && this.config.leaderElection.leaderElect) this.campaigning = this.campaign(this.options.identity);
    else this.startScheduler();
  }

  /** Resolves with the scheduler once leading and its caches have synced; undefined if stopped first. */
  async waitForSync(): Promise<Scheduler | undefined> {
    const s = this.scheduler ?? (this.stopping ? undefined : await new Promise<Scheduler | undefined>((r) => this.termWaiters.push(r)));
    if (!s || !this.term) return undefined;
    return (await this.term.factory.waitForCacheSync()) ? s : undefined;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.termWaiters.splice(0)) w(undefined);
    if (this.elector) await this.elector.stop();
    await this.campaigning;
    await this.stopScheduler();
  }

  private async campaign(identity: string): Promise<void> {
    const { clock } = this.options;
    const le = this.config.leaderElection;
    while (!this.stopping) {
      const lock = new LeaseLock({ client: this.client, namespace: le.resourceNamespace, name: le.resourceName, identity });
      const recorder = new EventRecorder({ client: this.client, clock, source: { component: 'default-scheduler' }, log: this.log });
      let stopped: Promise<void> = Promise.resolve();
      this.elector = new LeaderElector({
        lock,
        clock,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        releaseOnCancel: true,
        random: this.options.random,
        onError: (err) => this.log.info(`leader election: ${describeError(err)}`),
        callbacks: {
          onStartedLeading: () => {
            if (lock.object) recorder.event(referenceTo(lock.object, LEASES), 'Normal', 'LeaderElection', `${identity} became leader`);
            this.startScheduler();
          },
          onStoppedLeading: () => {
            if (!this.stopping) this.log.error(`leaderelection lost for ${identity}`);
            stopped = this.stopScheduler();
          },
        },
      });
      await this.elector.run();
      await stopped;
      await recorder.flush();
    }
  }

  private startScheduler(): void {
    if (this.term || this.stopping) return;
    const { clock } = this.options;
    const factory = new SharedInformerFactory({
      client: this.client,
      clock,
      minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds,
      random: this.options.random,
      onError: (err, context) => this.log.info(`${context}: ${describeError(err)}`),
    });
    const recorders = new Map<string, EventRecorder>();
    const scheduler = new Scheduler({
      client: this.client,
      clock,
      informers: factory,
      config: this.config,
      seed: this.options.seed,
      registry: this.options.registry,
      decisions: this.decisions,
      log: this.log,
      maxBindsInFlight: this.options.maxBindsInFlight,
      recorderFor: (name) => {
        let r = recorders.get(name);
        if (!r) recorders.set(name, (r = new EventRecorder({ client: this.client, clock, source: { component: name }, log: this.log })));
        return r;
      },
    });
    const running = scheduler.run().catch((err: unknown) => this.log.error(`scheduler stopped: ${describeError(err)}`));
    this.scheduler = scheduler;
    this.term = { factory, running, recorders };
    for (const w of this.termWaiters.splice(0)) w(scheduler);
  }

  private async stopScheduler(): Promise<void> {
    const term = this.term;
    const scheduler = this.scheduler;
    if (!term || !scheduler) return;
    this.term = undefined;
    this.scheduler = undefined;
    await scheduler.stop();
    await term.factory.shutdown();
    await term.running;
    await Promise.all([...term.recorders.values()].map((r) => r.flush()));
  }
}
