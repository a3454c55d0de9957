/**
 * The HTTPS transport (undici): what a controller, the CLI or a test uses against a running
 * kubelabd, given the connection settings a kubeconfig carries — server URL, the CA that
 * signed the serving certificate, and a bearer token. Connections are kept alive and reused
 * (one undici Agent per transport), as client-go's shared http.Transport does.
 */
import { Agent, request } from 'undici';
import { closeableWatch } from './in-process.js';
import {
  DEFAULT_USER_AGENT,
  type RawWatch,
  type Transport,
  type TransportRequestOptions,
  type TransportResponse,
  decodeWatchLines,
  statusErrorFromResponse,
} from './transport.js';

export interface HttpTransportOptions {
  /** "https://127.0.0.1:6443" */
  server: string;
  /** PEM of the certificate authority that signed the server's certificate. */
  caPem?: string;
  token?: string;
  /** Skips server certificate verification (kubeconfig's insecure-skip-tls-verify). */
  insecureSkipTlsVerify?: boolean;
  userAgent?: string;
  /** How long an idle keep-alive connection is kept (default 30 s, as Go's http.Transport keeps 90 s). */
  keepAliveTimeoutMs?: number;
  /** Timeout for a non-watch request's response headers (default 60 s). */
  requestTimeoutMs?: number;
}

export class HttpTransport implements Transport {
  private readonly agent: Agent;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly requestTimeoutMs: number;

  constructor(options: HttpTransportOptions) {
    this.base = options.server.replace(/\/+$/, '');
    const connect: { ca?: string; rejectUnauthorized?: boolean } = {};
    if (options.caPem) connect.ca = options.caPem;
    if (options.insecureSkipTlsVerify) connect.rejectUnauthorized = false;
    this.agent = new Agent({ connect, keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 });
    this.headers = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT };
    if (options.token) this.headers['authorization'] = `Bearer ${options.token}`;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  async request(method: string, url: string, options: TransportRequestOptions = {}): Promise<TransportResponse> {
    const headers: Record<string, string> = { ...this.headers, accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await request(this.base + url, {
      dispatcher: this.agent,
      method: method as 'GET',
      headers,
      body: options.body,
      headersTimeout: this.requestTimeoutMs,
      bodyTimeout: this.requestTimeoutMs,
    });
    const body = await res.body.text();
    return { status: res.statusCode, headers: flatHeaders(res.headers), body };
  }

  async watch(url: string, options: { accept?: string } = {}): Promise<RawWatch> {
    const abort = new AbortController();
    const res = await request(this.base + url, {
      dispatcher: this.agent,
      method: 'GET',
      headers: { ...this.headers, accept: options.accept ?? 'application/json' },
      signal: abort.signal,
      headersTimeout: this.requestTimeoutMs,
      // A watch may be quiet for minutes; the server's timeoutSeconds ends it, not us.
      bodyTimeout: 0,
    });
    if (res.statusCode !== 200) {
      const body = await res.body.text();
      throw statusErrorFromResponse(res.statusCode, body);
    }
    res.body.setEncoding('utf8');
    const chunks = res.body as AsyncIterable<string>;
    return closeableWatch(decodeWatchLines(chunks), () => {
      abort.abort();
      res.body.destroy();
    });
  }

  /** Closes every connection, ending any watch still open. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
