/**
 * The API client's transport: how a request reaches an API server. Two implementations
 * share this interface (house rule 1): `InProcessTransport` calls the daemon's ApiServer
 * directly, `HttpTransport` speaks HTTPS to a `--server URL`. Both carry bodies as JSON text,
 * so a caller never shares an object with the server — the copy semantics are the same
 * whichever transport a controller is given (client-go's rest.Interface plays this role).
 */
import { type Status, StatusError, type StatusReason, statusError } from '../api/status.js';

export interface TransportRequestOptions {
  /** JSON (or patch) text. */
  body?: string;
  contentType?: string;
  accept?: string;
}

export interface TransportResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** One line of a watch stream, decoded: `{"type":"ADDED","object":{…}}`. */
export interface RawWatchEvent {
  type: string;
  object: unknown;
}

/**
 * An open watch. Iterate it for events; it ends when the server ends the watch (timeout),
 * throws when the connection breaks, and stops at once when `close()` is called.
 */
export interface RawWatch extends AsyncIterable<RawWatchEvent> {
  close(): void;
}

export interface Transport {
  /** Sends one request; resolves with any HTTP status (the client decides what is an error). */
  request(method: string, url: string, options?: TransportRequestOptions): Promise<TransportResponse>;
  /**
   * Opens a watch (a GET with `watch=true` in the url). Rejects with a StatusError when the
   * server answers with anything but 200 — a 410 here means "too old, relist".
   */
  watch(url: string, options?: { accept?: string }): Promise<RawWatch>;
  /** Releases connections (HTTP keep-alive sockets); the in-process transport has none. */
  close(): Promise<void>;
}

/** The user agent controllers send; kube-apiserver derives the field manager from it. */
export const DEFAULT_USER_AGENT = 'kubelab/v0.1.0';

/**
 * The StatusError for a non-2xx answer: the server's own Status when the body is one, else
 * a Status synthesized from the HTTP code, as client-go's errors.FromObject /
 * newUnexpectedResponseError do.
 */
export function statusErrorFromResponse(status: number, body: string): StatusError {
  try {
    const parsed = JSON.parse(body) as Partial<Status> | null;
    if (parsed && parsed.kind === 'Status' && typeof parsed.code === 'number') {
      return new StatusError({ ...(parsed as Status), metadata: {} });
    }
  } catch {
    // Not JSON: fall through to a synthesized Status.
  }
  const text = body.trim();
  const message = text ? `the server responded with the status code ${status} but did not return more information (${text.slice(0, 200)})` : `the server responded with the status code ${status} but did not return more information`;
  return statusError(status, reasonForCode(status), message);
}

/** The reason client-go assigns to a bare HTTP code (k8s.io/apimachinery/pkg/api/errors). */
export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 406:
      return 'NotAcceptable';
    case 409:
      return 'Conflict';
    case 410:
      return 'Expired';
    case 413:
      return 'RequestEntityTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return 'InternalError';
  }
}

/**
 * Splits a stream of text chunks into watch events, one JSON document per line. Shared by
 * both transports so they decode identically.
 */
export async function* decodeWatchLines(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<RawWatchEvent> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield parseWatchLine(line);
      nl = pending.indexOf('\n');
    }
  }
  const rest = pending.trim();
  if (rest) yield parseWatchLine(rest);
}

function parseWatchLine(line: string): RawWatchEvent {
  const ev = JSON.parse(line) as { type?: unknown; object?: unknown };
  if (typeof ev.type !== 'string') throw new Error(`malformed watch event: ${line.slice(0, 200)}`);
  return { type: ev.type, object: ev.object };
}
