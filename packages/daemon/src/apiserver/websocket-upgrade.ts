/**
 * HTTP/1.1 `Upgrade: websocket` requests — how kubectl 1.30+ streams `kubectl exec`
 * (KEP-3396, the v5.channel.k8s.io sub-protocol; SPDY is only its fallback). The request is
 * checked and routed like any other (Host, bearer token, then ApiServer.handle); an endpoint
 * that speaks WebSocket answers with an UpgradeResponse and the handshake is completed here
 * (by `ws`), on the first of the endpoint's sub-protocols the client offered. Anything else
 * is written back as a plain HTTP response — a Status the client shows as the upgrade's
 * failure — and the connection is closed.
 *
 * Other upgrades (kubectl's SPDY fallback) to a pod's streaming subresources are routed too,
 * so what is wrong with the request itself — no such pod, a pod not yet scheduled — is the
 * answer, as from kube-apiserver, and not only that this server does not speak SPDY. Those
 * endpoints refuse the protocol themselves after checking the pod; any other upgrade is
 * refused before it is handled, so nothing is ever written for it.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { statusError } from '@kubelab/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ApiServer, errorResponse } from './api-server.js';
import { stripIdentityHeaders } from './auth/user-info.js';
import { type ApiRequest, type ApiResponse, type MessageSocket, isStream, isText, isUpgrade } from './api-request.js';

export interface UpgradeChecks {
  /** Null when the request may proceed, else the refusal. */
  refuse(req: IncomingMessage): ApiResponse | null;
}

export function upgradeHandler(api: ApiServer, checks: UpgradeChecks) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void (async () => {
      const refusal = checks.refuse(req);
      if (refusal) return reject(socket, refusal);
      const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
      if (!websocket && !STREAMING_SUBRESOURCE.test(new URL(req.url ?? '/', 'http://x').pathname)) return reject(socket, notWebSocket(req));
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      stripIdentityHeaders(headers);
      const apiReq: ApiRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers };
      const response = await api.handle(apiReq);
      if (!websocket && isUpgrade(response)) return reject(socket, notWebSocket(req));
      if (!isUpgrade(response)) return reject(socket, response);
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      const protocol = response.upgrade.protocols.find((p) => offered.includes(p));
      if (!protocol) {
        return reject(
          socket,
          errorResponse(statusError(400, 'BadRequest', `none of the offered sub-protocols [${offered.join(' ')}] is supported; this endpoint speaks ${response.upgrade.protocols.join(', ')}`)),
        );
      }
      // noServer: the HTTP server owns the socket; ws only does the handshake and framing.
      const server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024, handleProtocols: () => protocol });
      server.handleUpgrade(req, socket, head, (ws) => response.upgrade.accept(messageSocket(ws), protocol));
    })().catch((err: unknown) => reject(socket, errorResponse(err)));
  };
}

/** The pod subresources a client streams (kube-apiserver's Connecter resources kubelab serves). */
const STREAMING_SUBRESOURCE = /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/(?:exec|attach)$/;

function notWebSocket(req: IncomingMessage): ApiResponse {
  return errorResponse(statusError(400, 'BadRequest', `unsupported upgrade protocol "${req.headers.upgrade ?? ''}"; this server speaks WebSocket`));
}

function messageSocket(ws: WebSocket): MessageSocket {
  return {
    send: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    },
    close: () => ws.close(1000),
    onMessage: (cb) => ws.on('message', (data: Buffer) => cb(data)),
    onClose: (cb) => ws.on('close', cb),
  };
}

/** A plain HTTP/1.1 response on the raw socket, then the end of the connection. */
function reject(socket: Duplex, r: ApiResponse): void {
  let body: string | Buffer = '';
  let contentType = 'application/json';
  if (isText(r)) {
    body = r.text;
    contentType = r.contentType;
  } else if (!isStream(r)) {
    body = JSON.stringify(r.body);
    contentType = r.contentType ?? 'application/json';
  }
  const status = r.status;
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, `Content-Type: ${contentType}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', ''];
  socket.end(Buffer.concat([Buffer.from(head.join('\r\n')), Buffer.isBuffer(body) ? body : Buffer.from(body)]));
}
