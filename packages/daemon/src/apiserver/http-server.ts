/**
 * The API server on HTTPS: loopback only, every request authenticated by the bearer token
 * the daemon wrote into its kubeconfig, Host headers other than the loopback names refused
 * (a browser tricked by DNS rebinding cannot reach us), bodies over 3 MiB refused with 413.
 *
 * HTTP/2, with HTTP/1.1 for clients that do not offer it, as kube-apiserver serves: client-go
 * (kubectl, informers) multiplexes its requests and watches over one HTTP/2 connection, so
 * an event for a thousand watchers leaves in a few TLS records instead of a thousand.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Http2ServerRequest, type Http2ServerResponse, type Http2Session, createSecureServer } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { statusError } from '@kubelab/core';
import { type ApiServer, errorResponse } from './api-server.js';
import { type ApiRequest, type ApiResponse, isStream, isText } from './api-request.js';
import { MAX_REQUEST_BODY } from './handlers/request.js';
import { PushStream } from './push-stream.js';
import { upgradeHandler } from './websocket-upgrade.js';
import { ADMIN_USER, type UserInfo, identityHeaders, serviceAccountUser, stripIdentityHeaders } from './auth/user-info.js';

/** Unsent watch output (bytes) after which a watcher counts as unresponsive. */
const MAX_WATCH_BACKLOG = 64 * 1024 * 1024;

export interface HttpServerOptions {
  api: ApiServer;
  token: string;
  /** PEM serving certificate and key (see kubelabd/pki/serving-cert.ts). */
  cert: string;
  key: string;
  /** 0 picks a free port. */
  port: number;
  host?: '127.0.0.1';
}

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const expected = Buffer.from(`Bearer ${options.token}`);
  let port = options.port;
  const server = createSecureServer({ allowHTTP1: true, cert: options.cert, key: options.key }, (req, res) => {
    void serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, errorResponse(err));
      else (res as unknown as ServerResponse).destroy?.();
    });
  });
  // Tracked so close() can end them: HTTP/2 sessions and HTTP/1.1 connections both.
  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  server.on('session', (s: Http2Session) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('secureConnection', (sock: Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  /** The daemon's own token (kubeadm's admin), or a service account token the API server issued. */
  function authenticate(header: string | undefined): UserInfo | undefined {
    const auth = Buffer.from(header ?? '');
    if (auth.length === expected.length && timingSafeEqual(auth, expected)) return ADMIN_USER;
    const claims = header?.startsWith('Bearer ') ? options.api.serviceAccountClaims(header.slice(7)) : undefined;
    return claims ? serviceAccountUser(claims) : undefined;
  }

  /** The Host and bearer-token checks every request passes first: who it is from, or the refusal. */
  function check(req: Req): UserInfo | ApiResponse {
    const host = req.headers.host ?? (req.headers[':authority'] as string | undefined);
    if (!hostAllowed(host, port)) {
      return errorResponse(statusError(403, 'Forbidden', `forbidden: Host header "${host ?? ''}" is not a loopback address of this server`));
    }
    return authenticate(req.headers.authorization) ?? errorResponse(statusError(401, 'Unauthorized', 'Unauthorized'));
  }
  /** check() for the WebSocket upgrade: null when the request may proceed. */
  function refusal(req: Req): ApiResponse | null {
    const checked = check(req);
    return 'status' in checked ? checked : null;
  }
  // kubectl exec's WebSocket (HTTP/1.1 Upgrade), through the same checks and routing.
  server.on('upgrade', upgradeHandler(options.api, { refuse: refusal }));

  async function serve(req: Req, res: Res): Promise<void> {
    const user = check(req);
    if ('status' in user) return send(res, user);
    const body = await readBody(req);
    if (body === 'too-large') {
      return send(res, errorResponse(statusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BODY}`)));
    }
    const headers = flatHeaders(req);
    stripIdentityHeaders(headers);
    Object.assign(headers, identityHeaders(user));
    const apiReq: ApiRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body };
    const response = await options.api.handle(apiReq);
    if (isStream(response)) {
      const out = res as unknown as ServerResponse;
      out.on('close', () => response.close());
      out.writeHead(response.status, { 'content-type': response.contentType, 'cache-control': 'no-cache, private', ...response.headers });
      out.flushHeaders?.();
      const gone = () => out.destroyed || (res as Http2ServerResponse).stream?.destroyed === true;
      const stream = response.stream;
      if (stream instanceof PushStream) {
        // Written straight out as chunks arrive — on HTTP/2 to the stream itself, past the
        // compatibility layer, as a thousand watchers' writes are the fan-out's whole cost.
        // A client that lets too much pile up unread is cut off, as kube-apiserver closes
        // unresponsive watchers; it re-watches.
        const sink: Writable = (res as Http2ServerResponse).stream ?? out;
        stream.subscribe({
          write: (chunk) => {
            if (sink.destroyed) return;
            sink.write(chunk);
            if (sink.writableLength > MAX_WATCH_BACKLOG) response.close();
          },
          end: () => {
            if (!gone()) out.end();
          },
        });
        return;
      }
      for await (const chunk of stream) {
        if (gone()) break;
        // Wait for the client to take what was written — or to go away, whichever comes first.
        if (!out.write(chunk)) {
          await new Promise<void>((r) => {
            const done = () => {
              out.off('drain', done);
              out.off('close', done);
              r();
            };
            out.once('drain', done);
            out.once('close', done);
          });
        }
      }
      out.end();
      return;
    }
    send(res, response);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
      }),
  };
}

function send(res: Res, r: ApiResponse): void {
  const headers: Record<string, string> = r.headers ? { 'cache-control': 'no-cache, private', ...r.headers } : { 'cache-control': 'no-cache, private' };
  let payload: string | Buffer;
  if (isText(r)) {
    headers['content-type'] = r.contentType;
    payload = r.text;
  } else if (!isStream(r)) {
    headers['content-type'] = r.contentType ?? 'application/json';
    payload = r.json ?? JSON.stringify(r.body);
  } else {
    payload = '';
  }
  // Encoded once: its length for the header and the bytes to send.
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  headers['content-length'] = String(bytes.length);
  (res as unknown as ServerResponse).writeHead(r.status, headers);
  (res as unknown as ServerResponse).end(bytes);
}

/** Loopback names only, on our port. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return allowed.includes(host.toLowerCase());
}

function flatHeaders(req: Req): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const h = req.headers;
  for (const k in h) {
    if (k.charCodeAt(0) === 58) continue; // ':' — HTTP/2 pseudo-headers
    const v = h[k];
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * The whole request body. Read with listeners rather than `for await`: a stream's async
 * iterator costs more per request than the rest of reading a small body.
 */
function readBody(req: Req): Promise<Buffer | undefined | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY) {
        // The rest is drained unread.
        settled = true;
        req.off('data', onData);
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    const fail = (err?: Error) => {
      if (settled) return;
      settled = true;
      reject(err ?? Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    req.once('error', fail);
    req.once('close', () => fail());
  });
}
