/**
 * The filesystem a simulated container sees, as the shell's tools use it. The runtime
 * composes it from the image's files, the volumes the kubelet mounted (ConfigMaps, Secrets,
 * downward API, emptyDir, projected service account tokens) and a writable layer; reads of
 * mounted volumes are asynchronous because their content comes from the API.
 *
 * Errors carry errno-style codes so each tool words them as busybox does
 * ("can't open 'x': No such file or directory").
 */
export type FsErrorCode = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EROFS' | 'EEXIST' | 'ENOTEMPTY';

const MESSAGES: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
};

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string,
  ) {
    super(MESSAGES[code]);
    this.name = 'FsError';
  }
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'link';
  size: number;
}

export interface FileSystem {
  /** 'file', 'dir', or undefined when nothing is there. */
  stat(path: string): Promise<{ kind: 'file' | 'dir'; size: number } | undefined>;
  readFile(path: string): Promise<string>;
  readDir(path: string): Promise<DirEntry[]>;
  writeFile(path: string, content: string, append?: boolean): Promise<void>;
  mkdir(path: string, parents?: boolean): Promise<void>;
  remove(path: string, recursive?: boolean): Promise<void>;
}

/** "/a/b/../c" → "/a/c", relative paths taken from cwd. */
export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

export function fsErrorMessage(err: unknown): string {
  return err instanceof FsError ? err.message : String((err as Error)?.message ?? err);
}
