/**
 * The service load balancer controller (k8s.io/cloud-provider/controllers/service): every
 * Service of type LoadBalancer (with no spec.loadBalancerClass — those belong to another
 * implementation) gets a load balancer from the cloud, its address in
 * status.loadBalancer.ingress — what `kubectl get svc` shows as EXTERNAL-IP — and the
 * finalizer service.kubernetes.io/load-balancer-cleanup, so the load balancer is released
 * before the Service is gone. A Service that stops being a LoadBalancer, or is deleted,
 * gives its load balancer back.
 *
 * Events on the Service: EnsuringLoadBalancer, EnsuredLoadBalancer, DeletingLoadBalancer,
 * DeletedLoadBalancer, and SyncLoadBalancerFailed (Warning) when the cloud says no — the
 * pool is empty, the requested IP is taken — retried with backoff.
 */
import { resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected } from '../controllers/controller.js';
import { runWorkers } from '../controllers/controller.js';
import type { EventRecorder } from '../controllers/events.js';
import { type Service, jsonEqual } from '../controllers/endpoint/endpoint-util.js';
import { retryUpdate } from '../controllers/retry-update.js';
import type { CloudProvider, LoadBalancerStatus } from './provider.js';

const SERVICES = resourceFor('', 'v1', 'services')!;
const NODES = resourceFor('', 'v1', 'nodes')!;

export const LOAD_BALANCER_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

export class ServiceController implements Controller {
  readonly name = 'service-lb-controller';
  private readonly services: SharedInformer<Service>;
  private readonly nodes: SharedInformer;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly cloud: CloudProvider,
  ) {
    this.recorder = ctx.recorder('service-controller');
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'service' });
    this.services = ctx.informers.informerFor<Service>(SERVICES);
    this.nodes = ctx.informers.informerFor(NODES);
    this.services.addEventHandler({
      onAdd: (s) => this.queue.add(metaNamespaceKey(s)),
      onUpdate: (_o, s) => this.queue.add(metaNamespaceKey(s)),
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.services, this.nodes))) return;
    await runWorkers(this.queue, 1, (key) => this.syncService(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: service ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async syncService(key: string): Promise<void> {
    const svc = this.services.lister.get(key);
    if (!svc) return;
    if (svc.metadata?.deletionTimestamp || !wantsLoadBalancer(svc)) await this.processLoadBalancerDelete(svc);
    else await this.processLoadBalancerCreateOrUpdate(svc);
  }

  private async processLoadBalancerCreateOrUpdate(svc: Service): Promise<void> {
    const lb = this.cloud.loadBalancer();
    const { exists, status: current } = await lb.getLoadBalancer(svc);
    const hasFinalizer = (svc.metadata?.finalizers ?? []).includes(LOAD_BALANCER_CLEANUP_FINALIZER);
    if (exists && hasFinalizer && jsonEqual(svc.status?.loadBalancer ?? {}, current)) return;
    await this.setFinalizer(svc, true);
    this.recorder.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    let status: LoadBalancerStatus;
    try {
      status = await lb.ensureLoadBalancer(svc, [...this.nodes.lister.list()]);
    } catch (err) {
      this.recorder.event(svc, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: ${describeError(err)}`);
      throw err;
    }
    await this.patchStatus(svc, status);
    this.recorder.event(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
  }

  private async processLoadBalancerDelete(svc: Service): Promise<void> {
    const hasFinalizer = (svc.metadata?.finalizers ?? []).includes(LOAD_BALANCER_CLEANUP_FINALIZER);
    const hasStatus = (svc.status?.loadBalancer?.ingress ?? []).length > 0;
    if (!hasFinalizer && !hasStatus) return;
    this.recorder.event(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
    await this.cloud.loadBalancer().ensureLoadBalancerDeleted(svc);
    this.recorder.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
    if (!svc.metadata?.deletionTimestamp) await this.patchStatus(svc, {});
    await this.setFinalizer(svc, false);
  }

  private async setFinalizer(svc: Service, present: boolean): Promise<void> {
    await retryUpdate(this.ctx.client, SERVICES, { namespace: svc.metadata!.namespace, name: svc.metadata!.name!, uid: svc.metadata?.uid }, (obj) => {
      const finalizers = obj.metadata?.finalizers ?? [];
      const has = finalizers.includes(LOAD_BALANCER_CLEANUP_FINALIZER);
      if (has === present) return false;
      const next = present ? [...finalizers, LOAD_BALANCER_CLEANUP_FINALIZER] : finalizers.filter((f) => f !== LOAD_BALANCER_CLEANUP_FINALIZER);
      if (next.length) obj.metadata!.finalizers = next;
      else delete obj.metadata!.finalizers;
      return true;
    });
  }

  private async patchStatus(svc: Service, status: LoadBalancerStatus): Promise<void> {
    await retryUpdate(
      this.ctx.client,
      SERVICES,
      { namespace: svc.metadata!.namespace, name: svc.metadata!.name!, uid: svc.metadata?.uid },
      (obj) => {
        const s = obj as Service;
        if (jsonEqual(s.status?.loadBalancer ?? {}, status)) return false;
        s.status = { ...(s.status ?? {}), loadBalancer: status };
        return true;
      },
      { subresource: 'status' },
    );
  }
}

/** wantsLoadBalancer: type LoadBalancer, and no other implementation named in loadBalancerClass. */
export function wantsLoadBalancer(svc: Service): boolean {
  return svc.spec?.type === 'LoadBalancer' && !svc.spec.loadBalancerClass;
}
