/**
 * The node drills' admin API: what `kubelab node …` and `kubelab curl` need from the daemon's
 * simulated nodes and data path, served by the API server beside the etcd admin API and, like
 * it, for the daemon's own token only — stopping kubelets and reading a node's runtime is
 * root on the machines, which no service account of the cluster has.
 *
 *   POST /kubelab/v1/nodes                      {name, cpu?, memory?, pods?, labels?, taints?, runtime?}
 *   POST /kubelab/v1/nodes/NODE/stop | start | remove
 *   GET  /kubelab/v1/nodes/NODE/journal?lines=N                  → {entries: JournalEntry[]}
 *   GET  /kubelab/v1/nodes/NODE/iptables?table=nat               → iptables-save text
 *   GET  /kubelab/v1/nodes/NODE/crictl/ps?all=true | pods | images
 *   GET  /kubelab/v1/nodes/NODE/crictl/logs?id=ID&tail=N[&follow=true] | inspect?id=ID | inspectp?id=POD-ID
 *        (follow: one JSON log entry a line, until the container exits)
 *   POST /kubelab/v1/network/curl               {url, method?, headers?, body?} → CurlResult
 *
 * Answers are JSON with the daemon clock's `now` (crictl's CREATED column is relative to it);
 * failures are Kubernetes Statuses ("nodes \"x\" not found"), which the CLI prints as kubectl
 * prints the API server's.
 */
import { timingSafeEqual } from 'node:crypto';
import { type Clock, StatusError, statusError } from '@kubelab/core';
import type { SimulatedCloudProvider } from '../../cloud/provider.js';
import { containerLogs, followContainerLogs, inspectContainer, inspectSandbox, listContainers, listImages, listSandboxes } from '../../node/admin/crictl.js';
import { NodeDrills } from '../../node/admin/node-drills.js';
import type { NodeManager } from '../../node/node-manager.js';
import { CriError } from '../../node/runtime/cri.js';
import type { TableName } from '../../node/proxy/rules.js';
import type { ApiRequest, ApiResponse, JsonResponse } from '../api-request.js';
import type { ExtraRoute, RequestUrl } from '../api-server.js';
import { BadRequest, bodyObject } from './wire.js';

export const NODES_ADMIN_PATH = '/kubelab/v1/nodes';
export const NETWORK_ADMIN_PATH = '/kubelab/v1/network/';

/**
 * The data path as seen from the host (the daemon's DataPlane, node/network/data-plane.ts):
 * an HTTP request from outside the cluster, and a node's iptables-save text.
 */
