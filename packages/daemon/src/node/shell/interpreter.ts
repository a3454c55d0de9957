/**
 * The shell: runs parsed scripts (parser.ts) in a simulated container, as busybox ash or
 * dash would. Built into the shell itself are the commands that change the shell's own
 * state (exit, export, unset, cd, set, shift, break, continue, wait, exec, eval, trap, ":");
 * everything else is looked up on the container's PATH — its image's programs and tools.
 *
 * A busy loop (`while true; do echo x; done`) must not starve the daemon: after a burst of
 * commands that never waited, the shell sleeps a few milliseconds of clock time, as a CPU
 * quota throttles a real container.
 */
import { type ExpansionScope, ShellError, evaluateArithmetic, expandString, expandWords } from './expand.js';
import { resolvePath } from './fs.js';
import { type Command, type Redirect, ShellSyntaxError, parse } from './parser.js';
import { CaptureSink, type Executable, Killed, type Proc, type ProcessHost } from './process.js';
import { type IO, applyRedirects } from './redirects.js';

/** Commands run without a wait before the shell yields for THROTTLE_MS. */
const THROTTLE_EVERY = 500;
const THROTTLE_MS = 10;

class ExitShell {
  constructor(readonly status: number) {}
}

class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

export interface ShellOptions {
  /** $0. */
  name: string;
  /** $1 … $n. */
  args: string[];
}

export class Shell implements ExpansionScope {
  private readonly vars: Map<string, string>;
  private readonly exported: Set<string>;
  private positionalParams: string[];
  private lastStatus = 0;
  private cwd: string;
  private errexit = false;
  private commandsSinceWait = 0;
  private jobs: Array<Promise<number>> = [];
  private lastJob = 0;
  private readonly host: ProcessHost;

  constructor(
    private readonly proc: Proc,
    private readonly options: ShellOptions,
  ) {
    this.host = proc.host;
    this.vars = new Map(proc.env);
    this.exported = new Set(proc.env.keys());
    this.positionalParams = [...options.args];
    this.cwd = proc.cwd;
    if (!this.vars.has('PWD')) this.vars.set('PWD', this.cwd);
  }

