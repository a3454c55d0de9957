/**
 * Parsing a command line with pflag's rules, as kubectl (cobra) does: flags anywhere among
 * the arguments; `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`; grouped
 * short booleans (`-it`, `-Aw`); booleans take `--flag=false`; `--` ends the flags, and what
 * follows is kept apart (the command of `kubelab exec … -- sh`). Slices split on commas
 * (`-f a.yaml,b.yaml`, `-L app,tier`). A flag not given takes its environment variable, then
 * its default.
 */
import type { BooleanFlag, Flag, FlagMap, OptionFlag } from './flag.js';
import { UsageError } from './usage-error.js';

export interface ParsedArgv {
  flags: Record<string, unknown>;
  /** Positional arguments before `--`. */
  args: string[];
  /** Arguments after `--` (undefined when there was no `--`). */
  afterDash?: string[];
  /** The flags given on the command line (not from env or defaults). */
  given: Set<string>;
}

export function parseArgv(argv: readonly string[], spec: FlagMap, env: NodeJS.ProcessEnv = process.env): ParsedArgv {
  const byChar = new Map<string, string>();
  for (const [name, f] of Object.entries(spec)) if (f.char) byChar.set(f.char, name);
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const args: string[] = [];
  let afterDash: string[] | undefined;

  const set = (name: string, flag: Flag, label: string, raw: string | boolean) => {
    given.add(name);
    if (flag.type === 'boolean') {
      values[name] = typeof raw === 'boolean' ? raw : parseBool(raw, label);
      return;
    }
    const text = raw as string;
    const parts = flag.multiple && flag.delimiter ? (text === '' ? [] : text.split(flag.delimiter)) : [text];
    const parsed = parts.map((p) => parseOption(flag, p, label));
    if (flag.multiple) values[name] = [...((values[name] as unknown[] | undefined) ?? []), ...parsed];
    else values[name] = parsed[0];
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      afterDash = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
      let name = key;
      let flag = spec[key];
      let negated = false;
      if (!flag && key.startsWith('no-')) {
        const f = spec[key.slice(3)];
        if (f?.type === 'boolean' && f.allowNo) [name, flag, negated] = [key.slice(3), f, true];
      }
      if (!flag) throw new UsageError(`unknown flag: --${key}`, true);
      const label = flagLabel(name, flag);
      if (flag.type === 'boolean') set(name, flag, label, eq < 0 ? !negated : a.slice(eq + 1));
      else if (eq >= 0) set(name, flag, label, a.slice(eq + 1));
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`, true);
        set(name, flag, label, argv[++i]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const name = byChar.get(c);
        const flag = name === undefined ? undefined : spec[name];
        if (!flag || name === undefined) throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`, true);
        const label = flagLabel(name, flag);
        const rest = a.slice(j + 1);
        if (flag.type === 'boolean') {
          if (rest.startsWith('=')) {
            set(name, flag, label, rest.slice(1));
            break;
          }
          set(name, flag, label, true);
          continue;
        }
        if (rest.length > 0) set(name, flag, label, rest.startsWith('=') ? rest.slice(1) : rest);
        else {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in ${a}`, true);
          set(name, flag, label, argv[++i]!);
        }
        break;
      }
      continue;
    }
    args.push(a);
  }

  for (const [name, flag] of Object.entries(spec)) {
    if (given.has(name)) continue;
    const fromEnv = flag.env ? env[flag.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      set(name, flag, `$${flag.env}`, fromEnv);
      given.delete(name);
      continue;
    }
    if (flag.type === 'boolean') values[name] = flag.default ?? false;
    else if (flag.multiple) values[name] = flag.default === undefined ? [] : [flag.default].flat();
    else values[name] = flag.default;
  }
  return afterDash === undefined ? { flags: values, args, given } : { flags: values, args, afterDash, given };
}

/** How pflag names a flag in messages: "-w, --watch" when it has a shorthand, else "--chunk-size". */
export function flagLabel(name: string, flag: Flag): string {
  return flag.char ? `-${flag.char}, --${name}` : `--${name}`;
}

function parseBool(raw: string, label: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new UsageError(`invalid argument ${JSON.stringify(raw)} for "${label}" flag: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`, true);
}

function parseOption(flag: OptionFlag, raw: string, label: string): unknown {
  if (flag.options && !flag.options.includes(raw)) {
    throw new UsageError(`invalid argument ${JSON.stringify(raw)} for "${label}" flag: must be one of: ${flag.options.join(', ')}`, true);
  }
  try {
    return flag.parse(raw);
  } catch (err) {
    throw new UsageError(`invalid argument ${JSON.stringify(raw)} for "${label}" flag: ${(err as Error).message}`, true);
  }
}

/** The flags of spec that take a value, by "--name" and "-c" (for finding the command words). */
export function valueFlags(spec: FlagMap): Set<string> {
  const out = new Set<string>();
  for (const [name, f] of Object.entries(spec)) {
    if ((f as BooleanFlag).type === 'boolean') continue;
    out.add(`--${name}`);
    if (f.char) out.add(`-${f.char}`);
  }
  return out;
}
