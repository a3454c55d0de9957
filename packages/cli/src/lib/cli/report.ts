/**
 * Every error a command ends with, as kubectl words it on stderr, and its exit code (always 1
 * but for an explicit exit): usage errors with "See 'kubelab <command> --help' for usage.",
 * API errors as "Error from server (Reason): …", everything else as "error: <message>".
 */
import { StatusError } from '@kubelab/core/api/status';
import { KubelabError } from '../errors.js';
import { apiErrorText } from '../kube/error-text.js';
import { red } from './colour.js';
import { ExitError } from './command.js';
import { UsageError } from './usage-error.js';

export function errorText(err: unknown, commandId?: string): string {
  if (err instanceof UsageError) {
    const help = commandId ? `kubelab ${commandId.replace(/:/g, ' ')} --help` : 'kubelab --help';
    return `${err.flagError ? 'Error' : 'error'}: ${err.message}\nSee '${help}' for usage.\n`;
  }
  if (err instanceof KubelabError) return `${err.prefix}${err.message}\n`;
  if (err instanceof StatusError) return `${apiErrorText(err)}\n`;
  const message = err instanceof Error ? err.message : String(err);
  const stack = process.env['DEBUG'] && err instanceof Error && err.stack ? `${err.stack}\n` : '';
  return `error: ${message}\n${stack}`;
}

/** Prints err and returns the exit code ("error:" in red on a terminal). */
export function report(err: unknown, commandId?: string): number {
  if (err instanceof ExitError) return err.code;
  process.stderr.write(errorText(err, commandId).replace(/^(error|Error)(:)/, (_, w: string, c: string) => red(w) + c));
  return err instanceof KubelabError ? err.exitCode : 1;
}
