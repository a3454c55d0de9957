/**
 * GET pods/{name}/log — the API server's side of `kubectl logs` (pkg/registry/core/pod/rest
 * log.go): read the pod, validate PodLogOptions, find the pod's node, and ask that node's
 * kubelet through the kubelet connection. A followed log is a stream that ends when the
 * container exits or the client goes away.
 *
 *   ?container=app &follow=true &previous=true &tailLines=20 &sinceSeconds=60
 *   &sinceTime=2025-01-01T00:00:00Z &timestamps=true &limitBytes=1024
 */
import { type FieldError, badRequest, invalid, methodNotAllowed, notFound, statusError } from '@kubelab/core';
import type { ApiResponse } from '../../apiserver/api-request.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import { type KubeletConnection, KubeletError, type LogRequest } from '../kubelet-connection.js';

const POD_LOG_OPTIONS = { kind: 'PodLogOptions', group: '' };

export function podLogHandler(connection: KubeletConnection) {
  return async (input: HandlerInput): Promise<ApiResponse> => {
    if (input.info.verb !== 'get') throw methodNotAllowed();
    const { namespace, name } = { namespace: input.info.namespace!, name: input.info.name! };
    const stored = await input.res.store.get(namespace, name);
    if (!stored) throw notFound(input.res.rt, name);
    const nodeName = (stored.object['spec'] as { nodeName?: string } | undefined)?.nodeName;
    const request = logRequest(input.query, namespace, name, input.ctx.clock.now());
    if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    const res = await call(() => connection.containerLogs(nodeName, request));
    const follow = res.follow;
    if (!follow) return { status: 200, text: res.text, contentType: 'text/plain' };
    return {
      status: 200,
      contentType: 'text/plain',
      stream: (async function* () {
        try {
          if (res.text) yield res.text;
          for await (const chunk of follow) yield chunk;
        } finally {
          res.close();
        }
      })(),
      close: () => res.close(),
    };
  };
}

/** PodLogOptions from the query, validated as ValidatePodLogOptions does. */
function logRequest(q: URLSearchParams, namespace: string, pod: string, now: number): LogRequest {
  const errors: FieldError[] = [];
  const int = (key: string) => {
    const v = q.get(key);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw badRequest(`${key}: invalid value "${v}"`);
    return n;
  };
  const bool = (key: string) => q.get(key) === 'true' || q.get(key) === '1';
  const tailLines = int('tailLines');
  const limitBytes = int('limitBytes');
  const sinceSeconds = int('sinceSeconds');
  const sinceTime = q.get('sinceTime');
  if (tailLines !== undefined && tailLines < 0) errors.push({ field: 'tailLines', type: 'FieldValueInvalid', value: tailLines, detail: 'must be greater than or equal to 0' });
  if (limitBytes !== undefined && limitBytes < 1) errors.push({ field: 'limitBytes', type: 'FieldValueInvalid', value: limitBytes, detail: 'must be greater than 0' });
  if (sinceSeconds !== undefined && sinceTime) errors.push({ field: '', type: 'FieldValueForbidden', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified' });
  if (sinceSeconds !== undefined && sinceSeconds < 1) errors.push({ field: 'sinceSeconds', type: 'FieldValueInvalid', value: sinceSeconds, detail: 'must be greater than 0' });
  if (errors.length) throw invalid(POD_LOG_OPTIONS, pod, errors);
  let since: number | undefined;
  if (sinceSeconds !== undefined) since = now - sinceSeconds * 1000;
  if (sinceTime) {
    since = Date.parse(sinceTime);
    if (Number.isNaN(since)) throw badRequest(`sinceTime: invalid time "${sinceTime}"`);
  }
  return {
    namespace,
    pod,
    container: q.get('container') || undefined,
    follow: bool('follow'),
    previous: bool('previous'),
    timestamps: bool('timestamps'),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(since !== undefined ? { since } : {}),
  };
}

/** Turns a kubelet's refusal into the Status kube-apiserver would send. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof KubeletError)) throw err;
    if (err.code === 400) throw badRequest(err.message);
    if (err.code === 404) throw statusError(404, 'NotFound', err.message);
    throw statusError(500, 'InternalError', err.message);
  }
}
