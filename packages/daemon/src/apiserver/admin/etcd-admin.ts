/**
 * The etcd admin API: what `kubelab etcd …` (etcdctl's commands) needs from the store,
 * served by the API server under /kubelab/v1/etcd/ so that nothing but the API server ever
 * touches the store (ARCHITECTURE.md rule 1) and no one opens its SQLite file behind the
 * daemon's back. Everything goes through the Backend interface.
 *
 *   POST kv/range           {key, range_end?, revision?, limit?, keys_only?, count_only?}
 *   POST kv/put             {key, value, prev_kv?}
 *   POST kv/deleterange     {key, range_end?, prev_kv?}
 *   POST kv/compaction      {revision}
 *   POST watch              {key, range_end?, start_revision?, prev_kv?}   → JSON lines
 *   GET  maintenance/status | maintenance/health | cluster/members
 *   POST maintenance/defragment
 *   GET  maintenance/snapshot                                              → the snapshot's bytes
 *
 * Bodies and answers are JSON as described in wire.ts. Failures answer
 * `{"code": "Compacted", "message": "etcdserver: mvcc: required revision has been compacted"}`
 * — the store's error code and etcd's own words, which etcdctl prints after "Error: ".
 *
 * Access: the HTTP server admits the daemon's token and service account tokens alike; this
 * API takes only the daemon's own token. Raw access to the store is cluster-admin and more
 * (it bypasses validation and admission), so a pod's service account token must not reach
 * it — as in a real cluster, where etcd is not behind the API server at all.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Backend } from '../../store/backend.js';
import { StoreError } from '../../store/errors.js';
import type { ApiRequest, ApiResponse, JsonResponse } from '../api-request.js';
import type { ExtraRoute, RequestUrl } from '../api-server.js';
import { compaction, deleteRange, put, range } from './kv.js';
import { defragment, health, memberList, status } from './maintenance.js';
import { snapshot } from './snapshot.js';
import { watch } from './watch.js';
import { type Identity, BadRequest, bodyObject } from './wire.js';

export const ETCD_ADMIN_PATH = '/kubelab/v1/etcd/';

export interface EtcdAdminOptions {
  backend: Backend;
  /** The daemon's own bearer token, the only credential this API takes. */
  token: string;
  /** The API server's URL, which `member list` and `endpoint status` report as the client URL. */
  clientUrl: string;
  /** Where snapshots are written before they are streamed (default: the OS temp directory). */
  scratchDir?: string;
}

interface Call {
  backend: Backend;
  id: () => Promise<Identity>;
  body: Record<string, unknown>;
  options: EtcdAdminOptions;
}

const json = (body: unknown): JsonResponse => ({ status: 200, body });

const ENDPOINTS: Record<string, { method: 'GET' | 'POST'; handle: (c: Call) => Promise<ApiResponse> }> = {
  'kv/range': { method: 'POST', handle: async (c) => json(await range(c.backend, await c.id(), c.body)) },
  'kv/put': { method: 'POST', handle: async (c) => json(await put(c.backend, await c.id(), c.body)) },
  'kv/deleterange': { method: 'POST', handle: async (c) => json(await deleteRange(c.backend, await c.id(), c.body)) },
  'kv/compaction': { method: 'POST', handle: async (c) => json(await compaction(c.backend, await c.id(), c.body)) },
  watch: { method: 'POST', handle: async (c) => watch(c.backend, await c.id(), c.body) },
  'maintenance/status': { method: 'GET', handle: async (c) => json(await status(c.backend, await c.id())) },
  'maintenance/health': { method: 'GET', handle: async (c) => json(await health(c.backend)) },
  'maintenance/defragment': { method: 'POST', handle: async (c) => json(await defragment(c.backend, await c.id())) },
  'maintenance/snapshot': { method: 'GET', handle: (c) => snapshot(c.backend, c.options.scratchDir) },
  'cluster/members': { method: 'GET', handle: async (c) => json(memberList(await c.id(), c.options.clientUrl)) },
};

export function etcdAdminRoute(options: EtcdAdminOptions): ExtraRoute {
  const expected = Buffer.from(`Bearer ${options.token}`);
  // The member's identity never changes while the store is open; read it once.
  let identity: Promise<Identity> | undefined;
  const id = () => {
    identity ??= options.backend.status().then(
      (s) => ({ clusterId: s.clusterId, memberId: s.memberId }),
      (err: unknown) => {
        identity = undefined;
        throw err;
      },
    );
    return identity;
  };
  return {
    match: ETCD_ADMIN_PATH,
    async handle(input) {
      const { req, url } = input as { req: ApiRequest; url: RequestUrl };
      const given = Buffer.from(req.headers['authorization'] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return failure(403, 'Forbidden', "the etcd admin API takes only the kubelab daemon's own token (the one in its kubeconfig)");
      }
      const name = url.pathname.slice(ETCD_ADMIN_PATH.length).replace(/\/+$/, '');
      const endpoint = ENDPOINTS[name];
      if (!endpoint) return failure(404, 'NotFound', `no etcd admin endpoint ${url.pathname}`);
      if (req.method !== endpoint.method) return failure(405, 'MethodNotAllowed', `${url.pathname} takes ${endpoint.method}, not ${req.method}`);
      try {
        return await endpoint.handle({ backend: options.backend, id, body: bodyObject(req.body), options });
      } catch (err) {
        return errorResponse(err);
      }
    },
  };
}

/** Store errors whose fault is the request's (etcd's gateway maps their gRPC codes to 400). */
const CLIENT_ERRORS = new Set(['Compacted', 'FutureRevision', 'EmptyKey', 'DuplicateKey', 'TooManyOps', 'EmptyWatcherRange', 'LeaseNotFound', 'LeaseExists']);

function errorResponse(err: unknown): JsonResponse {
  if (err instanceof BadRequest) return failure(400, 'BadRequest', err.message);
  if (err instanceof StoreError) {
    if (err.code === 'RequestTooLarge') return failure(413, err.code, err.message);
    if (err.code === 'StoreClosed') return failure(503, err.code, err.message);
    return failure(CLIENT_ERRORS.has(err.code) ? 400 : 500, err.code, err.message);
  }
  process.emitWarning(`kubelab etcd admin API: internal error: ${(err as Error)?.stack ?? String(err)}`);
  return failure(500, 'Internal', (err as Error)?.message ?? String(err));
}

function failure(status: number, code: string, message: string): JsonResponse {
  return { status, body: { code, message } };
}
