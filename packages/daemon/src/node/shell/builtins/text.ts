/**
 * Text filters for pipelines: grep, head, tail, wc, sort. Enough for `env | grep FOO`,
 * `cat /etc/config/app.properties | head -n 3`, `wc -l`.
 */
import type { Executable } from '../process.js';
import { tool } from './basic.js';
import { flags, inputOf } from './files.js';

function lines(text: string): string[] {
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** -n N, -N, or the default. */
function count(args: string[], fallback: number): { n: number; rest: string[] } {
  const rest: string[] = [];
  let n = fallback;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else rest.push(a);
  }
  return { n, rest };
}

const grep = tool('grep', async (proc, args) => {
  const { set, operands } = flags(args);
  const [pattern, ...files] = operands;
  if (pattern === undefined) {
    proc.stderr.write('Usage: grep [-ivcqFE] PATTERN [FILE]...\n');
    return 2;
  }
  const input = await inputOf(proc, files);
  if (typeof input === 'number') return 2;
  let re: RegExp;
  try {
    const source = set.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : set.has('E') ? pattern : pattern.replace(/\\([|()+?{}])/g, '$1');
    re = new RegExp(source, set.has('i') ? 'i' : '');
  } catch {
    proc.stderr.write(`grep: bad regex '${pattern}'\n`);
    return 2;
  }
  const matched = lines(input).filter((l) => re.test(l) !== set.has('v'));
  if (set.has('q')) return matched.length ? 0 : 1;
  if (set.has('c')) proc.stdout.write(`${matched.length}\n`);
  else if (matched.length) proc.stdout.write(`${matched.join('\n')}\n`);
  return matched.length ? 0 : 1;
});

const head = tool('head', async (proc, args) => {
  const { n, rest } = count(args, 10);
  const input = await inputOf(proc, rest);
  if (typeof input === 'number') return input;
  const out = lines(input).slice(0, n);
  if (out.length) proc.stdout.write(`${out.join('\n')}\n`);
  return 0;
});

const tail = tool('tail', async (proc, args) => {
  const { n, rest } = count(args.filter((a) => a !== '-f' && a !== '-F'), 10);
  const input = await inputOf(proc, rest);
  if (typeof input === 'number') return input;
  const out = n === 0 ? [] : lines(input).slice(-n);
  if (out.length) proc.stdout.write(`${out.join('\n')}\n`);
  // tail -f never ends on its own.
  if (args.includes('-f') || args.includes('-F')) await proc.host.sleep(Number.POSITIVE_INFINITY);
  return 0;
});

const wc = tool('wc', async (proc, args) => {
  const { set, operands } = flags(args);
  const input = await inputOf(proc, operands);
  if (typeof input === 'number') return input;
  const l = (input.match(/\n/g) ?? []).length;
  const w = input.split(/\s+/).filter(Boolean).length;
  const c = Buffer.byteLength(input);
  const picked = [set.has('l') ? l : undefined, set.has('w') ? w : undefined, set.has('c') ? c : undefined].filter((x) => x !== undefined);
  const shown = picked.length ? picked : [l, w, c];
  proc.stdout.write(`${shown.map((x) => String(x).padStart(picked.length === 1 ? 0 : 7)).join(' ')}${operands[0] ? ` ${operands[0]}` : ''}\n`);
  return 0;
});

const sort = tool('sort', async (proc, args) => {
  const { set, operands } = flags(args);
  const input = await inputOf(proc, operands);
  if (typeof input === 'number') return input;
  let out = lines(input).sort((a, b) => (set.has('n') ? Number.parseFloat(a) - Number.parseFloat(b) : a < b ? -1 : a > b ? 1 : 0));
  if (set.has('r')) out = out.reverse();
  if (set.has('u')) out = [...new Set(out)];
  if (out.length) proc.stdout.write(`${out.join('\n')}\n`);
  return 0;
});

export const TEXT_TOOLS: Executable[] = [grep, head, tail, wc, sort];
