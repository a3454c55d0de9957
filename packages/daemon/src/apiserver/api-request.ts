/**
 * The API server's request and response, independent of HTTP: the HTTP server adapts Node's
 * requests to these, and the in-process transport (controllers, scheduler, kubelets inside
 * the daemon) builds them directly — one code path, the same bytes both ways.
 */
export interface ApiRequest {
  method: string;
  /** Path and query, e.g. "/api/v1/namespaces/default/pods?limit=500". */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
}

export interface ApiResponseBase {
  status: number;
  headers?: Record<string, string>;
}

/** A JSON body. */
export interface JsonResponse extends ApiResponseBase {
  body: unknown;
  contentType?: string;
  /**
   * The body already serialized — exactly JSON.stringify(body) — when the handler has it
   * anyway (a create's object is serialized once for the store and the response).
   */
  json?: string;
}

/** A text (or binary) body: healthz, metrics, logs, OpenAPI documents. */
export interface TextResponse extends ApiResponseBase {
  text: string | Buffer;
  contentType: string;
}

/** A stream of chunks (watch events, one JSON document per line; followed logs). */
export interface StreamResponse extends ApiResponseBase {
  stream: AsyncIterable<string | Uint8Array>;
  contentType: string;
  /** Ends the stream early (the client went away). */
  close(): void;
}

/**
 * A request upgraded to a WebSocket (pods/exec from kubectl): the HTTP server completes the
 * handshake on the first of `upgrade.protocols` the client offered, then hands the socket
 * over. A JSON response in shape (status 101, a Status body), so in-process transports,
 * which never ask for upgrades, need not know the variant.
 */
export interface UpgradeResponse extends JsonResponse {
  status: 101;
  upgrade: {
    /** Sub-protocols this endpoint speaks, most preferred first. */
    protocols: readonly string[];
    accept(socket: MessageSocket, protocol: string): void;
  };
}

/** A WebSocket as an upgraded endpoint sees it: binary messages in and out. */
export interface MessageSocket {
  send(data: Buffer): void;
  /** Ends the session with a normal closure. */
  close(): void;
  onMessage(cb: (data: Buffer) => void): void;
  onClose(cb: () => void): void;
}

export type ApiResponse = JsonResponse | TextResponse | StreamResponse;

export function isUpgrade(r: ApiResponse): r is UpgradeResponse {
  return 'upgrade' in r;
}

export function isStream(r: ApiResponse): r is StreamResponse {
  return 'stream' in r;
}

export function isText(r: ApiResponse): r is TextResponse {
  return 'text' in r;
}
