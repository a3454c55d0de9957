/**
 * Strategic merge patch failures, worded as k8s.io/apimachinery/pkg/util/mergepatch words
 * them, and the HTTP status the patch handler gives each (interpretStrategicMergePatchError):
 * malformed directives are 400, lists of lists and retainKeys mismatches are the generic
 * 422, and everything else (a missing merge key, an unknown $patch value) is passed through
 * unconverted, which the API server answers as a 500 with no reason.
 */
import { badRequest, type StatusError } from '../../api/status.js';
import { genericUnprocessable, unknownServerError } from '../status-errors.js';
import { goFormat } from '../json-value.js';

export type SmpErrorClass = 'BadRequest' | 'Unprocessable' | 'Other';

export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly errorClass: SmpErrorClass = 'Other',
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

export const errBadJSONDoc = () => new StrategicMergePatchError('invalid JSON document', 'BadRequest');
export const errNoListOfLists = () => new StrategicMergePatchError('lists of lists are not supported', 'Unprocessable');
export const errBadPatchFormatForPrimitiveList = () =>
  new StrategicMergePatchError('invalid patch format of primitive list', 'BadRequest');
export const errBadPatchFormatForRetainKeys = () =>
  new StrategicMergePatchError('invalid patch format of retainKeys', 'BadRequest');
export const errBadPatchFormatForSetElementOrderList = () =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 'BadRequest');
export const errPatchContentNotMatchRetainKeys = () =>
  new StrategicMergePatchError("patch content doesn't match retainKeys list", 'Unprocessable');

export function errNoMergeKey(m: unknown, key: string): StrategicMergePatchError {
  return new StrategicMergePatchError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

export function errBadPatchType(t: unknown, m: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(`unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`);
}

/** mergepatch.ErrBadArgType: Go names the static types involved. */
export function errBadArgType(expected: 'map' | 'slice', actual: unknown): StrategicMergePatchError {
  const goType = (v: unknown): string => {
    if (v === null || v === undefined) return '%!s(<nil>)';
    if (Array.isArray(v)) return '[]interface {}';
    switch (typeof v) {
      case 'string':
        return 'string';
      case 'number':
        return Number.isInteger(v) ? 'int64' : 'float64';
      case 'boolean':
        return 'bool';
      default:
        return 'map[string]interface {}';
    }
  };
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return new StrategicMergePatchError(`expected a ${want}, but received a ${goType(actual)}`);
}

/** The Status the API server answers a failed strategic merge patch with. */
export function toStatusError(err: StrategicMergePatchError): StatusError {
  switch (err.errorClass) {
    case 'BadRequest':
      return badRequest(err.message);
    case 'Unprocessable':
      return genericUnprocessable(err);
    default:
      return unknownServerError(err.message);
  }
}
