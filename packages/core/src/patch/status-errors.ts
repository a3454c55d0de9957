/**
 * The two error shapes the patch handlers return that status.ts has no helper for.
 *
 * - Errors the handler does not convert (a plain Go error) become a 500 with no reason and
 *   the error text as the message (apiserver responsewriters.ErrorToAPIStatus); kubectl then
 *   prints `Error from server: <message>`.
 * - A JSON patch that fails to apply, and a few strategic-merge failures, are wrapped in
 *   errors.NewGenericServerResponse(422, ...), which keeps only a fixed message and drops the
 *   library's text: kubectl prints `The request is invalid: the server rejected our request
 *   due to an error in our request`. We keep the library's text as the Error `cause` so logs
 *   and tests can still see it.
 */
import { StatusError, type Status } from '../api/status.js';

export function unknownServerError(message: string): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 };
  return new StatusError(status);
}

export const GENERIC_INVALID_MESSAGE = 'the server rejected our request due to an error in our request';

export function genericUnprocessable(cause: unknown): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: GENERIC_INVALID_MESSAGE,
    reason: 'Invalid',
    details: {},
    code: 422,
  };
  const err = new StatusError(status);
  (err as Error).cause = cause;
  return err;
}