  /** Runs a script; resolves with its exit status. Syntax errors exit 2, as sh does. */
  async runScript(script: string, io: IO = this.proc): Promise<number> {
    let ast: Command;
    try {
      ast = parse(script);
    } catch (err) {
      if (err instanceof ShellSyntaxError) {
        io.stderr.write(`${this.options.name}: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    try {
      return await this.exec(ast, io);
    } catch (err) {
      if (err instanceof ExitShell) return err.status;
      throw err;
    }
  }

  // ExpansionScope
  get(name: string): string | undefined {
    return this.vars.get(name);
  }

  set(name: string, value: string): void {
    this.vars.set(name, value);
  }

  positional(): string[] {
    return this.positionalParams;
  }

  special(name: string): string {
    switch (name) {
      case '?':
        return String(this.lastStatus);
      case '$':
        return '1';
      case '!':
        return this.lastJob ? String(this.lastJob) : '';
      case '0':
        return this.options.name;
      case '-':
        return this.errexit ? 'e' : '';
      default:
        return '';
    }
  }

  async substitute(script: string): Promise<string> {
    const out = new CaptureSink();
    const sub = this.subshell();
    try {
      this.lastStatus = await sub.runScript(script, { stdin: '', stdout: out, stderr: this.proc.stderr });
    } catch (err) {
      if (!(err instanceof ExitShell)) throw err;
      this.lastStatus = err.status;
    }
    return out.text;
  }

  private subshell(): Shell {
    const proc: Proc = { ...this.proc, pid1: false, env: this.exportedEnv(new Map()), cwd: this.cwd };
    const sub = new Shell(proc, { name: this.options.name, args: [...this.positionalParams] });
    for (const [k, v] of this.vars) sub.vars.set(k, v);
    sub.lastStatus = this.lastStatus;
    return sub;
  }

  private async exec(cmd: Command, io: IO, condition = false): Promise<number> {
    const status = await this.execInner(cmd, io, condition);
    this.lastStatus = status;
    return status;
  }

  private async execInner(cmd: Command, io: IO, condition: boolean): Promise<number> {
    switch (cmd.type) {
      case 'simple':
        return this.simple(cmd.assignments, cmd.words, cmd.redirects, io, condition);
      case 'list': {
        let status = 0;
        for (const item of cmd.items) {
          if (item.background) {
            const job = this.subshell().exec(item.command, io).catch((err: unknown) => {
              if (err instanceof ExitShell) return err.status;
              if (err instanceof Killed) return 137;
              throw err;
            });
            this.jobs.push(job);
            this.lastJob = 100 + this.jobs.length;
            status = 0;
          } else {
            status = await this.exec(item.command, io, condition);
          }
        }
        return status;
      }
      case 'andor': {
        let status = await this.exec(cmd.first, io, true);
        for (const { op, command } of cmd.rest) {
          if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = await this.exec(command, io, condition);
        }
        return status;
      }
      case 'pipeline': {
        let stdin = io.stdin;
        let status = 0;
        for (let k = 0; k < cmd.commands.length; k++) {
          const last = k === cmd.commands.length - 1;
          const out = last ? io.stdout : new CaptureSink();
          status = await this.exec(cmd.commands[k]!, { stdin, stdout: out, stderr: io.stderr }, condition || cmd.negate);
          if (!last) stdin = (out as CaptureSink).text;
        }
        return cmd.negate ? (status === 0 ? 1 : 0) : status;
      }
      case 'subshell':
        return this.withRedirects(cmd.redirects, io, async (rio) => {
          try {
            return await this.subshell().exec(cmd.body, rio, condition);
          } catch (err) {
            if (err instanceof ExitShell) return err.status;
            throw err;
          }
        });
      case 'group':
        return this.withRedirects(cmd.redirects, io, (rio) => this.exec(cmd.body, rio, condition));
      case 'if':
        return this.withRedirects(cmd.redirects, io, async (rio) => {
          for (const clause of cmd.clauses) {
            if ((await this.exec(clause.cond, rio, true)) === 0) return this.exec(clause.body, rio, condition);
          }
          return cmd.elseBody ? this.exec(cmd.elseBody, rio, condition) : 0;
        });
      case 'while':
        return this.withRedirects(cmd.redirects, io, async (rio) => {
          let status = 0;
          for (;;) {
            const c = await this.exec(cmd.cond, rio, true);
            if ((c === 0) === cmd.until) break;
            const r = await this.loopBody(cmd.body, rio, condition);
            if (r === 'break') break;
            status = typeof r === 'number' ? r : status;
            await this.throttle();
          }
          return status;
        });
      case 'for':
        return this.withRedirects(cmd.redirects, io, async (rio) => {
          const items = cmd.items === undefined ? [...this.positionalParams] : await expandWords(cmd.items, this);
          let status = 0;
          for (const item of items) {
            this.vars.set(cmd.name, item);
            const r = await this.loopBody(cmd.body, rio, condition);
            if (r === 'break') break;
            status = typeof r === 'number' ? r : status;
          }
          return status;
        });
    }
  }

  private async loopBody(body: Command, io: IO, condition: boolean): Promise<number | 'break' | 'continue'> {
    try {
      return await this.exec(body, io, condition);
    } catch (err) {
      if (!(err instanceof LoopControl)) throw err;
      if (err.levels > 1) {
        err.levels--;
        throw err;
      }
      return err.kind;
    }
  }

  private async simple(assignments: string[], words: string[], redirects: Redirect[], io: IO, condition: boolean): Promise<number> {
    await this.throttle();
    let argv: string[];
    const assigned: Array<[string, string]> = [];
    try {
      for (const a of assignments) {
        const eq = a.indexOf('=');
        assigned.push([a.slice(0, eq), await expandString(a.slice(eq + 1), this)]);
      }
      argv = await expandWords(words, this);
    } catch (err) {
      if (err instanceof ShellError || err instanceof ShellSyntaxError) {
        io.stderr.write(`${this.options.name}: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    if (argv.length === 0) {
      for (const [k, v] of assigned) this.vars.set(k, v);
      return this.withRedirects(redirects, io, async () => (words.length > 0 ? 0 : this.lastStatus));
    }
    const status = await this.withRedirects(redirects, io, (rio) => this.run(argv, assigned, rio));
    if (this.errexit && status !== 0 && !condition) throw new ExitShell(status);
    return status;
  }

  private async run(argv: string[], assigned: Array<[string, string]>, io: IO, pid1 = false): Promise<number> {
    const [name, ...args] = argv as [string, ...string[]];
    const builtin = await this.shellBuiltin(name, args, io);
    if (builtin !== undefined) return builtin;
    const env = this.exportedEnv(new Map(assigned));
    const proc: Proc = { name, pid1, env, cwd: this.cwd, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, host: this.host };
    const exe = this.host.lookPath(name) ?? (await this.script(name));
    if (!exe) {
      io.stderr.write(`${this.options.name}: ${name}: not found\n`);
      return 127;
    }
    return exe.run(proc, args);
  }

  /** A path to a script file (a ConfigMap mounted with mode 0755): run it with this shell. */
  private async script(name: string): Promise<Executable | undefined> {
    if (!name.includes('/')) return undefined;
    const path = resolvePath(this.cwd, name);
    const st = await this.host.fs.stat(path);
    if (st?.kind !== 'file') return undefined;
    return {
      name,
      run: async (proc, args) => {
        const text = await this.host.fs.readFile(path);
        return new Shell(proc, { name, args }).runScript(text.replace(/^#!.*\n/, ''));
      },
    };
  }

  private exportedEnv(extra: Map<string, string>): Map<string, string> {
    const env = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env.set(k, v);
    }
    env.set('PWD', this.cwd);
    for (const [k, v] of extra) env.set(k, v);
    return env;
  }

  /** Builtins that change the shell itself; undefined when name is not one. */
  private async shellBuiltin(name: string, args: string[], io: IO): Promise<number | undefined> {
    switch (name) {
      case ':':
        return 0;
      case 'exit': {
        const code = args[0] === undefined ? this.lastStatus : Number.parseInt(args[0], 10);
        throw new ExitShell(Number.isNaN(code) ? 2 : code & 255);
      }
      case 'export':
      case 'readonly':
        for (const a of args) {
          const eq = a.indexOf('=');
          const k = eq < 0 ? a : a.slice(0, eq);
          if (eq >= 0) this.vars.set(k, a.slice(eq + 1));
          this.exported.add(k);
        }
        return 0;
      case 'unset':
        for (const a of args.filter((a) => !a.startsWith('-'))) {
          this.vars.delete(a);
          this.exported.delete(a);
        }
        return 0;
      case 'cd': {
        const target = resolvePath(this.cwd, args[0] ?? this.vars.get('HOME') ?? '/');
        const st = await this.host.fs.stat(target);
        if (st?.kind !== 'dir') {
          io.stderr.write(`${this.options.name}: cd: can't cd to ${args[0] ?? target}: ${st ? 'Not a directory' : 'No such file or directory'}\n`);
          return 2;
        }
        this.cwd = target;
        this.vars.set('PWD', target);
        return 0;
      }
      case 'pwd':
        io.stdout.write(`${this.cwd}\n`);
        return 0;
      case 'set':
        for (const a of args) {
          if (a === '-e' || a === '-eu' || a === '-ex' || a === '-eux' || a === '-euo') this.errexit = true;
          if (a === '+e') this.errexit = false;
        }
        if (args[0] === '--') this.positionalParams = args.slice(1);
        return 0;
      case 'shift': {
        const n = args[0] === undefined ? 1 : Number(args[0]);
        this.positionalParams = this.positionalParams.slice(n);
        return 0;
      }
      case 'break':
      case 'continue':
        throw new LoopControl(name, Math.max(1, Number(args[0] ?? 1)));
      case 'wait': {
        const jobs = this.jobs.splice(0);
        let status = 0;
        for (const j of jobs) status = await j;
        return status;
      }
      case 'eval':
        return this.runScript(args.join(' '), io);
      case 'exec': {
        if (args.length === 0) return 0;
        const exe = this.host.lookPath(args[0]!);
        if (exe && this.proc.pid1) this.host.replaceProcess(exe);
        throw new ExitShell(await this.run(args, [], io, this.proc.pid1));
      }
      case 'trap':
        // Signal traps are accepted and ignored: the shell as PID 1 ignores SIGTERM anyway.
        return 0;
      case 'let': {
        let v = 0;
        for (const a of args) {
          const eq = a.indexOf('=');
          if (eq > 0 && a[eq + 1] !== '=') {
            v = evaluateArithmetic(a.slice(eq + 1), this);
            this.vars.set(a.slice(0, eq), String(v));
          } else v = evaluateArithmetic(a, this);
        }
        return v === 0 ? 1 : 0;
      }
      default:
        return undefined;
    }
  }

  /** Applies redirections around fn (redirects.ts). */
  private withRedirects(redirects: Redirect[], io: IO, fn: (io: IO) => Promise<number>): Promise<number> {
    return applyRedirects(redirects, io, fn, { expand: (w) => expandString(w, this), fs: this.host.fs, cwd: this.cwd, shellName: this.options.name });
  }

  private async throttle(): Promise<void> {
    if (++this.commandsSinceWait < THROTTLE_EVERY) return;
    this.commandsSinceWait = 0;
    await this.host.sleep(THROTTLE_MS);
  }
}
