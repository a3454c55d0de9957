/**
 * ResourceQuota admission (k8s.io/apiserver/pkg/admission/plugin/resourcequota): a create
 * (or an update that grows usage) in a namespace with quotas is charged against every quota
 * that matches it, and refused with 403 Forbidden when that would go over a hard limit:
 *
 *   pods "web-2" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2
 *
 * Also refused, as upstream: a pod without the cpu/memory requests or limits a quota tracks
 * ("failed quota: <name>: must specify limits.cpu for: app"), and anything limited by a quota
 * whose usage the ResourceQuota controller has not calculated yet ("status unknown for
 * quota: <name>, resources: …").
 *
 * The charge — the quota's status.used plus the request — is written in the same storage
 * transaction as the object, guarded by the quota's revision, so two creates racing for
 * the last unit cannot both pass (upstream serialises per namespace and retries on
 * conflict; kubelab's create simply runs again). The ResourceQuota controller later
 * recalculates usage from what exists, giving back what was deleted.
 */
import { type KubeObject, forbidden } from '@kubelab/core';
import {
  type ResourceQuota,
  evaluatorFor,
  quotaMatches,
} from '../../controllers/resourcequota/evaluators.js';
import {
  add,
  formatList,
  lessThanOrEqual,
  mask,
  parseList,
  prettyPrint,
  removeZeros,
  subtractNonNegative,
} from '../../controllers/resourcequota/resource-list.js';
import { encode } from '../storage/object-store.js';
import type { TxnExtras } from '../storage/object-store.js';
import type { Resource } from '../rest/resource.js';
import type { AdmissionPlugin } from './admission.js';

/** Kinds quota never counts (the plugin's default ignored resources). */
const IGNORED = new Set(['/events', 'events.k8s.io/events']);

export const resourceQuotaAdmission: AdmissionPlugin = {
  name: 'ResourceQuota',
  async admit(attrs, ctx) {
    const { rt, operation, object, namespace } = attrs;
    if (operation === 'DELETE' || !object || !rt.namespaced || !namespace) return;
    if (IGNORED.has(`${rt.group}/${rt.plural}`)) return;
    const evaluator = evaluatorFor(rt.group, rt.plural);
    if (!evaluator.handles(operation, attrs.subresource)) return;
    const quotaResource = ctx.lookup('', 'resourcequotas');
    if (await noQuotasIn(quotaResource, namespace)) return;
    const quotas = (await quotaResource.store.list(namespace)).items as ResourceQuota[];
    if (quotas.length === 0) return;
    const refuse = (why: string) => forbidden(rt, attrs.name, why);

    const interesting: ResourceQuota[] = [];
    for (const quota of quotas) {
      const hardNames = Object.keys(quota.status?.hard ?? {});
      if (!quotaMatches(evaluator, quota, hardNames, object)) continue;
      const restricted = evaluator.matchingResources(hardNames);
      const failed = evaluator.constraints(restricted, object);
      if (failed) throw refuse(`failed quota: ${quota.metadata!.name}: ${failed}`);
      if (restricted.some((r) => quota.status?.used?.[r] === undefined)) {
        throw refuse(`status unknown for quota: ${quota.metadata!.name}, resources: ${[...restricted].sort().join(',')}`);
      }
      interesting.push(quota);
    }
    if (interesting.length === 0) return;

    const now = ctx.clock.now();
    const inputUsage = evaluator.usage(object, now);
    const negative = [...inputUsage].filter(([, q]) => q.mant < 0n).map(([k]) => k);
    if (negative.length) throw refuse(`quota usage is negative for resource(s): ${negative.sort().join(',')}`);

    const extras: TxnExtras = { compare: [], success: [] };
    for (const quota of interesting) {
      let delta = inputUsage;
      // An update is charged the growth only, for quotas that counted the old object too.
      if (operation === 'UPDATE' && attrs.oldObject) {
        const hardNames = Object.keys(quota.status?.hard ?? {});
        if (quotaMatches(evaluator, quota, hardNames, attrs.oldObject)) delta = subtractNonNegative(inputUsage, evaluator.usage(attrs.oldObject, now));
      }
      delta = removeZeros(delta);
      if (delta.size === 0) continue;
      const hard = parseList(quota.status?.hard);
      const used = parseList(quota.status?.used);
      const requested = mask(delta, hard.keys());
      if (requested.size === 0) continue;
      const newUsage = add(used, requested);
      if (attrs.subresource !== 'status') {
        const { allowed, exceeded } = lessThanOrEqual(mask(newUsage, requested.keys()), hard);
        if (!allowed) {
          throw refuse(
            `exceeded quota: ${quota.metadata!.name}, requested: ${prettyPrint(mask(requested, exceeded))}, ` +
              `used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
          );
        }
      }
      charge(extras, quotaResource.store.key(namespace, quota.metadata!.name!), quota, formatList(newUsage));
    }
    return extras;
  },
};

/**
 * True when the namespace certainly has no ResourceQuota: the quotas' watch cache holds
 * none there and has seen every quota this server created (upstream's plugin reads its
 * lister too, with a live lookup when that is empty). Otherwise the store is read, as for
 * the charge itself: a quota created a moment ago is never missed.
 */
async function noQuotasIn(quotas: Resource, namespace: string): Promise<boolean> {
  await quotas.cache.ready();
  if (quotas.cache.revision < quotas.store.lastCreateRevision) return false;
  return quotas.cache.size === 0 || quotas.cache.list(namespace).length === 0;
}

/** Writes the quota's new usage in the object's transaction, if the quota is still as read. */
function charge(extras: TxnExtras, key: string, quota: ResourceQuota, used: Record<string, string>): void {
  const updated: KubeObject = { ...quota, status: { ...(quota.status ?? {}), used: { ...(quota.status?.used ?? {}), ...used } } };
  extras.compare.push({ key, target: 'modRevision', result: '=', value: Number(quota.metadata!.resourceVersion) });
  extras.success.push({ put: { key, value: encode(updated) } });
}
