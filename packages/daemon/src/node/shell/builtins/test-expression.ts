/**
 * test / [ — the expressions shell scripts branch on: string tests (-z, -n, =, !=), integer
 * comparisons (-eq, -ne, -lt, -le, -gt, -ge), file tests (-e, -f, -d, -s), negation and
 * -a / -o. Status 0 for true, 1 for false, 2 for a malformed expression.
 */
import { resolvePath } from '../fs.js';
import type { Proc } from '../process.js';

export async function testExpression(proc: Proc, args: string[]): Promise<number> {
  try {
    return (await orExpr(proc, args)) ? 0 : 1;
  } catch (err) {
    proc.stderr.write(`${proc.name}: ${(err as Error).message}\n`);
    return 2;
  }
}

async function orExpr(proc: Proc, args: string[]): Promise<boolean> {
  const i = args.indexOf('-o');
  if (i > 0) return (await andExpr(proc, args.slice(0, i))) || orExpr(proc, args.slice(i + 1));
  return andExpr(proc, args);
}

async function andExpr(proc: Proc, args: string[]): Promise<boolean> {
  const i = args.indexOf('-a', 1);
  if (i > 0 && i < args.length - 1 && args.length > 3) return (await primary(proc, args.slice(0, i))) && andExpr(proc, args.slice(i + 1));
  return primary(proc, args);
}

async function primary(proc: Proc, args: string[]): Promise<boolean> {
  if (args[0] === '!' && args.length > 1) return !(await primary(proc, args.slice(1)));
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const [op, v] = args as [string, string];
    const stat = () => proc.host.fs.stat(resolvePath(proc.cwd, v));
    switch (op) {
      case '-z':
        return v === '';
      case '-n':
        return v !== '';
      case '-e':
      case '-r':
      case '-w':
      case '-x':
        return (await stat()) !== undefined;
      case '-f':
        return (await stat())?.kind === 'file';
      case '-d':
        return (await stat())?.kind === 'dir';
      case '-s':
        return ((await stat())?.size ?? 0) > 0;
      default:
        throw new Error(`${op}: unknown operand`);
    }
  }
  const [a, op, b] = args as [string, string, string];
  const int = (s: string) => {
    if (!/^\s*-?\d+\s*$/.test(s)) throw new Error(`invalid number '${s}'`);
    return Number(s);
  };
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '-eq':
      return int(a) === int(b);
    case '-ne':
      return int(a) !== int(b);
    case '-lt':
      return int(a) < int(b);
    case '-le':
      return int(a) <= int(b);
    case '-gt':
      return int(a) > int(b);
    case '-ge':
      return int(a) >= int(b);
    default:
      throw new Error('syntax error');
  }
}
