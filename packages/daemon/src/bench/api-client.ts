/**
 * The HTTPS client the API benchmarks drive kubelabd with: an undici Pool on keep-alive
 * connections that trusts the daemon's self-signed CA and sends its bearer token — what
 * kubectl or client-go does with the kubeconfig, minus everything that is not the request.
 * A pool of N connections serves N concurrent clients, one request in flight on each (no
 * pipelining, as Go's and Node's HTTP/1.1 clients behave).
 */
import { type ClientHttp2Session, type ClientHttp2Stream, connect } from 'node:http2';
import { type Dispatcher, Pool } from 'undici';

export interface ApiEndpoint {
  /** https://127.0.0.1:PORT */
  server: string;
  token: string;
  /** PEM of the certificate authority (the daemon's self-signed serving certificate). */
  caPem: string;
}

export interface ApiResponse {
  status: number;
  body: Buffer;
}

/** A media type asking for a Table, as `kubectl get` does (kubectl/pkg/cmd/get). */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export class ApiClient {
  readonly pool: Pool;
  private readonly auth: string;

  constructor(
    readonly endpoint: ApiEndpoint,
    connections: number,
  ) {
    this.auth = `Bearer ${endpoint.token}`;
    this.pool = new Pool(endpoint.server, {
      connections,
      pipelining: 1,
      // Idle connections stay open between rounds, as a client's would between requests.
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 60_000,
      // Watches stay open for the whole benchmark with long quiet gaps.
      bodyTimeout: 0,
      headersTimeout: 60_000,
      connect: { ca: endpoint.caPem },
    });
  }

  /** One request, its whole body read. Never throws on a status; callers check it. */
  async request(method: Dispatcher.HttpMethod, path: string, body?: unknown, accept = 'application/json'): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const r = await this.pool.request({
      method,
      path,
      headers: {
        authorization: this.auth,
        accept,
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { body: payload } : {}),
    });
    return { status: r.statusCode, body: Buffer.from(await r.body.arrayBuffer()) };
  }

  /** Like request(), but a status other than `expect` is an error naming the request. */
  async expect(expect: number, method: Dispatcher.HttpMethod, path: string, body?: unknown, accept?: string): Promise<ApiResponse> {
    const r = await this.request(method, path, body, accept);
    if (r.status !== expect) {
      throw new Error(`${method} ${path}: HTTP ${r.status}, expected ${expect}: ${r.body.toString('utf8').slice(0, 300)}`);
    }
    return r;
  }

  async json<T = Record<string, unknown>>(
    expect: number,
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    accept?: string,
  ): Promise<T> {
    return JSON.parse((await this.expect(expect, method, path, body, accept)).body.toString('utf8')) as T;
  }

  /** A GET whose body is left to the caller to stream (a watch); throws unless 200. */
  async stream(path: string): Promise<Dispatcher.ResponseData['body']> {
    const r = await this.pool.request({ method: 'GET', path, headers: { authorization: this.auth, accept: 'application/json' } });
    if (r.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${r.statusCode}: ${(await r.body.text()).slice(0, 300)}`);
    return r.body;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** The benchmark's namespace; created once per daemon. */
export const BENCH_NAMESPACE = 'bench';

export async function createNamespace(client: ApiClient, name = BENCH_NAMESPACE): Promise<void> {
  await client.expect(201, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Runs make(i) for i in [0, n) with at most `concurrency` in flight. */
export async function createMany(n: number, concurrency: number, make: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await make(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

/** client-go's receive windows: transportDefaultStreamFlow and transportDefaultConnFlow. */
const CLIENT_GO_STREAM_WINDOW = 4 << 20;
const CLIENT_GO_CONNECTION_WINDOW = 1 << 30;

/**
 * Watches multiplexed over one HTTP/2 connection (node:http2), as client-go carries all of a
 * client's watches on one connection to kube-apiserver.
 */
export class Http2Watches {
  private readonly session: ClientHttp2Session;

  constructor(private readonly endpoint: ApiEndpoint) {
    // Flow-control windows as client-go's transport (golang.org/x/net/http2): 4 MiB per
    // stream, 1 GiB for the connection. With HTTP/2's 64 KiB defaults one event to a
    // thousand watchers (~1.4 MB) would need a score of WINDOW_UPDATE round trips, a cost
    // of this client, not of the server.
    this.session = connect(endpoint.server, { ca: endpoint.caPem, settings: { initialWindowSize: CLIENT_GO_STREAM_WINDOW } });
    this.session.on('error', () => {});
    this.session.once('connect', () => this.session.setLocalWindowSize(CLIENT_GO_CONNECTION_WINDOW));
  }

  /** Opens one watch stream; resolves once the server answered 200. */
  open(path: string): Promise<ClientHttp2Stream> {
    return new Promise((resolve, reject) => {
      const s = this.session.request({ ':path': path, authorization: `Bearer ${this.endpoint.token}`, accept: 'application/json' });
      s.once('response', (headers) => {
        const status = Number(headers[':status']);
        if (status === 200) resolve(s);
        else reject(new Error(`GET ${path}: HTTP ${status}`));
      });
      s.once('error', reject);
    });
  }

  close(): void {
    this.session.destroy();
  }
}
