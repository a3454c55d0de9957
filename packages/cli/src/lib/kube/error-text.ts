/**
 * An API error as kubectl prints it (k8s.io/kubectl/pkg/cmd/util/helpers.go, CheckErr and
 * StandardErrorMessage): "Error from server (NotFound): pods "x" not found"; a 422 lists its
 * causes as "The Deployment "web" is invalid: spec.replicas: …".
 */
import { StatusError } from '@kubelab/core/api/status';

/** The text (without the trailing newline) kubectl writes to stderr for err. */
export function apiErrorText(err: StatusError, context?: string): string {
  const s = err.status;
  const ctx = context ? `${context}: ` : '';
  if (s.reason === 'Invalid' && s.details?.causes?.length && s.details.kind && s.details.name !== undefined) {
    const causes = s.details.causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')));
    const head = `The ${s.details.kind} "${s.details.name}" is invalid: `;
    return causes.length === 1 ? `${ctx}${head}${causes[0]}` : `${ctx}${head}\n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  const message = s.message ?? '';
  return s.reason ? `Error from server (${s.reason}): ${ctx}${message}` : `Error from server: ${ctx}${message}`;
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}
