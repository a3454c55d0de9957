/**
 * kubelab's kube-controller-manager: runs the controllers inside the daemon as API clients
 * (house rule 1) — one KubeClient over the in-process transport, one shared informer factory
 * — and stops them in order: queues first (workers finish the key in hand), then informers.
 *
 * Like kube-controller-manager it can elect a leader through the Lease
 * kube-system/kube-controller-manager before starting the controllers, so two daemons over
 * one store never both act, and `kubectl get lease -n kube-system` shows who leads. Leadership
 * lost means controllers stopped and a new campaign (upstream exits the process instead).
 */
import { hostname } from 'node:os';
import type { Clock } from '@kubelab/core';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { type Controller, type ControllerContext, type ControllerFlags, type Logger, describeError } from './controller.js';
import { DisruptionController } from './disruption/disruption-controller.js';
import { EndpointsController } from './endpoint/endpoints-controller.js';
import { EndpointSliceController } from './endpointslice/endpointslice-controller.js';
import { CronJobController } from './cronjob/cronjob-controller.js';
import { DaemonSetController } from './daemonset/daemon-set-controller.js';
import { DeploymentController } from './deployment/deployment-controller.js';
import { LeaderCampaign } from './leader-campaign.js';
import { EventRecorder } from './events.js';
import { GarbageCollector } from './garbagecollector/garbage-collector.js';
import { JobController } from './job/job-controller.js';
import { NamespaceController } from './namespace/namespace-controller.js';
import { NodeLifecycleController } from './nodelifecycle/node-lifecycle-controller.js';
import { TaintEvictionController } from './nodelifecycle/taint-eviction-controller.js';
import { PodGCController } from './podgc/pod-gc-controller.js';
import { ReplicaSetController } from './replicaset/replica-set-controller.js';
import { RootCaCertPublisher } from './serviceaccount/root-ca-cert-publisher.js';
import { StatefulSetController } from './statefulset/stateful-set-controller.js';
import { TTLAfterFinishedController } from './ttlafterfinished/ttl-after-finished-controller.js';
import { ServiceAccountsController } from './serviceaccount/serviceaccounts-controller.js';
import { ResourceQuotaController } from './resourcequota/resource-quota-controller.js';
import { PersistentVolumeController } from './volume/persistentvolume/pv-controller.js';
import { PVProtectionController } from './volume/protection/pv-protection-controller.js';
import { PVCProtectionController } from './volume/protection/pvc-protection-controller.js';
import { HostPathProvisioner } from './volume/provisioner/hostpath-provisioner.js';

/** The user agent kube-apiserver turns into the field manager "kube-controller-manager". */
export const CONTROLLER_MANAGER_USER_AGENT = 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/kubelab';

/** kube-controller-manager's controller names, for --controllers style selection. */
export const CONTROLLERS: Record<string, (ctx: ControllerContext) => Controller> = {
  'namespace-controller': (ctx) => new NamespaceController(ctx),
  'serviceaccount-controller': (ctx) => new ServiceAccountsController(ctx),
  'root-ca-certificate-publisher-controller': (ctx) => new RootCaCertPublisher(ctx),
  'garbage-collector-controller': (ctx) => new GarbageCollector(ctx),
  'endpoints-controller': (ctx) => new EndpointsController(ctx),
  'endpointslice-controller': (ctx) => new EndpointSliceController(ctx),
  'node-lifecycle-controller': (ctx) => new NodeLifecycleController(ctx, ctx.flags),
  'taint-eviction-controller': (ctx) => new TaintEvictionController(ctx),
  'persistentvolume-binder-controller': (ctx) => new PersistentVolumeController(ctx),
  'hostpath-provisioner': (ctx) => new HostPathProvisioner(ctx),
  'persistentvolumeclaim-protection-controller': (ctx) => new PVCProtectionController(ctx),
  'persistentvolume-protection-controller': (ctx) => new PVProtectionController(ctx),
  'resourcequota-controller': (ctx) => new ResourceQuotaController(ctx),
  'disruption-controller': (ctx) => new DisruptionController(ctx),
  'pod-garbage-collector-controller': (ctx) => new PodGCController(ctx),
  'replicaset-controller': (ctx) => new ReplicaSetController(ctx),
  'deployment-controller': (ctx) => new DeploymentController(ctx),
  'daemonset-controller': (ctx) => new DaemonSetController(ctx),
  'statefulset-controller': (ctx) => new StatefulSetController(ctx),
  'job-controller': (ctx) => new JobController(ctx),
  'cronjob-controller': (ctx) => new CronJobController(ctx),
  'ttl-after-finished-controller': (ctx) => new TTLAfterFinishedController(ctx),
};

