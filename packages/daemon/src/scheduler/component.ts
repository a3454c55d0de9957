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
import type { Clock } from '@kubelab/core';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { defaultConfiguration, parseSchedulerConfiguration } from '@kubelab/core/scheduler/config/parse';
import type { CompletedConfiguration } from '@kubelab/core/scheduler/config/types';
import { validateProfiles } from '@kubelab/core/scheduler/framework/framework-build';
import type { PluginFactory } from '@kubelab/core/scheduler/framework/interface';
import { IN_TREE_REGISTRY } from '@kubelab/core/scheduler/plugins/registry';
import { type Logger, describeError } from '../controllers/controller.js';
import { LeaderCampaign } from '../controllers/leader-campaign.js';
import { EventRecorder } from '../controllers/events.js';
import { DecisionStore } from './decisions.js';
import { Scheduler } from './scheduler.js';

/** The user agent kube-apiserver turns into the field manager "kube-scheduler". */
export const SCHEDULER_USER_AGENT = 'kube-scheduler/v1.32.0 (linux/amd64) kubernetes/kubelab';


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
  private campaign: LeaderCampaign | undefined;
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
    if (this.campaign || this.term || this.stopping) return;
    if (this.options.identity && this.config.leaderElection.leaderElect) {
      this.campaign = new LeaderCampaign({
        client: this.client,
        clock: this.options.clock,
        log: this.log,
        random: this.options.random,
        lease: { namespace: this.config.leaderElection.resourceNamespace, name: this.config.leaderElection.resourceName },
        component: 'default-scheduler',
        identity: this.options.identity,
        leaseDurationMs: this.config.leaderElection.leaseDurationMs,
        renewDeadlineMs: this.config.leaderElection.renewDeadlineMs,
        retryPeriodMs: this.config.leaderElection.retryPeriodMs,
        onStartedLeading: () => this.startScheduler(),
        onStoppedLeading: () => this.stopScheduler(),
      });
    } else this.startScheduler();
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
    await this.campaign?.stop();
    await this.stopScheduler();
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
