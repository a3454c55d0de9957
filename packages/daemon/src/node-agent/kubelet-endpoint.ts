/**
 * The node agent's kubelet server: /containerLogs and /exec of its kubelets on the host's
 * loopback, which the API server dials for pods/log and pods/exec on the agent's nodes
 * (node/admin/remote-kubelet.ts has the wire format). Like a kubelet with webhook
 * authentication, it asks the API server whether the caller's token is the one it accepts —
 * here: whether the token opens the daemon's node admin API, which only the daemon's own does.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'node:https';
import { KubeletError, type KubeletConnection } from '../node/kubelet-connection.js';

export interface KubeletEndpointOptions {
  connection: KubeletConnection;
  /** The API server, which vouches for callers. */
  server: string;
  caPem?: string;
  insecureSkipTlsVerify?: boolean;
  /** Any node this agent runs (the admin API call that checks a token names one). */
  nodeName: string;
}

export interface KubeletEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startKubeletEndpoint(options: KubeletEndpointOptions): Promise<KubeletEndpoint> {
  const vouched = new Set<string>();
  const authorized = async (header: string | undefined): Promise<boolean> => {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) return false;
    if (vouched.has(token)) return true;
    const ok = (await probe(options, token)) === 200;
    if (ok) vouched.add(token);
    return ok;
  };
  const server = createServer((req, res) => {
    void handle(options.connection, req, res, authorized).catch((err: unknown) => fail(res, err));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(connection: KubeletConnection, req: IncomingMessage, res: ServerResponse, authorized: (h: string | undefined) => Promise<boolean>): Promise<void> {
  if (!(await authorized(req.headers['authorization']))) return send(res, 401, { message: 'Unauthorized' });
  const url = new URL(req.url ?? '/', 'http://kubelet');
  const [kind, namespace = '', pod = '', container = ''] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const q = url.searchParams;
  const nodeName = q.get('node') ?? '';
  if (kind === 'containerLogs' && req.method === 'GET') {
    const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
    const logs = await connection.containerLogs(nodeName, {
      namespace,
      pod,
      container: container || undefined,
      follow: q.get('follow') === 'true',
      previous: q.get('previous') === 'true',
      timestamps: q.get('timestamps') === 'true',
      tailLines: num('tailLines'),
      since: num('since'),
      limitBytes: num('limitBytes'),
    });
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.write(logs.text);
    res.on('close', () => logs.close());
    if (logs.follow) for await (const chunk of logs.follow) res.write(chunk);
    res.end();
    return;
  }
  if (kind === 'exec' && req.method === 'POST') {
    let stdin = '';
    for await (const chunk of req) stdin += (chunk as Buffer).toString('utf8');
    const result = await connection.exec(nodeName, { namespace, pod, container: container || undefined, command: q.getAll('command'), stdin, trace: q.get('trace') === 'true' });
    return send(res, 200, result);
  }
  send(res, 404, { message: `no kubelet endpoint ${url.pathname}` });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, err: unknown): void {
  if (res.headersSent) return void res.end();
  send(res, err instanceof KubeletError ? err.code : 500, { message: (err as Error)?.message ?? String(err) });
}

/** The status the daemon's node admin API answers this token with (200: the daemon's own). */
function probe(options: KubeletEndpointOptions, token: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      new URL(`/kubelab/v1/nodes/${encodeURIComponent(options.nodeName)}/journal?lines=0`, options.server),
      { method: 'GET', ca: options.caPem, rejectUnauthorized: !options.insecureSkipTlsVerify, agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode === 400 || res.statusCode === 200 ? 200 : (res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}
