/**
 * The daemon's node admin API (packages/daemon/src/apiserver/admin/nodes-admin.ts): the node
 * drills, crictl's view of a node's runtime, the kubelet's journal, kube-proxy's rules and
 * `kubelab curl`, over HTTPS with the daemon's own kubeconfig (its token is the only one the
 * API takes). Failures come back as Kubernetes Statuses and are thrown as StatusError, so
 * they print as kubectl prints the API server's ("Error from server (NotFound): …").
 */
import { statusErrorFromResponse } from '@kubelab/core/client/transport';
import { resolveDataDir } from '../data-dir.js';
import { adminRequest } from '../kube/admin-request.js';
import type { Connection } from '../kubeconfig.js';
import { connectToRunning } from '../probe.js';

export interface AdminAnswer {
  /** The daemon clock's time of the answer (ms). */
  now: number;
}

export class NodesAdminClient {
  constructor(readonly connection: Connection) {}

  /** A JSON call; `path` is relative to /kubelab/v1/ (nodes/…, network/curl). */
  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs?: number): Promise<T & AdminAnswer> {
    return JSON.parse(await this.text(method, path, body, timeoutMs)) as T & AdminAnswer;
  }

  /** A GET answered with a stream of JSON lines (crictl logs -f): each line to onLine as it comes, until the server ends it. */
  lines(path: string, onLine: (value: unknown) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = adminRequest(this.connection, 'GET', `/kubelab/v1/${path}`, undefined, (res) => {
        let buffered = '';
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (res.statusCode !== 200) return void chunks.push(c);
          buffered += c.toString('utf8');
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (line) onLine(JSON.parse(line));
          }
        });
        res.on('error', reject);
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(statusErrorFromResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')))));
      });
      req.on('error', reject);
    });
  }

  /** A call answered with text (iptables-save). */
  text(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 120_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = adminRequest(
        this.connection,
        method,
        `/kubelab/v1/${path}`,
        body,
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) resolve(text);
            else reject(statusErrorFromResponse(res.statusCode ?? 0, text));
          });
        },
      );
      const deadline = setTimeout(() => req.destroy(new Error(`no answer from ${this.connection.server} within ${timeoutMs / 1000} s`)), timeoutMs);
      req.on('close', () => clearTimeout(deadline));
      req.on('error', reject);
    });
  }
}

/** The client for the running kubelab of the data directory ("kubelab is not running (start it with: kubelab up)" when none). */
export async function connectNodesAdmin(dataDirFlag: string | undefined): Promise<NodesAdminClient> {
  return new NodesAdminClient(await connectToRunning(resolveDataDir(dataDirFlag)));
}

/** The URL path of a node's endpoint. */
export function nodePath(node: string, action: string, query?: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== false) q.set(k, String(v));
  const qs = q.toString();
  return `nodes/${encodeURIComponent(node)}/${action}${qs ? `?${qs}` : ''}`;
}
