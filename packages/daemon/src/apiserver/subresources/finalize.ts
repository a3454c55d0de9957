/**
 * namespaces/finalize: the namespace controller removes its "kubernetes" finalizer from
 * spec.finalizers here once the namespace is empty. Only spec.finalizers changes; a
 * terminating namespace with no finalizers left is deleted (upstream's FinalizeREST).
 */
import { type KubeObject, badRequest } from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import { type HandlerInput, decodeObject } from '../handlers/request.js';
import { updateObject } from '../rest/update.js';

export async function handleFinalize(input: HandlerInput): Promise<JsonResponse> {
  const { ctx, info, res } = input;
  if (info.verb !== 'update') throw badRequest('only PUT is supported for namespaces/finalize');
  const body = decodeObject(input);
  const wanted = ((body['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
  const rv = body.metadata?.resourceVersion;
  const result = await updateObject(
    res,
    ctx,
    info.name!,
    (ns: KubeObject) => {
      if (rv) ns.metadata!.resourceVersion = rv;
      ns['spec'] = { ...((ns['spec'] as object | undefined) ?? {}), finalizers: wanted };
      // With nothing left to wait for, a terminating namespace goes (shouldDeleteDuringUpdate).
      if (ns.metadata?.deletionTimestamp && wanted.length === 0 && (ns.metadata.finalizers ?? []).length === 0) {
        ns.metadata.deletionGracePeriodSeconds = 0;
      }
      return ns;
    },
    { subresource: 'finalize', trusted: true },
  );
  return { status: 200, body: result.object };
}
