/**
 * DELETE of one object. The body (or query) carries DeleteOptions. The answer is the object
 * when its deletion is still pending (graceful, finalizers) or for pods, else a Success
 * Status naming what was deleted — both are what kube-apiserver answers.
 */
import { type DeleteOptions, badRequest, successStatus } from '@kubelab/core';
import { isKubernetesProtobuf } from '@kubelab/core/protobuf/index';
import type { ApiRequest, JsonResponse } from '../api-request.js';
import { deleteObject } from '../rest/delete.js';
import { type HandlerInput, parseBody } from './request.js';

export async function handleDelete(input: HandlerInput): Promise<JsonResponse> {
  const { res, ctx, info } = input;
  const options = deleteOptions(input.req, input.query);
  const result = await deleteObject(res, ctx, info.name!, options);
  if (!result.deleted || res.rt.plural === 'pods') return { status: 200, body: result.object };
  return {
    status: 200,
    body: successStatus({
      name: info.name,
      group: res.rt.group || undefined,
      kind: res.rt.plural,
      uid: result.object.metadata?.uid,
    }),
  };
}

export function deleteOptions(req: ApiRequest, query: URLSearchParams): DeleteOptions {
  let options: DeleteOptions = {};
  const text = req.body?.toString('utf8').trim();
  // kubectl drain deletes pods through its typed client, which sends DeleteOptions as protobuf.
  if (req.body?.length && isKubernetesProtobuf(req.headers['content-type'] ?? '')) {
    options = parseBody(req) as DeleteOptions;
  } else if (text) {
    try {
      options = JSON.parse(text) as DeleteOptions;
    } catch (err) {
      throw badRequest(`couldn't decode DeleteOptions: ${(err as Error).message}`);
    }
  }
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = query.get('propagationPolicy');
  if (policy) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    options.propagationPolicy = policy;
  }
  const orphan = query.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = orphan === 'true';
  if (options.gracePeriodSeconds !== undefined && (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0)) {
    throw badRequest(`gracePeriodSeconds: Invalid value: ${String(options.gracePeriodSeconds)}: must be a non-negative integer`);
  }
  return options;
}

