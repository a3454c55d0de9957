/**
 * The API server: routes a request to discovery, health, metrics, OpenAPI, or a resource
 * handler, and turns every failure into a Kubernetes Status. It is the only component that
 * touches the store. Transport-free: the HTTP server and the in-process client both call
 * handle().
 */
import { performance } from 'node:perf_hooks';
import {
  type Clock,
  RESOURCES,
  type ResourceType,
  RealClock,
  StatusError,
  internalError,
  methodNotAllowed,
  statusError,
} from '@kubelab/core';
import type { Backend } from '../store/backend.js';
import { StoreError } from '../store/errors.js';
import { Admission, type AdmissionPlugin } from './admission/admission.js';
import { defaultStorageClass } from './admission/default-storage-class.js';
import { defaultTolerationSeconds } from './admission/default-toleration-seconds.js';
import { namespaceLifecycle } from './admission/namespace-lifecycle.js';
import { priorityAdmission } from './admission/priority.js';
import { resourceQuotaAdmission } from './admission/resource-quota.js';
import { serviceAccountAdmission } from './admission/service-account.js';
import { serviceIPAllocation } from './admission/service-ip-allocation.js';
import { taintNodesByCondition } from './admission/taint-nodes-by-condition.js';
import type { ApiRequest, ApiResponse, JsonResponse } from './api-request.js';
import { isStream } from './api-request.js';
import {
  DISCOVERY_V2_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery.js';
import { handleCreate } from './handlers/create.js';
import { handleDelete } from './handlers/delete.js';
import { handleDeleteCollection } from './handlers/deletecollection.js';
import { handleGet } from './handlers/get.js';
import { handleList } from './handlers/list.js';
import { handlePatch } from './handlers/patch.js';
import { type HandlerInput, fieldManagerOf, isDryRun } from './handlers/request.js';
import { handleUpdate } from './handlers/update.js';
import { handleWatch } from './handlers/watch.js';
import { Metrics } from './metrics.js';
import { negotiate } from './negotiation.js';
import { openAPI } from './openapi.js';
import { type ResourceRequestInfo, resourceRequestInfo } from './request-info.js';
import type { RequestContext, Resource } from './rest/resource.js';
import { WatchCache } from './cacher/watch-cache.js';
import { LeaseManager } from './storage/lease-manager.js';
import { ObjectStore } from './storage/object-store.js';
import { strategyFor } from './strategy/strategy.js';
import { handleBinding } from './subresources/binding.js';
import { handleEviction } from './subresources/eviction.js';
import { handleFinalize } from './subresources/finalize.js';
import { handleScale } from './subresources/scale.js';
import { tokenHandler } from './subresources/token.js';
import type { TokenClaims, TokenIssuer } from './auth/service-account-token.js';
import { accessReviewRoutes } from './authorization/access-reviews.js';
import { PushStream } from './push-stream.js';
import { serverVersion } from './version.js';

/** Subresources with their own handlers ("*" for every resource that has the subresource). */
const SUBRESOURCE_HANDLERS: Record<string, (input: HandlerInput) => Promise<ApiResponse>> = {
  'pods/binding': handleBinding,
  'pods/eviction': handleEviction,
  'namespaces/finalize': handleFinalize,
  '*/scale': handleScale,
};

export interface ApiServerOptions {
  backend: Backend;
  clock?: Clock;
  /** host:port clients reach us at (for APIVersions). */
  serverAddress?: string;
  bookmarkIntervalMs?: number;
  /** Admission plugins replacing the default chain (tests). */
  admissionPlugins?: AdmissionPlugin[];
  /** kube-apiserver's --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds. */
  defaultNotReadyTolerationSeconds?: number;
  defaultUnreachableTolerationSeconds?: number;
  /** Extra routes (subresources and non-resource paths) added by other modules. */
  routes?: ExtraRoute[];
  /** kube-apiserver's --event-ttl (default one hour). */
  eventTtlSeconds?: number;
  /** Reports readiness for /readyz (false while bootstrapping). */
  ready?: () => boolean;
  /** Signs service account tokens (serviceaccounts/token) and verifies them as credentials. */
  tokenIssuer?: TokenIssuer;
  /**
   * Events each resource's watch cache keeps (kube-apiserver's --default-watch-cache-size);
   * a watch resuming from before the window gets 410 Expired and its client relists.
   */
  watchCacheCapacity?: number;
}

/** A handler for a subresource (pods/binding, deployments/scale, ...) or a non-resource path. */
export interface ExtraRoute {
  /** "pods/binding", "*\/scale", or a path prefix such as "/openapi/". */
  match: string;
  /** Resources this route serves that discovery should list (a group served by a route). */
  discovery?: readonly ResourceType[];
  handle(input: HandlerInput | { req: ApiRequest; url: RequestUrl }): Promise<ApiResponse>;
}

export class ApiServer {
  readonly clock: Clock;
  readonly metrics: Metrics;
  /** host:port clients reach us at, for APIVersions (known once the HTTP server listens). */
  serverAddress: string;
  private readonly resources = new Map<string, Resource>();
  private readonly admission: Admission;
  private readonly routes: ExtraRoute[];

  constructor(private readonly options: ApiServerOptions) {
    this.clock = options.clock ?? new RealClock();
    this.serverAddress = options.serverAddress ?? '127.0.0.1:6443';
    const leases = new LeaseManager(options.backend, this.clock);
    for (const rt of RESOURCES) {
      const ttl = rt.group === '' && rt.plural === 'events' ? { seconds: options.eventTtlSeconds ?? 3600, leases } : undefined;
      const store = new ObjectStore(options.backend, rt, ttl);
      const cache = new WatchCache(store, { clock: this.clock, capacity: options.watchCacheCapacity });
      this.resources.set(`${rt.group}/${rt.plural}`, { rt, store, strategy: strategyFor(rt), cache });
    }
    // kube-apiserver's default plugin order, for the plugins kubelab implements.
    this.admission = new Admission(
      options.admissionPlugins ?? [
        namespaceLifecycle,
        serviceAccountAdmission,
        taintNodesByCondition,
        priorityAdmission,
        defaultTolerationSeconds(options.defaultNotReadyTolerationSeconds, options.defaultUnreachableTolerationSeconds),
        defaultStorageClass,
        serviceIPAllocation,
        resourceQuotaAdmission,
      ],
    );
    this.routes = options.routes ?? [];
    // kubectl auth can-i / whoami: access and identity reviews, answered from RBAC.
    this.routes.push(...accessReviewRoutes(this));
    if (options.tokenIssuer) {
      const handle = tokenHandler(options.tokenIssuer);
      this.routes.push({ match: 'serviceaccounts/token', handle: (input) => handle(input as HandlerInput) });
    }
    const backend = options.backend as Backend & { revision?: number; watchCount?: number };
    this.metrics = new Metrics({ revision: () => backend.revision ?? 0, storeWatchers: () => backend.watchCount ?? 0 });
  }

  /** resource(), for request contexts: one function for every request. */
  private readonly lookup = (group: string, plural: string): Resource => this.resource(group, plural);

  /** The storage of a served resource (for bootstrap and in-process components). */
  resource(group: string, plural: string): Resource {
    const r = this.resources.get(`${group}/${plural}`);
    if (!r) throw new Error(`resource ${plural}.${group} is not served`);
    return r;
  }

  /** Stops every watch cache (their store watches) — before the store closes. */
  stop(): void {
    for (const r of this.resources.values()) r.cache.stop();
  }

  addRoute(route: ExtraRoute): void {
    this.routes.push(route);
  }

  /** Every resource discovery lists: the stored ones, then those routes serve. */
  private served(): readonly ResourceType[] {
    const extra = this.routes.flatMap((r) => r.discovery ?? []);
    return extra.length ? [...RESOURCES, ...extra] : RESOURCES;
  }

  /** True for a bearer token this server issued to a service account and that is still valid. */
  isServiceAccountToken(token: string): boolean {
    return !!this.serviceAccountClaims(token);
  }

  /** The claims of a valid service account token this server issued. */
  serviceAccountClaims(token: string): TokenClaims | undefined {
    return this.options.tokenIssuer?.verify(token, this.clock.now());
  }

  /** A context for requests made by the server itself (bootstrap). */
  systemContext(namespace?: string): RequestContext {
    return this.context(namespace, false, 'kube-apiserver');
  }

  /** Answers a request; never throws — failures become Status responses. */
  async handle(req: ApiRequest): Promise<ApiResponse> {
    const started = performance.now();
    const url = requestUrl(req.url);
    const info = resourceRequestInfo(req.method, url.pathname, url.searchParams);
    let response: ApiResponse;
    try {
      response = info ? await this.resourceRequest(req, url, info) : await this.nonResourceRequest(req, url);
    } catch (err) {
      response = errorResponse(err);
    }
    if (info) {
      this.metrics.observe(
        {
          verb: info.verb.toUpperCase(),
          group: info.group,
          version: info.version,
          resource: info.resource,
          subresource: info.subresource ?? '',
          code: response.status,
        },
        (performance.now() - started) / 1000,
      );
    }
    return response;
  }

  private context(namespace: string | undefined, dryRun: boolean, fieldManager: string): RequestContext {
    return {
      namespace,
      dryRun,
      fieldManager,
      warnings: [],
      clock: this.clock,
      admission: this.admission,
      lookup: this.lookup,
    };
  }

  private async resourceRequest(req: ApiRequest, url: RequestUrl, info: ResourceRequestInfo): Promise<ApiResponse> {
    const res = this.resources.get(`${info.group}/${info.resource}`);
    if (!res || res.rt.version !== info.version) {
      // Groups served by a route rather than storage (authorization.k8s.io's reviews).
      const route = this.routes.find((r) => r.match.startsWith('/apis/') && url.pathname.startsWith(r.match));
      if (route) return route.handle({ req, url });
      throw statusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (!res.rt.namespaced && info.namespace !== undefined && info.resource !== 'namespaces') {
      throw statusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const query = url.searchParams;
    const input: HandlerInput = {
      req,
      query,
      info,
      res,
      ctx: this.context(res.rt.namespaced ? info.namespace : undefined, isDryRun(query), fieldManagerOf(req, query)),
    };
    if (info.subresource) return this.subresourceRequest(input);
    if (!res.rt.verbs.includes(info.verb)) throw methodNotAllowed();
    switch (info.verb) {
      case 'get':
        return handleGet(input);
      case 'list':
        return handleList(input);
      case 'watch': {
        this.metrics.watchOpened();
        const r = await handleWatch(input, { bookmarkIntervalMs: this.options.bookmarkIntervalMs ?? 60_000 });
        return this.countWatch(r);
      }
      case 'create':
        return handleCreate(input);
      case 'update':
        return handleUpdate(input);
      case 'delete':
        return handleDelete(input);
      case 'deletecollection':
        return handleDeleteCollection(input);
      case 'patch':
        return handlePatch(input);
    }
  }

  private async subresourceRequest(input: HandlerInput): Promise<ApiResponse> {
    const { info, res } = input;
    const sub = info.subresource!;
    if (!res.rt.subresources.includes(sub)) throw statusError(404, 'NotFound', 'the server could not find the requested resource');
    const custom = this.extra(`${res.rt.plural}/${sub}`, input) ?? this.extra(`*/${sub}`, input);
    if (custom) return custom;
    if ((sub === 'status' || sub === 'scale') && info.verb === 'patch') return handlePatch(input);
    const builtIn = SUBRESOURCE_HANDLERS[`${res.rt.plural}/${sub}`] ?? SUBRESOURCE_HANDLERS[`*/${sub}`];
    if (builtIn) return builtIn(input);
    if (sub === 'status') {
      if (info.verb === 'get') return handleGet(input);
      if (info.verb === 'update') return handleUpdate(input);
    }
    throw methodNotAllowed();
  }

  private extra(match: string, input: HandlerInput): Promise<ApiResponse> | undefined {
    const route = this.routes.find((r) => r.match === match);
    return route?.handle(input);
  }

  private countWatch(r: ApiResponse): ApiResponse {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        this.metrics.watchClosed();
      }
    };
    if (isStream(r) && r.stream instanceof PushStream) r.stream.onEnd(finish);
    else finish();
    return r;
  }

  private async nonResourceRequest(req: ApiRequest, url: RequestUrl): Promise<ApiResponse> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const route = this.routes.find((r) => path.startsWith(r.match) && r.match.startsWith('/'));
      if (route) return route.handle({ req, url });
      throw methodNotAllowed();
    }
    const accept = req.headers['accept'];
    switch (path) {
      case '/healthz':
      case '/livez':
        return text(200, 'ok');
      case '/readyz':
        return this.options.ready && !this.options.ready() ? text(503, 'not ready: bootstrapping') : text(200, 'ok');
      case '/version':
        return json(200, serverVersion());
      case '/metrics':
        return { status: 200, text: this.metrics.render(), contentType: 'text/plain; version=0.0.4; charset=utf-8' };
      case '/api':
        return negotiate(accept) === 'discovery-v2'
          ? json(200, aggregatedDiscovery(true, this.served()), DISCOVERY_V2_CONTENT_TYPE)
          : json(200, apiVersions(this.serverAddress));
      case '/apis':
        return negotiate(accept) === 'discovery-v2'
          ? json(200, aggregatedDiscovery(false, this.served()), DISCOVERY_V2_CONTENT_TYPE)
          : json(200, apiGroupList(this.served()));
    }
    if (path === '/openapi/v2' || path.startsWith('/openapi/v3')) return openAPI(path, accept);
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) {
      const list = apiResourceList('', parts[1]!, this.served());
      if (list) return json(200, list);
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const g = apiGroup(parts[1]!, this.served());
      if (g) return json(200, g);
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const list = apiResourceList(parts[1]!, parts[2]!, this.served());
      if (list) return json(200, list);
    }
    const route = this.routes.find((r) => r.match.startsWith('/') && (path === r.match.replace(/\/$/, '') || path.startsWith(r.match)));
    if (route) return route.handle({ req, url });
    throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  }
}

