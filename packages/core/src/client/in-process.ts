/**
 * The in-process transport: controllers, the scheduler and kubelets inside kubelabd reach
 * the API server by calling its transport-free entry point (`ApiServer.handle`) instead of
 * opening a socket. Bodies still cross as JSON text both ways, so nothing the caller holds is
 * shared with the server and vice versa (house rule 1) — a controller cannot tell this
 * transport from the HTTP one except by speed.
 *
 * The request and response shapes below are the minimal structural subset of the daemon's
 * ApiRequest/ApiResponse, declared here so core never imports daemon code.
 */
import { statusError } from '../api/status.js';
import {
  DEFAULT_USER_AGENT,
  type RawWatch,
  type RawWatchEvent,
  type Transport,
  type TransportRequestOptions,
  type TransportResponse,
  decodeWatchLines,
  statusErrorFromResponse,
} from './transport.js';

export interface InProcessRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
}

interface ResponseBase {
  status: number;
  headers?: Record<string, string>;
}

export type InProcessResponse =
  | (ResponseBase & { body: unknown; contentType?: string; json?: string })
  | (ResponseBase & { text: string | Buffer; contentType: string })
  | (ResponseBase & { stream: AsyncIterable<string | Uint8Array>; contentType: string; close(): void });

/** What `ApiServer.handle` is, seen from core. */
export type InProcessHandler = (req: InProcessRequest) => Promise<InProcessResponse>;

export interface InProcessTransportOptions {
  userAgent?: string;
}

export class InProcessTransport implements Transport {
  private readonly userAgent: string;

  constructor(
    private readonly handler: InProcessHandler,
    options: InProcessTransportOptions = {},
  ) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  async request(method: string, url: string, options: TransportRequestOptions = {}): Promise<TransportResponse> {
    const res = await this.handler(this.toRequest(method, url, options.accept, options));
    const headers: Record<string, string> = { ...lowerCase(res.headers) };
    if ('stream' in res) {
      // A stream answering a plain request (a followed log): collect it.
      let text = '';
      for await (const chunk of res.stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      headers['content-type'] = res.contentType;
      return { status: res.status, headers, body: text };
    }
    if ('text' in res) {
      headers['content-type'] = res.contentType;
      // This client speaks JSON and text; a binary body (protobuf) is passed on as UTF-8.
      return { status: res.status, headers, body: textOf(res.text) };
    }
    headers['content-type'] = res.contentType ?? 'application/json';
    // Serialize what the server answered (unless it has): the caller decodes its own copy.
    return { status: res.status, headers, body: res.json ?? JSON.stringify(res.body) };
  }

  async watch(url: string, options: { accept?: string } = {}): Promise<RawWatch> {
    const res = await this.handler(this.toRequest('GET', url, options.accept));
    if (!('stream' in res)) {
      const body = 'text' in res ? textOf(res.text) : JSON.stringify(res.body);
      if (res.status >= 200 && res.status < 300) {
        throw statusError(500, 'InternalError', `watch of ${url} did not answer with a stream`);
      }
      throw statusErrorFromResponse(res.status, body);
    }
    return closeableWatch(decodeWatchLines(res.stream), () => res.close());
  }

  async close(): Promise<void> {}

  private toRequest(method: string, url: string, accept: string | undefined, options: TransportRequestOptions = {}): InProcessRequest {
    const headers: Record<string, string | undefined> = {
      'user-agent': this.userAgent,
      accept: accept ?? 'application/json',
    };
    const req: InProcessRequest = { method, url, headers };
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      req.body = Buffer.from(options.body, 'utf8');
    }
    return req;
  }
}

/**
 * Wraps an event iterator so that close() ends iteration at once, even while the consumer
 * is waiting for the next event (the server's stream may be idle for minutes).
 *
 * A pending read is woken through its own resolver, not by racing it against a "closed"
 * promise: Promise.race would add a reaction to that long-lived promise on every event,
 * kept until the watch ends — a leak that grows with every event a busy watch delivers.
 */
export function closeableWatch(events: AsyncIterator<RawWatchEvent> & AsyncIterable<RawWatchEvent>, onClose: () => void): RawWatch {
  let closed = false;
  let wake: ((r: IteratorResult<RawWatchEvent>) => void) | undefined;
  const done: IteratorResult<RawWatchEvent> = { done: true, value: undefined };
  const close = () => {
    if (closed) return;
    closed = true;
    wake?.(done);
    wake = undefined;
    onClose();
    // Let the underlying generator run its finally blocks; its pending next() settles on its own.
    void events.return?.(undefined).catch(() => undefined);
  };
  return {
    close,
    [Symbol.asyncIterator](): AsyncIterator<RawWatchEvent> {
      return {
        next: (): Promise<IteratorResult<RawWatchEvent>> => {
          if (closed) return Promise.resolve(done);
          return new Promise<IteratorResult<RawWatchEvent>>((resolve, reject) => {
            wake = resolve;
            // Closing abandons this read; whatever it ends with later is ignored, never unhandled.
            events.next().then(
              (result) => {
                wake = undefined;
                resolve(closed ? done : result);
              },
              (err: unknown) => {
                wake = undefined;
                if (closed) resolve(done);
                else reject(err);
              },
            );
          });
        },
        return: async (): Promise<IteratorResult<RawWatchEvent>> => {
          close();
          return done;
        },
      };
    },
  };
}

function textOf(text: string | Buffer): string {
  return typeof text === 'string' ? text : text.toString('utf8');
}

function lowerCase(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}
