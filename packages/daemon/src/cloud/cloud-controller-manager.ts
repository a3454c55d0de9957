/**
 * kubelab's cloud-controller-manager: the controllers that talk to the cloud provider —
 * here the simulated one of provider.ts — run apart from kube-controller-manager, as API
 * clients with their own informers, and (optionally) behind their own leader election
 * Lease, kube-system/cloud-controller-manager, so only one daemon over a shared store acts
 * on the cloud.
 *
 *   cloud-node-controller            provider IDs, cloud labels and node addresses
 *   cloud-node-lifecycle-controller  deletes Nodes whose instance is gone, taints shut-down ones
 *   service-lb-controller            load balancers for Services of type LoadBalancer
 */
import { type Clock, resourceFor } from '@kubelab/core';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { LeaderElector } from '@kubelab/core/leaderelection/leader-elector';
import { LeaseLock } from '@kubelab/core/leaderelection/lease-lock';
import { type Controller, type ControllerContext, type Logger, describeError } from '../controllers/controller.js';
import { EventRecorder, referenceTo } from '../controllers/events.js';
import type { LeaderElectionOptions } from '../controllers/manager.js';
import { CloudNodeController } from './node-controller.js';
import { CloudNodeLifecycleController } from './node-lifecycle-controller.js';
import type { CloudProvider } from './provider.js';
import { ServiceController } from './service-controller.js';

export const CLOUD_CONTROLLER_MANAGER_USER_AGENT = 'cloud-controller-manager/v1.32.0 (linux/amd64) kubernetes/kubelab';
export const CLOUD_CONTROLLER_MANAGER_LEASE = 'cloud-controller-manager';

export interface CloudControllerOptions {
  /** --node-monitor-period of the cloud node lifecycle controller (5 s). */
  nodeMonitorPeriodMs?: number;
}

/** cloud-controller-manager's controller names. */
export const CLOUD_CONTROLLERS: Record<string, (ctx: ControllerContext, cloud: CloudProvider, o: CloudControllerOptions) => Controller> = {
  'cloud-node-controller': (ctx, cloud) => new CloudNodeController(ctx, cloud),
  'cloud-node-lifecycle-controller': (ctx, cloud, o) => new CloudNodeLifecycleController(ctx, cloud, o.nodeMonitorPeriodMs),
  'service-lb-controller': (ctx, cloud) => new ServiceController(ctx, cloud),
};

export interface CloudControllerManagerOptions extends CloudControllerOptions {
  handler: InProcessHandler;
  clock: Clock;
  cloud: CloudProvider;
  /** Controllers to run (names of CLOUD_CONTROLLERS); all by default. */
  controllers?: string[];
  leaderElection?: LeaderElectionOptions;
  log?: Logger;
  minWatchTimeoutSeconds?: number;
  random?: () => number;
}

const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

interface Term {
  factory: SharedInformerFactory;
  controllers: Controller[];
  recorders: EventRecorder[];
  running: Promise<unknown>;
}

export class CloudControllerManager {
  readonly client: KubeClient;
  private readonly log: Logger;
  private term: Term | undefined;
  private termWaiters: Array<(t: Term | undefined) => void> = [];
  private elector: LeaderElector | undefined;
  private campaigning: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: CloudControllerManagerOptions) {
    this.client = new KubeClient(new InProcessTransport(options.handler, { userAgent: CLOUD_CONTROLLER_MANAGER_USER_AGENT }));
    this.log = options.log ?? { info: () => undefined, error: (m) => console.error(`cloud-controller-manager: ${m}`) };
  }

  get cloud(): CloudProvider {
    return this.options.cloud;
  }

  start(): void {
    if (this.campaigning || this.term || this.stopping) return;
    if (this.options.leaderElection) this.campaigning = this.campaign(this.options.leaderElection);
    else this.startControllers();
  }

  /** Resolves true once leading and every informer has synced; false if stopped first. */
  async waitForSync(): Promise<boolean> {
    const term = this.term ?? (this.stopping ? undefined : await new Promise<Term | undefined>((r) => this.termWaiters.push(r)));
    return term ? term.factory.waitForCacheSync() : false;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.termWaiters.splice(0)) w(undefined);
    if (this.elector) await this.elector.stop();
    await this.campaigning;
    await this.stopControllers();
  }

  private async campaign(options: LeaderElectionOptions): Promise<void> {
    const { clock } = this.options;
    while (!this.stopping) {
      const lock = new LeaseLock({ client: this.client, namespace: 'kube-system', name: CLOUD_CONTROLLER_MANAGER_LEASE, identity: options.identity });
      const recorder = new EventRecorder({ client: this.client, clock, source: { component: 'cloud-controller-manager' }, log: this.log });
      let stopped: Promise<void> = Promise.resolve();
      this.elector = new LeaderElector({
        lock,
        clock,
        leaseDurationMs: options.leaseDurationMs,
        renewDeadlineMs: options.renewDeadlineMs,
        retryPeriodMs: options.retryPeriodMs,
        releaseOnCancel: true,
        random: this.options.random,
        onError: (err) => this.log.info(`leader election: ${describeError(err)}`),
        callbacks: {
          onStartedLeading: () => {
            if (lock.object) recorder.event(referenceTo(lock.object, LEASES), 'Normal', 'LeaderElection', `${options.identity} became leader`);
            this.startControllers();
          },
          onStoppedLeading: () => {
            if (!this.stopping) this.log.error(`leaderelection lost for ${options.identity}`);
            stopped = this.stopControllers();
          },
        },
      });
      await this.elector.run();
      await stopped;
      await recorder.flush();
    }
  }

  private startControllers(): void {
    if (this.term || this.stopping) return;
    const { clock } = this.options;
    const client = this.client;
    const factory = new SharedInformerFactory({
      client,
      clock,
      minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds,
      random: this.options.random,
      onError: (err, context) => this.log.info(`${context}: ${describeError(err)}`),
    });
    const recorders: EventRecorder[] = [];
    const ctx: ControllerContext = {
      client,
      informers: factory,
      clock,
      log: this.log,
      rootCaPem: '',
      flags: {},
      recorder: (component) => {
        const r = new EventRecorder({ client, clock, source: { component }, log: this.log });
        recorders.push(r);
        return r;
      },
    };
    const names = this.options.controllers ?? Object.keys(CLOUD_CONTROLLERS);
    const controllers = names.map((name) => {
      const make = CLOUD_CONTROLLERS[name];
      if (!make) throw new Error(`unknown controller "${name}"; known: ${Object.keys(CLOUD_CONTROLLERS).join(', ')}`);
      return make(ctx, this.options.cloud, this.options);
    });
    factory.start();
    const running = Promise.all(controllers.map((c) => c.run().catch((err: unknown) => this.log.error(`${c.name} stopped: ${describeError(err)}`))));
    this.term = { factory, controllers, recorders, running };
    for (const w of this.termWaiters.splice(0)) w(this.term);
  }

  private async stopControllers(): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    for (const c of term.controllers) c.stop();
    await term.factory.shutdown();
    await term.running;
    await Promise.all(term.recorders.map((r) => r.flush()));
  }
}