/**
 * The path and query of a request URL. (The WHATWG URL parser costs more than the rest of
 * routing together, and a request target is only ever a path and a query.)
 */
export function requestUrl(raw: string): RequestUrl {
  const q = raw.indexOf('?');
  return { pathname: q < 0 ? raw : raw.slice(0, q), searchParams: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/** What routing reads of a request's URL. */
export interface RequestUrl {
  pathname: string;
  searchParams: URLSearchParams;
}

function json(status: number, body: unknown, contentType?: string): JsonResponse {
  return contentType ? { status, body, contentType } : { status, body };
}

function text(status: number, t: string): ApiResponse {
  return { status, text: t, contentType: 'text/plain; charset=utf-8' };
}

/** Any failure as the Status kube-apiserver would send. */
export function errorResponse(err: unknown): JsonResponse {
  if (err instanceof StatusError) return { status: err.code, body: err.status };
  if (err instanceof StoreError && err.code === 'RequestTooLarge') {
    return errorResponse(statusError(413, 'RequestEntityTooLarge', 'etcdserver: request is too large'));
  }
  const e = internalError(err);
  if (!(err instanceof StoreError)) process.emitWarning(`kubelab apiserver: internal error: ${(err as Error)?.stack ?? String(err)}`);
  return { status: 500, body: e.status };
}
