/**
 * Errors of the `kubelab etcd` commands, printed as etcdctl prints its own — `Error: <message>`
 * on stderr — with etcdctl's exit codes (etcdctl/ctlv3/command/error.go), so that scripts
 * written for etcdctl read kubelab's the same way.
 */
export const ExitCode = {
  /** A failed request: the store's error, an unreachable daemon. */
  error: 1,
  /** A valid flag with a value this command does not support (`-w table` on get). */
  badFeature: 4,
  /** A watch that ended: cancelled by the server, or its connection lost. */
  interrupted: 5,
  /** Wrong number or combination of arguments. */
  badArgs: 128,
} as const;

export class EtcdctlError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.error,
  ) {
    super(message);
    this.name = 'EtcdctlError';
  }
}

export function badArgs(message: string): EtcdctlError {
  return new EtcdctlError(message, ExitCode.badArgs);
}

/** A failed file operation in Go's words ("open s.db.part: no such file or directory"). */
export function goFileError(op: string, path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return `${op} ${path}: ${(code && ERRNO_TEXT[code]) ?? (err as Error).message}`;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
};
