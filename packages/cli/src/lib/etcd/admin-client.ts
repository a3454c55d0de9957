/**
 * The daemon's etcd admin API (packages/daemon/src/apiserver/admin/etcd-admin.ts): JSON
 * calls and streams over HTTPS with the kubeconfig's token and certificate authority — the
 * etcd commands never open the store themselves. A failed call throws the daemon's message,
 * which carries etcd's own words ("etcdserver: mvcc: required revision has been compacted").
 */
import type { IncomingMessage } from 'node:http';
import { adminRequest } from '../kube/admin-request.js';
import type { Connection } from '../kubeconfig.js';
import { connectToRunning } from '../probe.js';
import { EtcdctlError } from './errors.js';

export const ADMIN_PATH = '/kubelab/v1/etcd/';

/** How long a request may take before etcdctl's "context deadline exceeded". */
const COMMAND_TIMEOUT_MS = 60_000;

export class AdminClient {
  constructor(readonly connection: Connection) {}

  /** The member's client URL: the API server's. */
  get endpoint(): string {
    return this.connection.server;
  }

  /** One JSON request and its JSON answer. */
  async call<T>(method: 'GET' | 'POST', endpoint: string, body?: unknown): Promise<T> {
    const res = await this.open(method, endpoint, body, COMMAND_TIMEOUT_MS);
    const text = await readAll(res);
    return JSON.parse(text.toString('utf8')) as T;
  }

  /**
   * Sends the request and resolves with the response once it is 200 and its headers are in;
   * its body is the caller's to read. With timeoutMs, the whole exchange must end by then.
   */
  open(method: 'GET' | 'POST', endpoint: string, body?: unknown, timeoutMs?: number): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = adminRequest(
        this.connection,
        method,
        ADMIN_PATH + endpoint,
        body,
        (res) => {
          if (res.statusCode === 200) return resolve(res);
          readAll(res).then((b) => reject(new EtcdctlError(failureMessage(res.statusCode ?? 0, b))), reject);
        },
      );
      if (timeoutMs !== undefined) {
        const deadline = setTimeout(() => req.destroy(new EtcdctlError('context deadline exceeded')), timeoutMs);
        req.on('close', () => clearTimeout(deadline));
      }
      req.on('error', (err) => reject(err instanceof EtcdctlError ? err : new EtcdctlError(`${this.endpoint}: ${err.message}`)));
    });
  }
}

/** The client for the kubelab of dataDir; throws "kubelab is not running" when there is none. */
export async function connectAdmin(dataDir: string): Promise<AdminClient> {
  return new AdminClient(await connectToRunning(dataDir));
}

export function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

/** The admin API's `{code, message}`, a Kubernetes Status (401, 403), or the raw answer. */
function failureMessage(status: number, body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return `the kubelab API answered ${status}: ${body.toString('utf8').trim().slice(0, 200)}`;
}
