/**
 * serviceaccounts/token: TokenRequest, what `kubectl create token NAME` calls. The answer
 * carries a signed token for the service account and when it expires (default one hour,
 * at least 10 minutes, as upstream).
 */
import { type KubeObject, badRequest, invalid, timestamp } from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import type { TokenIssuer } from '../auth/service-account-token.js';
import { type HandlerInput, decodeObject } from '../handlers/request.js';
import { getObject } from '../rest/read.js';

const MIN_EXPIRATION = 600;
const DEFAULT_EXPIRATION = 3600;

export function tokenHandler(issuer: TokenIssuer) {
  return async (input: HandlerInput): Promise<JsonResponse> => {
    const { ctx, info, res } = input;
    if (info.verb !== 'create') throw badRequest('only POST is supported for serviceaccounts/token');
    const request = decodeObject(input, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
    const spec = ((request['spec'] ?? {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: unknown });
    const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION;
    if (expirationSeconds < MIN_EXPIRATION) {
      throw invalid({ kind: 'TokenRequest', group: 'authentication.k8s.io' }, info.name!, [
        { field: 'spec.expirationSeconds', type: 'FieldValueInvalid', value: expirationSeconds, detail: 'may not specify a duration less than 10 minutes' },
      ]);
    }
    const sa = await getObject(res, ctx, info.name!);
    const { token, expiresAt } = issuer.issue(ctx.namespace!, info.name!, sa.metadata?.uid ?? '', spec.audiences ?? [], expirationSeconds, ctx.clock.now());
    const body: KubeObject = {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: info.name, namespace: ctx.namespace, creationTimestamp: null },
      spec: { ...spec, audiences: spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'], expirationSeconds },
      status: { token, expirationTimestamp: timestamp(expiresAt) },
    };
    return { status: 201, body };
  };
}
