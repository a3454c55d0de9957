/**
 * pods/binding: how a scheduler assigns a pod to a node (POST a Binding). The pod must not
 * be assigned yet; the API server sets spec.nodeName and the PodScheduled condition in one
 * write, as upstream's BindingREST.assignPod does. Answers 201 with a Success Status.
 */
import { type KubeObject, badRequest, conflict, successStatus, timestamp } from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import { type HandlerInput, decodeObject } from '../handlers/request.js';
import { updateObject } from '../rest/update.js';

interface Binding extends KubeObject {
  target?: { kind?: string; name?: string; apiVersion?: string };
}

export async function handleBinding(input: HandlerInput): Promise<JsonResponse> {
  const { ctx, info, res } = input;
  if (info.verb !== 'create') throw badRequest('only POST is supported for pods/binding');
  const binding = decodeObject(input, { apiVersion: 'v1', kind: 'Binding' }) as Binding;
  const name = info.name!;
  if (binding.metadata?.name && binding.metadata.name !== name) {
    throw badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${name})`);
  }
  const node = binding.target?.name;
  if (!node) throw badRequest('Binding.target.name: Required value: the node to bind to');
  if (binding.target?.kind && binding.target.kind !== 'Node') {
    throw badRequest(`Binding.target.kind: Unsupported value: "${binding.target.kind}": supported values: "Node"`);
  }
  await updateObject(res, ctx, name, (pod) => {
    const spec = (pod['spec'] ??= {}) as { nodeName?: string };
    if (pod.metadata?.deletionTimestamp) throw conflict(res.rt, name, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw conflict(res.rt, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = node;
    for (const [k, v] of Object.entries(binding.metadata?.annotations ?? {})) {
      (pod.metadata!.annotations ??= {})[k] = v;
    }
    const status = (pod['status'] ??= {}) as { conditions?: Array<Record<string, unknown>> };
    const conditions = (status.conditions ?? []).filter((c) => c['type'] !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(ctx.clock.now()) });
    status.conditions = conditions;
    return pod;
  }, { subresource: 'binding', trusted: true, cachedExisting: true });
  return { status: 201, body: successStatus() };
}
