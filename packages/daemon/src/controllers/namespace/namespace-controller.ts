/**
 * The namespace lifecycle controller (pkg/controller/namespace/namespace_controller.go):
 * watches namespaces, and for each one being deleted empties it and releases its
 * "kubernetes" finalizer (see namespaced-resources-deleter.ts) — the half of
 * `kubectl delete namespace` that happens after the API server marks it Terminating.
 *
 * Its queue backs off from 5 ms to at most 60 s ("retry namespace deletion at least every
 * minute, never longer"), and content that is still going away is checked again after half
 * its estimate. A deleted namespace is first left alone for 5 s, as upstream's
 * namespaceDeletionGracePeriod: besides letting every API server see the deletion, it is what
 * users rely on when `kubectl delete -f` removes a namespace and then the objects listed
 * after it in the same file — they are still there to be deleted, not already gone.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { metaNamespaceKey } from '@kubelab/core/cache/keys';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter } from '@kubelab/core/workqueue/rate-limiter';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../controller.js';
import { NamespacedResourcesDeleter } from './namespaced-resources-deleter.js';

const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  private readonly informer: SharedInformer;
  private readonly queue: RateLimitingQueue<string>;
  private readonly deleter: NamespacedResourcesDeleter;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 2,
  ) {
    this.queue = new RateLimitingQueue<string>({
      clock: ctx.clock,
      name: 'namespace',
      // nsControllerRateLimiter: per key 5 ms → 60 s, overall 10 qps / burst 100.
      rateLimiter: new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter<string>(5, 60_000), new BucketRateLimiter<string>(ctx.clock, 10, 100)),
    });
    this.deleter = new NamespacedResourcesDeleter(ctx.client, ctx.clock);
    this.informer = ctx.informers.informerFor(NAMESPACES);
    this.informer.addEventHandler({
      onAdd: (ns) => this.enqueue(ns),
      onUpdate: (_old, ns) => this.enqueue(ns),
    });
  }

  async run(): Promise<void> {
    if (!(await this.informer.waitForSync())) return;
    await runWorkers(this.queue, this.workers, (key) => this.sync(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: deletion of namespace ${key} failed, will retry: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  /** Only namespaces being deleted are our business. */
  private enqueue(ns: KubeObject): void {
    if (!ns.metadata?.deletionTimestamp) return;
    this.queue.addAfter(metaNamespaceKey(ns), this.ctx.flags.namespaceDeletionGracePeriodMs ?? 5_000);
  }

  private async sync(key: string): Promise<void> {
    const ns = this.informer.lister.get(key);
    if (!ns) return;
    await this.deleter.delete(key);
  }
}
