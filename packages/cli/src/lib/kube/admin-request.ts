/**
 * A request to the daemon's own admin API (/kubelab/v1/…: etcd, node drills, curl): HTTPS to
 * the kubeconfig's server with its certificate authority and token, a JSON body when there is
 * one, and no connection pooling (one call per command). The caller reads the response and
 * handles errors; the request is already sent.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { Connection } from '../kubeconfig.js';

export function adminRequest(connection: Connection, method: string, path: string, body: unknown, onResponse: (res: IncomingMessage) => void): ClientRequest {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const req = request(
    new URL(path, connection.server),
    {
      method,
      ca: connection.caPem,
      agent: false,
      headers: {
        authorization: `Bearer ${connection.token}`,
        'user-agent': 'kubelab-cli',
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      },
    },
    onResponse,
  );
  req.end(payload);
  return req;
}
