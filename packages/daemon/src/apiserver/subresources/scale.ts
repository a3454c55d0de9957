/**
 * The scale subresource (deployments, replicasets, statefulsets): the object seen as an
 * autoscaling/v1 Scale — spec.replicas to set, status.replicas and the selector to read.
 * Writing it is an update of the owning object's spec.replicas, with that kind's full
 * update path (validation, generation), as upstream's ScaleREST does.
 */
import { type KubeObject, type LabelSelector, badRequest, formatLabelSelector } from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import { type HandlerInput, decodeObject, warningHeaders } from '../handlers/request.js';
import { getObject } from '../rest/read.js';
import { updateObject } from '../rest/update.js';

export function scaleOf(obj: KubeObject): KubeObject {
  const spec = (obj['spec'] ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (obj['status'] ?? {}) as { replicas?: number };
  const m = obj.metadata ?? {};
  const selector = spec.selector ? formatLabelSelector(spec.selector) : '';
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selector === '<none>' ? '' : selector },
  };
}

/** Applies a desired Scale (from PUT, or a patched Scale) to the owning object. */
export async function writeScale(input: HandlerInput, desired: KubeObject): Promise<JsonResponse> {
  const replicas = (desired['spec'] as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw badRequest('Scale.spec.replicas: Invalid value: must be an integer');
  }
  const rv = desired.metadata?.resourceVersion;
  const result = await updateObject(input.res, input.ctx, input.info.name!, (obj) => {
    if (rv) obj.metadata!.resourceVersion = rv;
    ((obj['spec'] ??= {}) as { replicas?: number }).replicas = replicas;
    return obj;
  });
  return { status: 200, body: scaleOf(result.object), headers: warningHeaders(input.ctx.warnings) };
}

export async function handleScale(input: HandlerInput): Promise<JsonResponse> {
  switch (input.info.verb) {
    case 'get':
      return { status: 200, body: scaleOf(await getObject(input.res, input.ctx, input.info.name!)) };
    case 'update':
      return writeScale(input, decodeObject(input, { apiVersion: 'autoscaling/v1', kind: 'Scale' }));
    default:
      throw badRequest(`${input.info.verb} is not supported for ${input.res.rt.plural}/scale`);
  }
}
