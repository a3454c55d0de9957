/**
 * fieldValidation (Strict, Warn — the default — or Ignore): what happens to fields the
 * kind's schema does not know. Strict refuses the request with the decoder's message, Warn
 * answers with one `Warning` header per field, Ignore says nothing; in every case unknown
 * fields are not stored, as decoding into the typed object drops them upstream.
 */
import {
  type KubeObject,
  type ResourceType,
  type StrictFieldError,
  apiVersionOfResource,
  badRequest,
  pruneUnknownFields,
  schemaForKind,
  strictDecodingMessage,
  strictFieldErrors,
  strictFieldMessage,
  unknownFields,
} from '@kubelab/core';
import type { RequestContext } from './rest/resource.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

/**
 * Checks obj (decoded from bodyText when given, so duplicate keys are seen too) against the
 * kind's schema, reports per the directive, and prunes what is unknown.
 */
export function checkFields(
  rt: ResourceType,
  ctx: RequestContext,
  directive: FieldValidation,
  obj: KubeObject,
  bodyText?: string,
  extra: StrictFieldError[] = [],
): void {
  const apiVersion = apiVersionOfResource(rt);
  const schema = schemaForKind(apiVersion, rt.kind);
  if (!schema) return;
  if (directive !== 'Ignore') {
    let errors: StrictFieldError[];
    try {
      errors = bodyText !== undefined ? strictFieldErrors(bodyText, schema) : unknownFields(obj, schema);
    } catch {
      errors = unknownFields(obj, schema);
    }
    errors = [...extra, ...errors];
    if (errors.length > 0) {
      if (directive === 'Strict') {
        throw badRequest(`${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${strictDecodingMessage(errors)}`);
      }
      ctx.warnings.push(...errors.map(strictFieldMessage));
    }
  }
  pruneUnknownFields(obj, schema);
}
