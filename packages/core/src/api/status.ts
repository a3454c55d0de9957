/**
 * API errors as the Kubernetes API server returns them: a `Status` object whose reason,
 * code and message match upstream's (k8s.io/apimachinery/pkg/api/errors), because kubectl
 * prints them verbatim ("Error from server (NotFound): pods "x" not found") and scripts
 * grep for them.
 */
import type { ResourceType } from './registry.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error carrying the Status the API server answers with. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'unknown error');
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
}

export function statusError(
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

/** "pods" or "deployments.apps": how upstream names a resource in messages. */
export function qualifiedResource(rt: Pick<ResourceType, 'plural' | 'group'>): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** "Pod" or "Deployment.apps": how upstream names a kind in validation messages. */
export function qualifiedKind(rt: Pick<ResourceType, 'kind' | 'group'>): string {
  return rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
}

type Named = Pick<ResourceType, 'plural' | 'group'>;

export function notFound(rt: Named, name: string): StatusError {
  return statusError(404, 'NotFound', `${qualifiedResource(rt)} "${name}" not found`, {
    name,
    group: rt.group || undefined,
    kind: rt.plural,
  });
}

export function alreadyExists(rt: Named, name: string): StatusError {
  return statusError(409, 'AlreadyExists', `${qualifiedResource(rt)} "${name}" already exists`, {
    name,
    group: rt.group || undefined,
    kind: rt.plural,
  });
}

/** The optimistic-concurrency failure (a stale resourceVersion or a failed precondition). */
export function conflict(rt: Named, name: string, why: string): StatusError {
  return statusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": ${why}`, {
    name,
    group: rt.group || undefined,
    kind: rt.plural,
  });
}

export const STALE_OBJECT_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export function forbidden(rt: Named, name: string, why: string): StatusError {
  const what = name ? `${qualifiedResource(rt)} "${name}"` : qualifiedResource(rt);
  return statusError(403, 'Forbidden', `${what} is forbidden: ${why}`, {
    name: name || undefined,
    group: rt.group || undefined,
    kind: rt.plural,
  });
}

export function badRequest(message: string): StatusError {
  return statusError(400, 'BadRequest', message);
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): StatusError {
  return statusError(405, 'MethodNotAllowed', message);
}

export function gone(message: string): StatusError {
  return statusError(410, 'Expired', message);
}

export function internalError(err: unknown): StatusError {
  const message = err instanceof Error ? err.message : String(err);
  return statusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** One field-level validation failure, as field.Error renders it. */
export interface FieldError {
  /** "spec.replicas", "metadata.name", "spec.containers[0].image". */
  field: string;
  type: FieldErrorType;
  /** The bad value, for Invalid/Unsupported/Duplicate/NotSupported. */
  value?: unknown;
  detail?: string;
}

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany';

/** field.Error's text: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorText(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueNotFound':
      return `${e.field}: Not found: ${renderValue(e.value)}`;
    case 'FieldValueRequired':
      return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueForbidden':
      return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `${e.field}: Too long${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooMany':
      return `${e.field}: Too many${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueDuplicate':
      return `${e.field}: Duplicate value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotSupported':
      return `${e.field}: Unsupported value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueInvalid':
      return `${e.field}: Invalid value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** How field.Error prints a value: strings quoted, numbers and booleans bare, objects as JSON. */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * The 422 for failed validation: `Deployment.apps "web" is invalid: spec.replicas: Invalid
 * value: -1: must be greater than or equal to 0` (several errors: `[a, b]`).
 */
export function invalid(rt: Pick<ResourceType, 'kind' | 'group'>, name: string, errors: FieldError[]): StatusError {
  const texts = errors.map(fieldErrorText);
  const list = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
  return statusError(422, 'Invalid', `${qualifiedKind(rt)} "${name}" is invalid: ${list}`, {
    name,
    group: rt.group || undefined,
    kind: rt.kind,
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorText(e).slice(e.field.length + 2), field: e.field })),
  });
}
