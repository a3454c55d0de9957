/**
 * The ResourceQuota controller (pkg/controller/resourcequota/resource_quota_controller.go):
 * keeps every quota's status — `hard` copied from spec, `used` added up over the objects of
 * its namespace that its scopes select (evaluators.ts) — so `kubectl describe quota` shows
 * where a namespace stands, and the ResourceQuota admission plugin can charge new objects
 * against it (a quota without status refuses everything it limits: "status unknown for
 * quota").
 *
 * Admission adds to `used` as objects are created; this controller gives back what goes
 * away ("replenishment"): a pod that finishes or is deleted, a deleted Service, claim or
 * counted object, a Service or claim whose usage shrinks. Every quota is also recalculated
 * every --resource-quota-sync-period (5 minutes).
 *
 * Counting count/<resource> of any other kind uses a metadata-only informer of that kind,
 * started the first time a quota names it (upstream's quota monitors).
 */
import { type KubeObject, RESOURCES, type ResourceType, type TimerHandle, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../controller.js';
import { jsonEqual } from '../endpoint/endpoint-util.js';
import { type ResourceQuota, evaluatorFor, podIsCharged, quotaMatches, resourcesMeasuredBy } from './evaluators.js';
import { type ResourceList, ZERO, add, formatList, mask } from './resource-list.js';

const QUOTAS = resourceFor('', 'v1', 'resourcequotas')!;
const PODS = resourceFor('', 'v1', 'pods')!;
const SERVICES = resourceFor('', 'v1', 'services')!;
const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;

export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60 * 1000;

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota-controller';
  private readonly quotas: SharedInformer<ResourceQuota>;
  private readonly monitors = new Map<string, SharedInformer>();
  private readonly queue: RateLimitingQueue<string>;
  private resyncTimer: TimerHandle | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'resourcequota_primary' });
    this.quotas = ctx.informers.informerFor<ResourceQuota>(QUOTAS);
    this.quotas.addEventHandler({
      onAdd: (q) => this.queue.add(metaNamespaceKey(q)),
      onUpdate: (old, q) => {
        if (!jsonEqual(old.spec, q.spec) || needsSync(q)) this.queue.add(metaNamespaceKey(q));
      },
    });
    for (const rt of [PODS, SERVICES, PVCS]) this.monitor(rt, false);
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.quotas, ...this.monitors.values()))) return;
    this.resyncTimer = this.ctx.clock.setInterval(() => this.enqueueAll(), RESOURCE_QUOTA_SYNC_PERIOD_MS).unref();
    await runWorkers(this.queue, 2, (key) => this.syncResourceQuota(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: quota ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.resyncTimer?.clear();
    this.queue.shutDown();
  }

  private enqueueAll(): void {
    for (const q of this.quotas.lister.list()) this.queue.add(metaNamespaceKey(q));
  }

  /** Replenishment: recalculate the quotas of a namespace where usage went down. */
  private replenish(namespace: string | undefined): void {
    if (!namespace) return;
    for (const q of this.quotas.lister.namespace(namespace).list()) this.queue.add(metaNamespaceKey(q));
  }

  /** The informer of a resource quotas measure, with the replenishment handlers of its kind. */
  private monitor(rt: ResourceType, metadataOnly: boolean): SharedInformer {
    const key = `${rt.group}/${rt.plural}`;
    const existing = this.monitors.get(key);
    if (existing) return existing;
    const informer = this.ctx.informers.informerFor(rt, { metadataOnly });
    const now = () => this.ctx.clock.now();
    informer.addEventHandler({
      onUpdate: (old, cur) => {
        if (rt === PODS) {
          // A pod that finishes (or passes its deletion grace) stops counting.
          if (podIsCharged(old, now()) && !podIsCharged(cur, now())) this.replenish(cur.metadata?.namespace);
        } else if (rt === SERVICES || rt === PVCS) {
          const ev = evaluatorFor(rt.group, rt.plural);
          if (!jsonEqual(formatList(ev.usage(old, now())), formatList(ev.usage(cur, now())))) this.replenish(cur.metadata?.namespace);
        }
      },
      onDelete: (obj) => this.replenish(deletedObject(obj).metadata?.namespace),
    });
    this.monitors.set(key, informer);
    return informer;
  }

  private async syncResourceQuota(key: string): Promise<void> {
    const quota = this.quotas.lister.get(key);
    if (!quota) return;
    const hard = quota.spec?.hard ?? {};
    const names = Object.keys(hard);
    const namespace = quota.metadata!.namespace!;
    let used: ResourceList = new Map(names.map((n) => [n, ZERO]));
    const now = this.ctx.clock.now();
    for (const { group, resource } of resourcesMeasuredBy(names)) {
      const rt = RESOURCES.find((r) => r.group === group && r.plural === resource && r.namespaced);
      if (!rt) continue;
      const evaluator = evaluatorFor(group, resource);
      const matching = evaluator.matchingResources(names);
      const informer = this.monitor(rt, !(rt === PODS || rt === SERVICES || rt === PVCS));
      if (!(await informer.waitForSync())) return;
      for (const obj of informer.lister.namespace(namespace).list() as KubeObject[]) {
        if (!quotaMatches(evaluator, quota, names, obj)) continue;
        used = add(used, mask(evaluator.usage(obj, now), matching));
      }
    }
    const status = { hard: { ...hard }, used: formatList(mask(used, names)) };
    if (jsonEqual(quota.status ?? {}, status)) return;
    // Guarded by the resourceVersion read: a create charged meanwhile makes this a conflict, retried.
    await this.ctx.client.updateStatus(QUOTAS, { ...quota, status });
  }
}

/** A quota whose status does not yet reflect its spec. */
function needsSync(q: ResourceQuota): boolean {
  const hard = q.spec?.hard ?? {};
  if (!jsonEqual(q.status?.hard ?? {}, hard)) return true;
  return Object.keys(hard).some((k) => q.status?.used?.[k] === undefined);
}
