/**
 * Errors meant for the user. The entry point prints them as `error: <message>` (kubectl's
 * form, no stack) and exits with their code.
 */
export class KubelabError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** What stands before the message: kubectl's "error: ", or its other forms ("Error in configuration: "). */
    readonly prefix = 'error: ',
  ) {
    super(message);
    this.name = 'KubelabError';
  }
}

export const NOT_RUNNING = 'kubelab is not running (start it with: kubelab up)';

export function notRunning(): KubelabError {
  return new KubelabError(NOT_RUNNING);
}
