/**
 * The API server on HTTPS: loopback only, every request authenticated by the bearer token
 * the daemon wrote into its kubeconfig, Host headers other than the loopback names refused
 * (a browser tricked by DNS rebinding cannot reach us), bodies over 3 MiB refused with 413.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { statusError } from '@kubelab/core';
import { type ApiServer, errorResponse } from './api-server.js';
import { type ApiRequest, type ApiResponse, isStream, isText } from './api-request.js';
import { MAX_REQUEST_BODY } from './handlers/request.js';
import { PushStream } from './push-stream.js';

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
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const expected = Buffer.from(`Bearer ${options.token}`);
  let port = options.port;
  const server = createServer({ keepAliveTimeout: 30_000, cert: options.cert, key: options.key }, (req, res) => {
    void serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, errorResponse(err));
      else res.destroy();
    });
  });
  /** The daemon's own token, or a service account token the API server issued. */
  function authenticated(header: string | undefined): boolean {
    const auth = Buffer.from(header ?? '');
    if (auth.length === expected.length && timingSafeEqual(auth, expected)) return true;
    return !!header?.startsWith('Bearer ') && options.api.isServiceAccountToken(header.slice(7));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      return send(res, errorResponse(statusError(403, 'Forbidden', `forbidden: Host header "${req.headers.host ?? ''}" is not a loopback address of this server`)));
    }
    if (!authenticated(req.headers.authorization)) {
      return send(res, errorResponse(statusError(401, 'Unauthorized', 'Unauthorized')));
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      return send(res, errorResponse(statusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BODY}`)));
    }
    const apiReq: ApiRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req), body };
    const response = await options.api.handle(apiReq);
    if (isStream(response)) {
      res.on('close', () => response.close());
      res.writeHead(response.status, { 'content-type': response.contentType, 'cache-control': 'no-cache, private', ...response.headers });
      res.flushHeaders();
      const stream = response.stream;
      if (stream instanceof PushStream) {
        // Written straight to the socket as chunks arrive. A client that lets too much pile
        // up unread is cut off, as kube-apiserver closes unresponsive watchers; it re-watches.
        stream.subscribe(
          (chunk) => {
            if (res.destroyed) return;
            res.write(chunk);
            if (res.writableLength > MAX_WATCH_BACKLOG) response.close();
          },
          () => res.end(),
        );
        return;
      }
      for await (const chunk of stream) {
        if (res.destroyed) break;
        if (!res.write(chunk)) await new Promise<void>((r) => res.once('drain', r));
      }
      res.end();
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
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, r: ApiResponse): void {
  const headers: Record<string, string> = { 'cache-control': 'no-cache, private', ...r.headers };
  let payload: string | Buffer;
  if (isText(r)) {
    headers['content-type'] = r.contentType;
    payload = r.text;
  } else if (!isStream(r)) {
    headers['content-type'] = r.contentType ?? 'application/json';
    payload = JSON.stringify(r.body);
  } else {
    payload = '';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

/** Loopback names only, on our port. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return allowed.includes(host.toLowerCase());
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY) {
    req.resume();
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY) {
      req.resume();
      return 'too-large';
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks) : undefined;
}
