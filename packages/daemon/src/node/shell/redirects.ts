/**
 * Redirections, applied around one command as sh applies them, left to right:
 *
 *   > file  >> file  < file  2>&1  >&2  &> file  2>/dev/null
 *
 * Output to a file is collected and written when the command is done (a file is created,
 * or truncated, before it runs). /dev/null, /dev/stdout and /dev/stderr are what they are.
 */
import { type FileSystem, FsError, resolvePath } from './fs.js';
import type { Redirect } from './parser.js';
import { CaptureSink, DISCARD, type Sink } from './process.js';

export interface IO {
  stdin: string;
  stdout: Sink;
  stderr: Sink;
}

export interface RedirectContext {
  /** Expands a target word (no field splitting). */
  expand(word: string): Promise<string>;
  fs: FileSystem;
  cwd: string;
  shellName: string;
}

export async function applyRedirects(redirects: Redirect[], io: IO, fn: (io: IO) => Promise<number>, at: RedirectContext): Promise<number> {
  if (redirects.length === 0) return fn(io);
  const fds = new Map<number, Sink>([
    [1, io.stdout],
    [2, io.stderr],
  ]);
  let stdin = io.stdin;
  const files: Array<{ path: string; sink: CaptureSink; append: boolean }> = [];
  for (const r of redirects) {
    const target = await at.expand(r.target);
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') fds.set(r.fd, DISCARD);
      else fds.set(r.fd, fds.get(Number(target)) ?? io.stdout);
      continue;
    }
    if (r.op === '<') {
      try {
        stdin = await at.fs.readFile(resolvePath(at.cwd, target));
      } catch (err) {
        io.stderr.write(`${at.shellName}: can't open ${target}: ${err instanceof FsError ? err.message : String(err)}\n`);
        return 1;
      }
      continue;
    }
    if (target === '/dev/null') {
      fds.set(r.fd, DISCARD);
      continue;
    }
    if (target === '/dev/stdout' || target === '/proc/1/fd/1') {
      fds.set(r.fd, io.stdout);
      continue;
    }
    if (target === '/dev/stderr' || target === '/proc/1/fd/2') {
      fds.set(r.fd, io.stderr);
      continue;
    }
    const sink = new CaptureSink();
    files.push({ path: resolvePath(at.cwd, target), sink, append: r.op === '>>' });
    fds.set(r.fd, sink);
  }
  for (const f of files) {
    try {
      await at.fs.writeFile(f.path, '', f.append);
    } catch (err) {
      io.stderr.write(`${at.shellName}: can't create ${f.path}: ${err instanceof FsError ? err.message : String(err)}\n`);
      return 1;
    }
  }
  try {
    return await fn({ stdin, stdout: fds.get(1)!, stderr: fds.get(2)! });
  } finally {
    for (const f of files) if (f.sink.text) await at.fs.writeFile(f.path, f.sink.text, true);
  }
}
