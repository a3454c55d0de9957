/**
 * kubectl names the file and the step in API errors about a manifest:
 * `Error from server (AlreadyExists): error when creating "x.yaml": configmaps "x" already exists`.
 */
import { StatusError } from '@kubelab/core/api/status';

export function inFile(err: unknown, step: 'creating' | 'patching' | 'retrieving current configuration of' | 'deleting', source: string): unknown {
  if (!(err instanceof StatusError)) return err;
  const copy = new StatusError({ ...err.status, message: `error when ${step} "${source}": ${err.status.message ?? ''}` });
  return copy;
}
