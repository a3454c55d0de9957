/**
 * core's Transport over node:https — what the CLI talks to the API with. Not undici (the
 * daemon's HTTP client): loading it costs about 100 ms of CPU, and a CLI makes a handful of
 * requests on one kept-alive connection and exits. A refused connection to the local kubelab
 * is reported as "kubelab is not running"; to another server, in kubectl's words.
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { closeableWatch } from '@kubelab/core/client/in-process';
import {
  DEFAULT_USER_AGENT,
  type RawWatch,
  type Transport,
  type TransportRequestOptions,
  type TransportResponse,
  decodeWatchLines,
  statusErrorFromResponse,
} from '@kubelab/core/client/transport';
import { KubelabError, notRunning } from '../errors.js';

export interface HttpsOptions {
  server: string;
  caPem?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  /** The local kubelab daemon: a refused connection means it is not running. */
  local: boolean;
  userAgent?: string;
}

export class HttpsTransport implements Transport {
  private readonly agent: Agent;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: HttpsOptions) {
    this.base = options.server.replace(/\/+$/, '');
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, ca: options.caPem, rejectUnauthorized: !options.insecureSkipTlsVerify });
    this.headers = { 'user-agent': options.userAgent ?? `kubectl/v1.32.0 (kubelab ${DEFAULT_USER_AGENT})` };
    if (options.token) this.headers['authorization'] = `Bearer ${options.token}`;
  }

  async request(method: string, url: string, options: TransportRequestOptions = {}): Promise<TransportResponse> {
    const res = await this.send(method, url, options);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return { status: res.statusCode ?? 0, headers: flat(res.headers), body: Buffer.concat(chunks).toString('utf8') };
  }

  async watch(url: string, options: { accept?: string } = {}): Promise<RawWatch> {
    const res = await this.stream(url, options.accept);
    return closeableWatch(decodeWatchLines(res), () => res.destroy());
  }

  /** A GET whose body is read as it arrives (watches, followed logs); non-2xx answers throw. */
  async stream(url: string, accept = 'application/json'): Promise<IncomingMessage> {
    const res = await this.send('GET', url, { accept });
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw statusErrorFromResponse(status, Buffer.concat(chunks).toString('utf8'));
    }
    res.setEncoding('utf8');
    return res;
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  private send(method: string, url: string, options: TransportRequestOptions): Promise<IncomingMessage> {
    const headers: Record<string, string> = { ...this.headers, accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    return new Promise((resolve, reject) => {
      const req = request(this.base + url, { method, headers, agent: this.agent }, resolve);
      req.on('error', (err) => reject(this.connectionError(err as NodeJS.ErrnoException)));
      req.end(options.body);
    });
  }

  private connectionError(err: NodeJS.ErrnoException): Error {
    const hostPort = this.base.replace(/^https?:\/\//, '');
    if (err.code === 'ECONNREFUSED') {
      if (this.options.local) return notRunning();
      return new KubelabError(`The connection to the server ${hostPort} was refused - did you specify the right host or port?`, 1, '');
    }
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
      return new KubelabError(`Unable to connect to the server: dial tcp: lookup ${hostPort.replace(/:\d+$/, '')}: no such host`, 1, '');
    }
    return new KubelabError(`Unable to connect to the server: ${err.message}`, 1, '');
  }
}

function flat(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
