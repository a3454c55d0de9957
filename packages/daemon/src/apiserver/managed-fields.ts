/**
 * Field ownership bookkeeping for every write (kube-apiserver's fieldmanager in the REST
 * handlers): creates, updates and non-apply patches record an Update entry for their
 * manager in metadata.managedFields; server-side apply records its own Apply entry.
 */
import { type KubeObject, type ResourceType, apiVersionOfResource, schemaForKind, timestamp } from '@kubelab/core';
import { updateManagedFields } from '@kubelab/core/apply/index';
import type { RequestContext } from './rest/resource.js';

/** What the strategy resets and therefore no manager may own (upstream's ResetFieldsStrategy). */
export function resetFieldsFor(rt: ResourceType, subresource: string | undefined): string[][] {
  const hasStatus = rt.subresources.includes('status');
  if (subresource === 'status') return [['spec'], ['metadata']];
  return hasStatus ? [['status']] : [];
}

export function fieldManagerOptions(rt: ResourceType, ctx: RequestContext, subresource: string | undefined) {
  const apiVersion = apiVersionOfResource(rt);
  return {
    schema: schemaForKind(apiVersion, rt.kind),
    apiVersion,
    kind: rt.kind,
    now: timestamp(ctx.clock.now()),
    subresource,
    resetFields: resetFieldsFor(rt, subresource),
  };
}

/** Records ctx.fieldManager's Update of live → updated; returns the object to store. */
export function trackUpdate(rt: ResourceType, ctx: RequestContext, live: KubeObject | undefined, updated: KubeObject, subresource?: string): KubeObject {
  return updateManagedFields(live, updated, ctx.fieldManager, fieldManagerOptions(rt, ctx, subresource));
}
