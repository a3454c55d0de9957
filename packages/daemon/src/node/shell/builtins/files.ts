/**
 * Tools over the container's filesystem (fs.ts): cat, ls, touch, rm, mkdir, tee — so a
 * container can read its mounted ConfigMaps, Secrets and downward API files, and write
 * marker files the way probe examples do (`touch /tmp/healthy; …; rm -f /tmp/healthy`).
 */
import { type DirEntry, FsError, fsErrorMessage, resolvePath } from '../fs.js';
import { type Executable, type Proc, fail } from '../process.js';
import { tool } from './basic.js';

/** Splits "-la" style flags from operands ("--" ends flags). */
export function flags(args: string[]): { set: Set<string>; operands: string[]; values: Map<string, string> } {
  const set = new Set<string>();
  const operands: string[] = [];
  const values = new Map<string, string>();
  let done = false;
  for (const a of args) {
    if (!done && a === '--') done = true;
    else if (!done && /^-[A-Za-z0-9]+$/.test(a)) for (const c of a.slice(1)) set.add(c);
    else if (!done && a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
      else set.add(a.slice(2));
    } else operands.push(a);
  }
  return { set, operands, values };
}

const cat = tool('cat', async (proc, args) => {
  const { operands } = flags(args);
  if (operands.length === 0) {
    proc.stdout.write(proc.stdin);
    return 0;
  }
  let status = 0;
  for (const f of operands) {
    if (f === '-') {
      proc.stdout.write(proc.stdin);
      continue;
    }
    try {
      proc.stdout.write(await proc.host.fs.readFile(resolvePath(proc.cwd, f)));
    } catch (err) {
      status = 1;
      if (err instanceof FsError && err.code === 'EISDIR') proc.stderr.write(`cat: read error: Is a directory\n`);
      else proc.stderr.write(`cat: can't open '${f}': ${fsErrorMessage(err)}\n`);
    }
  }
  return status;
});

function longLine(e: DirEntry, now: number): string {
  const mode = e.kind === 'dir' ? 'drwxr-xr-x' : e.kind === 'link' ? 'lrwxrwxrwx' : '-rw-r--r--';
  const d = new Date(now);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const time = `${month} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${mode}    1 root     root     ${String(e.size).padStart(8)} ${time} ${e.name}`;
}

const ls = tool('ls', async (proc, args) => {
  const { set, operands } = flags(args);
  const targets = operands.length ? operands : ['.'];
  let status = 0;
  const out: string[] = [];
  for (const [k, t] of targets.entries()) {
    const path = resolvePath(proc.cwd, t);
    const st = await proc.host.fs.stat(path);
    if (!st) {
      proc.stderr.write(`ls: ${t}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (st.kind === 'file') {
      out.push(set.has('l') ? longLine({ name: t, kind: 'file', size: st.size }, proc.host.now()) : t);
      continue;
    }
    let entries = await proc.host.fs.readDir(path);
    if (!set.has('a') && !set.has('A')) entries = entries.filter((e) => !e.name.startsWith('.'));
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    if (targets.length > 1) out.push(`${k > 0 ? '\n' : ''}${t}:`);
    if (set.has('l')) out.push(`total ${entries.length}`);
    for (const e of entries) out.push(set.has('l') ? longLine(e, proc.host.now()) : e.name);
  }
  if (out.length) proc.stdout.write(`${out.join('\n')}\n`);
  return status;
});

const touch = tool('touch', async (proc, args) => {
  let status = 0;
  for (const f of flags(args).operands) {
    const path = resolvePath(proc.cwd, f);
    try {
      if (!(await proc.host.fs.stat(path))) await proc.host.fs.writeFile(path, '');
    } catch (err) {
      status = 1;
      proc.stderr.write(`touch: ${f}: ${fsErrorMessage(err)}\n`);
    }
  }
  return status;
});

const rm = tool('rm', async (proc, args) => {
  const { set, operands } = flags(args);
  let status = 0;
  for (const f of operands) {
    try {
      await proc.host.fs.remove(resolvePath(proc.cwd, f), set.has('r') || set.has('R'));
    } catch (err) {
      if (err instanceof FsError && err.code === 'ENOENT' && set.has('f')) continue;
      status = 1;
      proc.stderr.write(`rm: can't remove '${f}': ${fsErrorMessage(err)}\n`);
    }
  }
  return status;
});

const mkdir = tool('mkdir', async (proc, args) => {
  const { set, operands } = flags(args);
  let status = 0;
  for (const f of operands) {
    try {
      await proc.host.fs.mkdir(resolvePath(proc.cwd, f), set.has('p'));
    } catch (err) {
      status = 1;
      proc.stderr.write(`mkdir: can't create directory '${f}': ${fsErrorMessage(err)}\n`);
    }
  }
  return status;
});

const tee = tool('tee', async (proc, args) => {
  const { set, operands } = flags(args);
  proc.stdout.write(proc.stdin);
  for (const f of operands) {
    try {
      await proc.host.fs.writeFile(resolvePath(proc.cwd, f), proc.stdin, set.has('a'));
    } catch (err) {
      return fail(proc, `${f}: ${fsErrorMessage(err)}`);
    }
  }
  return 0;
});

export const FILE_TOOLS: Executable[] = [cat, ls, touch, rm, mkdir, tee];

/** The text a tool reads: its file operands, or standard input. */
export async function inputOf(proc: Proc, files: string[]): Promise<string | number> {
  if (files.length === 0) return proc.stdin;
  let text = '';
  for (const f of files) {
    try {
      text += await proc.host.fs.readFile(resolvePath(proc.cwd, f));
    } catch (err) {
      return fail(proc, `${f}: ${fsErrorMessage(err)}`);
    }
  }
  return text;
}
