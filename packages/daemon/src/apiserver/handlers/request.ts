/**
 * What every resource handler needs from a request: its parsed parts, the per-request
 * context for the REST operations, and the decoded body.
 */
import {
  type FieldSelector,
  type KubeObject,
  type Selector,
  FieldSelectorParseError,
  SelectorParseError,
  apiVersionOfResource,
  badRequest,
  parseFieldSelector,
  parseSelector,
  statusError,
} from '@kubelab/core';
import { ProtobufDecodeError, decodeKubernetesProtobuf, isKubernetesProtobuf } from '@kubelab/core/protobuf/index';
import type { ApiRequest } from '../api-request.js';
import type { ResourceRequestInfo } from '../request-info.js';
import type { ReadOptions } from '../rest/read.js';
import type { RequestContext, Resource } from '../rest/resource.js';

export interface HandlerInput {
  req: ApiRequest;
  query: URLSearchParams;
  info: ResourceRequestInfo;
  res: Resource;
  ctx: RequestContext;
}

/** kubectl's default field manager is the user agent's program name ("kubectl"). */
export function fieldManagerOf(req: ApiRequest, query: URLSearchParams): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const ua = req.headers['user-agent'] ?? 'unknown';
  return ua.split('/')[0] || 'unknown';
}

export function isDryRun(query: URLSearchParams): boolean {
  if (!query.has('dryRun')) return false;
  const values = query.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

export function readOptions(query: URLSearchParams): ReadOptions {
  let labelSelector: Selector | undefined;
  let fieldSelector: FieldSelector | undefined;
  try {
    const ls = query.get('labelSelector');
    if (ls) labelSelector = parseSelector(ls);
  } catch (err) {
    if (err instanceof SelectorParseError) throw badRequest(err.message);
    throw err;
  }
  try {
    const fs = query.get('fieldSelector');
    if (fs) fieldSelector = parseFieldSelector(fs);
  } catch (err) {
    if (err instanceof FieldSelectorParseError) throw badRequest(err.message);
    throw err;
  }
  const limit = query.get('limit');
  const opts: ReadOptions = {};
  if (labelSelector) opts.labelSelector = labelSelector;
  if (fieldSelector) opts.fieldSelector = fieldSelector;
  const rv = query.get('resourceVersion');
  if (rv !== null) opts.resourceVersion = rv;
  const match = query.get('resourceVersionMatch');
  if (match) opts.resourceVersionMatch = match;
  if (limit) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 0) throw badRequest(`limit: Invalid value: "${limit}"`);
    opts.limit = n;
  }
  const cont = query.get('continue');
  if (cont) opts.continueToken = cont;
  return opts;
}

/** Request bodies above 3 MiB are refused, as kube-apiserver's MaxRequestBodyBytes. */
export const MAX_REQUEST_BODY = 3 * 1024 * 1024;

/**
 * Decodes a JSON request body into an object of the endpoint's kind: the apiVersion and kind
 * default to the endpoint's, and a different kind is refused.
 */
export function decodeObject(input: HandlerInput, expected?: { apiVersion: string; kind: string }): KubeObject {
  const { req, res } = input;
  const want = expected ?? { apiVersion: apiVersionOfResource(res.rt), kind: res.rt.kind };
  const obj = parseBody(req);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw badRequest(`the object provided is unrecognized (must be of type ${want.kind})`);
  }
  const o = obj as KubeObject;
  if (o.kind !== undefined && o.kind !== want.kind) {
    throw badRequest(`the object provided is unrecognized (must be of type ${want.kind}): ${o.kind}`);
  }
  if (o.apiVersion !== undefined && o.apiVersion !== want.apiVersion) {
    throw badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${want.apiVersion})`);
  }
  o.apiVersion = want.apiVersion;
  o.kind = want.kind;
  if (o.metadata !== undefined && (o.metadata === null || typeof o.metadata !== 'object')) {
    throw badRequest(`${want.kind} in version "${want.apiVersion}" cannot be handled as a ${want.kind}: metadata must be an object`);
  }
  o.metadata ??= {};
  return o;
}

export function parseBody(req: ApiRequest): unknown {
  const ct = req.headers['content-type'] ?? '';
  // kubectl's typed clients (create, run, drain, create token) send protobuf and never retry as JSON.
  if (isKubernetesProtobuf(ct)) return decodeProtobufBody(req.body);
  const text = bodyText(req);
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw statusError(400, 'BadRequest', `couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function decodeProtobufBody(body: Buffer | undefined): unknown {
  if (!body?.length) throw badRequest('the request body is empty');
  try {
    return decodeKubernetesProtobuf(body);
  } catch (err) {
    if (!(err instanceof ProtobufDecodeError)) throw err;
    if (err.reason === 'unsupported') throw statusError(415, 'UnsupportedMediaType', err.message);
    throw badRequest(err.message);
  }
}

/** The `Warning` header values (RFC 7234 299 warnings, as kube-apiserver sends them). */
export function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** The body as JSON text, for duplicate-field detection; undefined for other encodings. */
export function jsonBodyText(req: ApiRequest): string | undefined {
  const ct = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
  return (ct === 'application/json' || ct === '') && req.body ? bodyText(req) : undefined;
}

/**
 * The body decoded as UTF-8, once per request: decoding and field validation read it one
 * right after the other, so remembering the last body decoded is enough.
 */
let lastBody: Buffer | undefined;
let lastText = '';

function bodyText(req: ApiRequest): string {
  const body = req.body;
  if (!body) return '';
  if (body !== lastBody) {
    lastText = body.toString('utf8');
    lastBody = body;
  }
  return lastText;
}