export interface LeaderElectionOptions {
  /** This manager's identity in the Lease (upstream: hostname_uuid). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ControllerManagerOptions {
  /** The API server's entry point (ApiServer.handle). */
  handler: InProcessHandler;
  clock: Clock;
  /** PEM of the API server's CA, published in every namespace as kube-root-ca.crt. */
  rootCaPem: string;
  /** Controllers to run (names of CONTROLLERS); all by default. */
  controllers?: string[];
  /** Elect a leader first; off by default. */
  leaderElection?: LeaderElectionOptions;
  /** kube-controller-manager's tuning flags (--node-monitor-grace-period, ...). */
  flags?: ControllerFlags;
  log?: Logger;
  /** Informer watch timeout floor (tests). */
  minWatchTimeoutSeconds?: number;
  random?: () => number;
}

/** The identity a daemon uses: stable per host, so a restarted daemon takes its own lease back at once. */
export function defaultIdentity(): string {
  return `${hostname()}_kubelabd`;
}


interface Term {
  factory: SharedInformerFactory;
  controllers: Controller[];
  recorders: EventRecorder[];
  running: Promise<unknown>;
}

export class ControllerManager {
  readonly client: KubeClient;
  private readonly log: Logger;
  private term: Term | undefined;
  private termWaiters: Array<(t: Term | undefined) => void> = [];
  private campaign: LeaderCampaign | undefined;
  private stopping = false;

  constructor(private readonly options: ControllerManagerOptions) {
    this.client = new KubeClient(new InProcessTransport(options.handler, { userAgent: CONTROLLER_MANAGER_USER_AGENT }));
    this.log = options.log ?? { info: () => undefined, error: (m) => console.error(`kube-controller-manager: ${m}`) };
  }

  /** Starts the controllers (after winning the election, when one is configured). */
  start(): void {
    if (this.campaign || this.term || this.stopping) return;
    if (this.options.leaderElection) {
      this.campaign = new LeaderCampaign({
        ...this.options.leaderElection,
        client: this.client,
        clock: this.options.clock,
        log: this.log,
        random: this.options.random,
        lease: { namespace: 'kube-system', name: 'kube-controller-manager' },
        component: 'kube-controller-manager',
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

  /** Stops every controller and informer (and hands the lease back). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.termWaiters.splice(0)) w(undefined);
    await this.campaign?.stop();
    await this.stopControllers();
  }

  private startControllers(): void {
    if (this.term || this.stopping) return;
    const clock = this.options.clock;
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
      rootCaPem: this.options.rootCaPem,
      flags: this.options.flags ?? {},
      recorder: (component) => {
        const r = new EventRecorder({ client, clock, source: { component }, log: this.log });
        recorders.push(r);
        return r;
      },
    };
    const names = this.options.controllers ?? Object.keys(CONTROLLERS);
    const controllers = names.map((name) => {
      const make = CONTROLLERS[name];
      if (!make) throw new Error(`unknown controller "${name}"; known: ${Object.keys(CONTROLLERS).join(', ')}`);
      return make(ctx);
    });
    factory.start();
    const running = Promise.all(
      controllers.map((c) =>
        c.run().catch((err: unknown) => {
          this.log.error(`${c.name} stopped: ${describeError(err)}`);
        }),
      ),
    );
    this.term = { factory, controllers, recorders, running };
    for (const w of this.termWaiters.splice(0)) w(this.term);
  }

  private async stopControllers(): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    for (const c of term.controllers) c.stop();
    // Informers stop too, which also releases a controller still waiting for its caches.
    await term.factory.shutdown();
    await term.running;
    await Promise.all(term.recorders.map((r) => r.flush()));
  }
}
