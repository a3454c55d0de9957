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
import type { Clock } from '@kubelab/core';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { type Controller, type ControllerContext, type Logger, describeError } from '../controllers/controller.js';
import { LeaderCampaign } from '../controllers/leader-campaign.js';
import { EventRecorder } from '../controllers/events.js';
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
  private campaign: LeaderCampaign | undefined;
  private stopping = false;

  constructor(private readonly options: CloudControllerManagerOptions) {
    this.client = new KubeClient(new InProcessTransport(options.handler, { userAgent: CLOUD_CONTROLLER_MANAGER_USER_AGENT }));
    this.log = options.log ?? { info: () => undefined, error: (m) => console.error(`cloud-controller-manager: ${m}`) };
  }

  get cloud(): CloudProvider {
    return this.options.cloud;
  }

  start(): void {
    if (this.campaign || this.term || this.stopping) return;
    if (this.options.leaderElection) {
      this.campaign = new LeaderCampaign({
        ...this.options.leaderElection,
        client: this.client,
        clock: this.options.clock,
        log: this.log,
        random: this.options.random,
        lease: { namespace: 'kube-system', name: CLOUD_CONTROLLER_MANAGER_LEASE },
        component: 'cloud-controller-manager',
        onStartedLeading: () => this.startControllers(),
        onStoppedLeading: () => this.stopControllers(),
      });
    } else this.startControllers();
  }

  /** Resolves true once leading and every informer has synced; false if stopped first. */
  async waitForSync(): Promise<boolean> {
    const term = this.term ?? (this.stopping ? undefined : await new Promise<Term | undefined>((r) => this.termWaiters.push(r)));
    return term ? term.factory.waitForCacheSync() : false;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.termWaiters.splice(0)) w(undefined);
    await this.campaign?.stop();
    await this.stopControllers();
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
