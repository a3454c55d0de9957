/**
 * The everyday tools of a busybox or coreutils image: echo, printf, true, false, sleep, env,
 * printenv, hostname, date, test/[, id, whoami, uname, nproc, seq, kill. Each is a small
 * function over its process (process.ts); wording and exit codes follow busybox 1.36.
 */
import { type Executable, type Proc, fail } from '../process.js';
import { testExpression } from './test-expression.js';

type Tool = (proc: Proc, args: string[]) => number | Promise<number>;

export function tool(name: string, fn: Tool): Executable {
  return { name, run: async (proc, args) => fn(proc, args) };
}

/** \n, \t, \\, \c (stop) — echo -e and printf escapes. */
export function unescape(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[++i]!;
    if (n === 'c') return { text, stop: true };
    text += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', e: '\x1b', '0': '' } as Record<string, string>)[n] ?? `\\${n}`;
  }
  return { text, stop: false };
}

const echo = tool('echo', (proc, args) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    if (args[i]!.includes('n')) newline = false;
    if (args[i]!.includes('e')) escapes = true;
    if (args[i]!.includes('E')) escapes = false;
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const u = unescape(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  proc.stdout.write(newline ? `${text}\n` : text);
  return 0;
});

const printf = tool('printf', (proc, args) => {
  const [format, ...rest] = args;
  if (format === undefined) return fail(proc, 'usage: printf FORMAT [ARGUMENT...]');
  let out = '';
  let k = 0;
  do {
    out += format.replace(/%(-?\d*)(?:\.(\d+))?([sdifxXc%])|\\(.)/g, (_m, width: string, prec: string, conv: string, esc: string) => {
      if (esc !== undefined) return unescape(`\\${esc}`).text;
      if (conv === '%') return '%';
      const arg = rest[k++] ?? '';
      let v: string;
      switch (conv) {
        case 'd':
        case 'i':
          v = String(Math.trunc(Number(arg) || 0));
          break;
        case 'f':
          v = (Number(arg) || 0).toFixed(prec === undefined ? 6 : Number(prec));
          break;
        case 'x':
          v = (Math.trunc(Number(arg) || 0) >>> 0).toString(16);
          break;
        case 'X':
          v = (Math.trunc(Number(arg) || 0) >>> 0).toString(16).toUpperCase();
          break;
        case 'c':
          v = arg.charAt(0);
          break;
        default:
          v = prec === undefined ? arg : arg.slice(0, Number(prec));
      }
      const w = Number.parseInt(width || '0', 10);
      return w < 0 || width.startsWith('-') ? v.padEnd(Math.abs(w)) : v.padStart(w);
    });
  } while (k > 0 && k < rest.length);
  proc.stdout.write(out);
  return 0;
});

/** "5", "0.5", "2s", "1m", "1h", "1d", "infinity" → ms; undefined when invalid. */
export function parseSleep(arg: string): number | undefined {
  if (arg === 'inf' || arg === 'infinity') return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

const sleep = tool('sleep', async (proc, args) => {
  if (args.length === 0) return fail(proc, 'usage: sleep [N]...');
  let total = 0;
  for (const a of args) {
    const ms = parseSleep(a);
    if (ms === undefined) return fail(proc, `invalid number '${a}'`);
    total += ms;
  }
  await proc.host.sleep(total);
  return 0;
});

const env = tool('env', async (proc, args) => {
  const vars = new Map(proc.env);
  let i = 0;
  if (args[0] === '-i') {
    vars.clear();
    i++;
  }
  for (; i < args.length && args[i]!.includes('='); i++) {
    const eq = args[i]!.indexOf('=');
    vars.set(args[i]!.slice(0, eq), args[i]!.slice(eq + 1));
  }
  if (i < args.length) {
    const exe = proc.host.lookPath(args[i]!);
    if (!exe) return fail(proc, `can't execute '${args[i]}': No such file or directory`, 127);
    return exe.run({ ...proc, name: args[i]!, env: vars }, args.slice(i + 1));
  }
  for (const [k, v] of vars) proc.stdout.write(`${k}=${v}\n`);
  return 0;
});

const printenv = tool('printenv', (proc, args) => {
  if (args.length === 0) {
    for (const [k, v] of proc.env) proc.stdout.write(`${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const name of args) {
    const v = proc.env.get(name);
    if (v === undefined) status = 1;
    else proc.stdout.write(`${v}\n`);
  }
  return status;
});

const hostname = tool('hostname', (proc, args) => {
  proc.stdout.write(`${args.includes('-i') ? proc.host.network.source.ip : proc.host.hostname}\n`);
  return 0;
});

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime for the conversions scripts use; the container's time zone is UTC. */
export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'm': return p(d.getUTCMonth() + 1);
      case 'd': return p(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2, ' ');
      case 'H': return p(d.getUTCHours());
      case 'M': return p(d.getUTCMinutes());
      case 'S': return p(d.getUTCSeconds());
      case 'N': return p(d.getUTCMilliseconds(), 3) + '000000';
      case 's': return String(Math.floor(ms / 1000));
      case 'a': return DAYS[d.getUTCDay()]!;
      case 'b': return MONTHS[d.getUTCMonth()]!;
      case 'T': return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
      case 'F': return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case '%': return '%';
      default: return m;
    }
  });
}

const date = tool('date', (proc, args) => {
  const format = args.find((a) => a.startsWith('+'));
  proc.stdout.write(`${strftime(format ? format.slice(1) : '%a %b %e %H:%M:%S %Z %Y', proc.host.now())}\n`);
  return 0;
});

const test = tool('test', (proc, args) => testExpression(proc, args));
const bracket = tool('[', (proc, args) => {
  if (args[args.length - 1] !== ']') return fail(proc, 'missing ]', 2);
  return testExpression(proc, args.slice(0, -1));
});

const uname = tool('uname', (proc, args) => {
  const all = args.includes('-a');
  if (args.includes('-r')) proc.stdout.write('6.8.0-kubelab\n');
  else if (args.includes('-m')) proc.stdout.write('x86_64\n');
  else if (args.includes('-n')) proc.stdout.write(`${proc.host.hostname}\n`);
  else if (all) proc.stdout.write(`Linux ${proc.host.hostname} 6.8.0-kubelab #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n`);
  else proc.stdout.write('Linux\n');
  return 0;
});

const seq = tool('seq', (proc, args) => {
  const nums = args.map(Number);
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  if ([first, step, last].some((n) => Number.isNaN(n)) || step === 0) return fail(proc, `invalid number`);
  let out = '';
  for (let n = first; step > 0 ? n <= last : n >= last; n += step) out += `${n}\n`;
  proc.stdout.write(out);
  return 0;
});

export const BASIC_TOOLS: Executable[] = [
  echo,
  printf,
  tool('true', () => 0),
  tool('false', () => 1),
  sleep,
  env,
  printenv,
  hostname,
  date,
  test,
  bracket,
  tool('id', (proc) => (proc.stdout.write('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n'), 0)),
  tool('whoami', (proc) => (proc.stdout.write('root\n'), 0)),
  uname,
  tool('nproc', (proc) => (proc.stdout.write(`${proc.host.cpus}\n`), 0)),
  seq,
  // No other processes to signal in a simulated container; `kill` of an unknown pid fails.
  tool('kill', (proc, args) => fail(proc, `can't kill pid ${args.filter((a) => !a.startsWith('-'))[0] ?? ''}: No such process`)),
];