export interface HostDataPath {
  /** Rejects only for a URL curl would refuse (its message is curl's). */
  curl(url: string, options?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<unknown>;
  iptablesSave(nodeName: string, tables?: TableName[]): string | undefined;
}

export interface NodesAdminOptions {
  /** The daemon's own bearer token, the only credential this API takes. */
  token: string;
  nodes: NodeManager;
  cloud: SimulatedCloudProvider;
  dataPath: HostDataPath;
  clock: Clock;
  /** The daemon's data directory: the drills' effects outlive a restart (node/admin/drill-state.ts). */
  dataDir?: string;
}

export interface NodesAdmin {
  routes: ExtraRoute[];
  /** Redo the drills of before the restart; call once the node manager has started. */
  restore(): Promise<void>;
}

interface Call {
  node: string;
  query: URLSearchParams;
}

type Handler = (c: Call) => Promise<ApiResponse>;

export function nodesAdmin(options: NodesAdminOptions): NodesAdmin {
  const drills = new NodeDrills({ nodes: options.nodes, cloud: options.cloud, clock: options.clock, dataDir: options.dataDir });
  const json = (body: Record<string, unknown>): JsonResponse => ({ status: 200, body: { now: options.clock.now(), ...body } });
  const runtimeOf = async (name: string) => (await drills.local(name)).runtime;
  const actions: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
    stop: { method: 'POST', handle: async (c) => json({ node: await drills.stop(c.node) }) },
    start: { method: 'POST', handle: async (c) => json({ node: await drills.start(c.node) }) },
    remove: { method: 'POST', handle: async (c) => json({ node: await drills.remove(c.node) }) },
    journal: { method: 'GET', handle: async (c) => json({ entries: await drills.journalOf(c.node, intParam(c.query, 'lines')) }) },
    iptables: {
      method: 'GET',
      handle: async (c) => {
        await drills.local(c.node);
        const tables = c.query.getAll('table') as TableName[];
        const text = options.dataPath.iptablesSave(c.node, tables.length ? tables : undefined);
        if (text === undefined) throw statusError(404, 'NotFound', `node "${c.node}" runs no kube-proxy`);
        return { status: 200, text, contentType: 'text/plain; charset=utf-8' };
      },
    },
    'crictl/ps': { method: 'GET', handle: async (c) => json({ containers: await listContainers(await runtimeOf(c.node), { all: c.query.get('all') === 'true' }) }) },
    'crictl/pods': { method: 'GET', handle: async (c) => json({ sandboxes: await listSandboxes(await runtimeOf(c.node)) }) },
    'crictl/images': { method: 'GET', handle: async (c) => json({ images: await listImages(await runtimeOf(c.node)) }) },
    'crictl/logs': {
      method: 'GET',
      handle: async (c) => {
        const runtime = await runtimeOf(c.node);
        const id = c.query.get('id') ?? '';
        const tail = intParam(c.query, 'tail');
        if (c.query.get('follow') !== 'true') return json({ entries: await containerLogs(runtime, id, { tail }) });
        const logs = await followContainerLogs(runtime, id, { tail });
        async function* lines(): AsyncIterable<string> {
          for (const e of logs.entries) yield `${JSON.stringify(e)}\n`;
          if (logs.follow) for await (const e of logs.follow) yield `${JSON.stringify(e)}\n`;
        }
        return { status: 200, stream: lines(), contentType: 'application/json', close: () => logs.close() };
      },
    },
    'crictl/inspect': { method: 'GET', handle: async (c) => json({ inspect: await inspectContainer(await runtimeOf(c.node), c.query.get('id') ?? '') }) },
    'crictl/inspectp': { method: 'GET', handle: async (c) => json({ inspect: await inspectSandbox(await runtimeOf(c.node), c.query.get('id') ?? '') }) },
  };
  const nodesRoute = guarded(options.token, async (req, url) => {
    const rest = url.pathname.slice(NODES_ADMIN_PATH.length).replace(/^\/+|\/+$/g, '');
    if (rest === '') {
      if (req.method !== 'POST') throw statusError(405, 'MethodNotAllowed', `${url.pathname} takes POST, not ${req.method}`);
      const body = bodyObject(req.body);
      return json({ node: await drills.add(addRequest(body)) });
    }
    const [node = '', ...action] = rest.split('/');
    const endpoint = actions[action.join('/')];
    if (!endpoint) throw statusError(404, 'NotFound', `no node admin endpoint ${url.pathname}`);
    if (req.method !== endpoint.method) throw statusError(405, 'MethodNotAllowed', `${url.pathname} takes ${endpoint.method}, not ${req.method}`);
    return endpoint.handle({ node: decodeURIComponent(node), query: url.searchParams });
  });
  const networkRoute = guarded(options.token, async (req, url) => {
    if (url.pathname.replace(/\/+$/, '') !== `${NETWORK_ADMIN_PATH}curl`) throw statusError(404, 'NotFound', `no network admin endpoint ${url.pathname}`);
    if (req.method !== 'POST') throw statusError(405, 'MethodNotAllowed', `${url.pathname} takes POST, not ${req.method}`);
    const body = bodyObject(req.body);
    const headers = (typeof body['headers'] === 'object' && body['headers'] ? body['headers'] : {}) as Record<string, string>;
    const request = { method: typeof body['method'] === 'string' ? body['method'] : undefined, headers, body: typeof body['body'] === 'string' ? body['body'] : undefined };
    const result = await options.dataPath.curl(String(body['url'] ?? ''), request).catch((err: unknown) => {
      throw statusError(400, 'BadRequest', (err as Error)?.message ?? String(err));
    });
    return json({ result });
  });
  return {
    routes: [
      { match: NODES_ADMIN_PATH, handle: nodesRoute },
      { match: NETWORK_ADMIN_PATH, handle: networkRoute },
    ],
    restore: () => drills.restore(),
  };
}

/** The daemon's token only; every failure a Status. */
function guarded(token: string, handle: (req: ApiRequest, url: RequestUrl) => Promise<ApiResponse>): ExtraRoute['handle'] {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (input) => {
    const { req, url } = input as { req: ApiRequest; url: RequestUrl };
    const given = Buffer.from(req.headers['authorization'] ?? '');
    try {
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw statusError(403, 'Forbidden', "the node admin API takes only the kubelab daemon's own token (the one in its kubeconfig)");
      }
      return await handle(req, url);
    } catch (err) {
      return failure(err);
    }
  };
}

function failure(err: unknown): JsonResponse {
  if (err instanceof StatusError) return { status: err.code, body: err.status };
  if (err instanceof CriError) return failure(statusError(err.code === 'NotFound' ? 404 : 400, err.code === 'NotFound' ? 'NotFound' : 'BadRequest', err.message));
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof BadRequest) return failure(statusError(400, 'BadRequest', message));
  process.emitWarning(`kubelab node admin API: internal error: ${(err as Error)?.stack ?? String(err)}`);
  return failure(statusError(500, 'InternalError', message));
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw statusError(400, 'BadRequest', `${name}: invalid integer "${raw}"`);
  return n;
}

function addRequest(body: Record<string, unknown>) {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
  return {
    name: str('name') ?? '',
    cpu: str('cpu'),
    memory: str('memory'),
    pods: typeof body['pods'] === 'number' ? body['pods'] : undefined,
    runtime: str('runtime'),
    labels: (body['labels'] ?? undefined) as Record<string, string> | undefined,
    taints: (body['taints'] ?? undefined) as Array<{ key: string; value?: string; effect: string }> | undefined,
  };
}
