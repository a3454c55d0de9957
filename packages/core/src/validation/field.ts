/**
 * Builders for field errors with the wording of k8s.io/apimachinery/pkg/util/validation/field
 * and the small shared checks of pkg/api/validation (non-negative fields, immutable fields),
 * so every validator says "must be greater than or equal to 0" and "field is immutable" the
 * same way kube-apiserver does.
 */
import { type FieldError, type FieldErrorType, fieldErrorText } from '../api/status.js';
import { isObj } from './shape.js';

export type Errs = FieldError[];

export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE = 'field is immutable';

export function required(field: string, detail = ''): FieldError {
  return { field, type: 'FieldValueRequired', detail };
}

export function invalid(field: string, value: unknown, detail = ''): FieldError {
  return { field, type: 'FieldValueInvalid', value, detail };
}

export function forbidden(field: string, detail: string): FieldError {
  return { field, type: 'FieldValueForbidden', detail };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { field, type: 'FieldValueDuplicate', value };
}

/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return { field, type: 'FieldValueNotSupported', value, detail };
}

/** field.TooLong with a byte limit: `Too long: may not be more than 1048576 bytes`. */
export function tooLong(field: string, max: number): FieldError {
  return { field, type: 'FieldValueTooLong', detail: `may not be more than ${max} bytes` };
}

/** field.TooMany: `Too many: 21: must have at most 20 items` (the count is shown where the renderer can). */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { field, type: 'FieldValueTooMany', value: actual, detail: `must have at most ${max} items` };
}

/** field.NotFound: `spec.containers[0].volumeMounts[0].name: Not found: "data"`. */
export function notFound(field: string, value: unknown): FieldError {
  return { field, type: 'FieldValueNotFound', value };
}

/** ValidateNonnegativeField: only numbers below zero fail (absent fields are not checked). */
export function nonNegative(value: unknown, field: string): Errs {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, IS_NEGATIVE)] : [];
}

/** ValidateImmutableField: a change in value (compared semantically) is refused. */
export function immutable(newVal: unknown, oldVal: unknown, field: string): Errs {
  return semanticEqual(newVal, oldVal) ? [] : [invalid(field, newVal === undefined ? null : newVal, FIELD_IMMUTABLE)];
}

/** Errors of a name rule (names.ts style: a list of messages) at a path. */
export function nameErrs(messages: string[], field: string, value: string): Errs {
  return messages.map((m) => invalid(field, value, m));
}

/**
 * apiequality.Semantic.DeepEqual over JSON: nil and empty lists or maps are equal, and an
 * absent field equals its zero value ("", 0, false), because after decoding Go cannot tell
 * them apart for non-pointer fields.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isObj(a) || isObj(b)) {
    if (!(isObj(a) || isZero(a)) || !(isObj(b) || isZero(b))) return false;
    const x = isObj(a) ? a : {};
    const y = isObj(b) ? b : {};
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) if (!semanticEqual(x[k], y[k])) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) || isZero(a)) || !(Array.isArray(b) || isZero(b))) return false;
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return x.length === y.length && x.every((v, i) => semanticEqual(v, y[i]));
  }
  return (isZero(a) && isZero(b)) || a === b;
}

function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0 || v === false;
}
