/**
 * The review APIs kubectl's `auth` commands use, answered from RBAC (rbac-authorizer.ts):
 *
 *   POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews            auth can-i
 *   POST /apis/authorization.k8s.io/v1/subjectaccessreviews                 (any user)
 *   POST /apis/authorization.k8s.io/v1/namespaces/NS/localsubjectaccessreviews
 *   POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews              auth can-i --list
 *   POST /apis/authentication.k8s.io/v1/selfsubjectreviews                  auth whoami
 *
 * Each answers 201 with the review it was sent, its status filled in. Not stored, as upstream.
 */
import { type KubeObject, ROUTED_RESOURCES, badRequest, methodNotAllowed, statusError } from '@kubelab/core';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import type { ApiServer, ExtraRoute } from '../api-server.js';
import { parseBody } from '../handlers/request.js';
import { type UserInfo, requestUser } from '../auth/user-info.js';
import { type AccessAttributes, type PolicyRule, type RbacObjects, authorize, rulesFor } from './rbac-authorizer.js';

const AUTHORIZATION = '/apis/authorization.k8s.io/v1/';
const AUTHENTICATION = '/apis/authentication.k8s.io/v1/';
const RBAC = 'rbac.authorization.k8s.io';

interface Review extends KubeObject {
  spec?: {
    user?: string;
    groups?: string[];
    uid?: string;
    namespace?: string;
    resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string };
    nonResourceAttributes?: { path?: string; verb?: string };
  };
}

/** RBAC objects from the API server's watch caches. */
function rbacObjects(api: ApiServer): RbacObjects {
  const cache = (plural: string) => api.resource(RBAC, plural).cache;
  return {
    clusterRoleBindings: () => cache('clusterrolebindings').list(undefined),
    roleBindings: (ns) => cache('rolebindings').list(ns),
    clusterRole: (name) => cache('clusterroles').get(name),
    role: (ns, name) => cache('roles').get(`${ns}/${name}`),
  };
}

export function accessReviewRoutes(api: ApiServer): ExtraRoute[] {
  const handle = async (input: Parameters<ExtraRoute['handle']>[0]): Promise<ApiResponse> => {
    const { req, url } = input as { req: ApiRequest; url: { pathname: string } };
    if (req.method !== 'POST') throw methodNotAllowed();
    const review = parseReview(req);
    const path = url.pathname.replace(/\/+$/, '');
    const user = requestUser(req.headers);
    for (const plural of ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles']) await api.resource(RBAC, plural).cache.ready();
    const objects = rbacObjects(api);
    const local = /^\/apis\/authorization\.k8s\.io\/v1\/namespaces\/([^/]+)\/localsubjectaccessreviews$/.exec(path);
    if (path === `${AUTHENTICATION}selfsubjectreviews`) {
      return created({ ...review, status: { userInfo: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups } } });
    }
    switch (path) {
      case `${AUTHORIZATION}selfsubjectaccessreviews`:
        return created({ ...review, status: decide(objects, user, review) });
      case `${AUTHORIZATION}subjectaccessreviews`:
        return created({ ...review, status: decide(objects, subjectOf(review), review) });
      case `${AUTHORIZATION}selfsubjectrulesreviews`: {
        const ns = review.spec?.namespace;
        if (!ns) throw badRequest('no namespace on request');
        return created({ ...review, status: rulesStatus(rulesFor(objects, user, ns)) });
      }
    }
    if (local) {
      const ns = local[1]!;
      const attrNs = review.spec?.resourceAttributes?.namespace;
      if (attrNs !== undefined && attrNs !== ns) {
        throw statusError(400, 'BadRequest', `spec.resourceAttributes.namespace must equal namespace: "${attrNs}" != "${ns}"`);
      }
      return created({ ...review, metadata: { ...review.metadata, namespace: ns }, status: decide(objects, subjectOf(review), review, ns) });
    }
    throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  };
  return [
    { match: AUTHORIZATION, handle, discovery: ROUTED_RESOURCES.filter((r) => r.group === 'authorization.k8s.io') },
    { match: AUTHENTICATION, handle, discovery: ROUTED_RESOURCES.filter((r) => r.group === 'authentication.k8s.io') },
  ];
}

/** JSON, or protobuf as kubectl's typed client sends it. */
function parseReview(req: ApiRequest): Review {
  const review = parseBody(req);
  if (!review || typeof review !== 'object' || Array.isArray(review)) throw badRequest('the review must be an object');
  return review as Review;
}

function subjectOf(review: Review): UserInfo {
  const spec = review.spec ?? {};
  if (!spec.user && !(spec.groups ?? []).length) throw badRequest('spec.user or spec.groups: Invalid value: at least one of user or group must be specified');
  return { username: spec.user ?? '', groups: spec.groups ?? [], uid: spec.uid };
}

function decide(objects: RbacObjects, user: UserInfo, review: Review, namespace?: string) {
  const r = review.spec?.resourceAttributes;
  const nr = review.spec?.nonResourceAttributes;
  if (!r && !nr) throw badRequest('spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const attrs: AccessAttributes = r
    ? { verb: r.verb ?? '', namespace: namespace ?? r.namespace ?? undefined, group: r.group ?? '', resource: r.resource ?? '', subresource: r.subresource || undefined, name: r.name || undefined }
    : { verb: nr!.verb ?? '', path: nr!.path ?? '' };
  if (attrs.namespace === '') attrs.namespace = undefined;
  const d = authorize(objects, user, attrs);
  return d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
}

function rulesStatus(rules: PolicyRule[]) {
  const resourceRules = rules.filter((r) => r.resources?.length).map((r) => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) }));
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs ?? [] }));
  return { resourceRules, nonResourceRules, incomplete: false };
}

function created(body: KubeObject): ApiResponse {
  const { metadata, ...rest } = body;
  return { status: 201, body: { ...rest, metadata: { ...(metadata ?? {}), creationTimestamp: null } } };
}
