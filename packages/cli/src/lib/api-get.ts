/**
 * One authenticated GET against the kubelab API over HTTPS, trusting only the kubeconfig's
 * certificate authority. node:https rather than a pooled client: a CLI makes one or two
 * requests and exits, and an idle keep-alive socket would only hold the process open.
 */
import { request } from 'node:https';
import type { Connection } from './kubeconfig.js';

export interface ApiResponse {
  status: number;
  body: string;
}

export function apiGet(conn: Connection, path: string, timeoutMs = 5_000): Promise<ApiResponse> {
  const url = new URL(path, conn.server);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: conn.caPem,
        agent: false,
        headers: { authorization: `Bearer ${conn.token}`, 'user-agent': 'kubelab-cli' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    // A deadline for the whole exchange (connect, TLS, response): a stopped daemon accepts the
    // TCP connection into its backlog and then never answers.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer from ${conn.server} within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    req.end();
  });
}
