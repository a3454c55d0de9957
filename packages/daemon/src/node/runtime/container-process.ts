/**
 * A running container's processes: PID 1 (the image's entrypoint and command, or the pod's)
 * and the commands exec'd into it (kubectl exec, exec probes, lifecycle hooks). Everything
 * they wait on goes through a kill scope, so a signal ends them at any await:
 *
 *   SIGTERM  → PID 1's handler (nginx's graceful quit, then its exit status); or ignored,
 *              when PID 1 installs none (a shell, sleep: the kernel ignores SIGTERM for
 *              PID 1) — only the SIGKILL after the grace period ends it, 137; or the
 *              default action for a program that leaves the signal alone: 143.
 *   SIGKILL  → 137.
 *   memory over the limit → the kernel's OOM killer: 137, reason OOMKilled.
 */
import type { Clock, TimerHandle } from '@kubelab/core';
import type { ContainerNetwork } from '../network/network.js';
import type { FileSystem } from '../shell/fs.js';
import { CaptureSink, type ConnectionHandler, type Executable, Killed, type Proc, type ProcessHost, type Sink } from '../shell/process.js';
import type { ExecSyncResponse } from './cri.js';

export interface ProcessDeps {
  clock: Clock;
  hostname: string;
  fs: FileSystem;
  network: ContainerNetwork;
  cpus: number;
  lookPath(name: string): Executable | undefined;
  /** The container's memory limit in bytes (none: unlimited). */
  memoryLimit: number | undefined;
  /** Steady memory of the image's programs, taken when PID 1 starts. */
  profileMemory: number;
  listen(port: number, protocol: 'TCP' | 'UDP', handler: ConnectionHandler): void;
}

export interface ExitStatus {
  exitCode: number;
  reason: 'Completed' | 'Error' | 'OOMKilled';
  message?: string;
}

/** Waits that end early when the scope is killed. */
class KillScope {
  killed: Killed | undefined;
  private readonly pending = new Set<{ timer: TimerHandle | undefined; reject: (e: Killed) => void }>();

  constructor(private readonly clock: Clock) {}

  sleep(ms: number): Promise<void> {
    if (this.killed) return Promise.reject(this.killed);
    return new Promise<void>((resolve, reject) => {
      const entry = { timer: undefined as TimerHandle | undefined, reject };
      if (Number.isFinite(ms)) {
        entry.timer = this.clock
          .setTimeout(() => {
            this.pending.delete(entry);
            resolve();
          }, Math.max(0, ms))
          .unref();
      }
      this.pending.add(entry);
    });
  }

  abort(reason: Killed): void {
    if (this.killed) return;
    this.killed = reason;
    for (const p of this.pending) {
      p.timer?.clear();
      p.reject(reason);
    }
    this.pending.clear();
  }
}

export class ContainerProcess {
  private current: Executable;
  private readonly main: KillScope;
  private readonly scopes = new Set<KillScope>();
  private memory = 0;
  private busy = 0;
  private termHandler: ((proc: Proc) => Promise<number>) | undefined;
  private exited: ExitStatus | undefined;
  readonly done: Promise<ExitStatus>;

  /** Bytes its programs hold now (the working set metrics report). */
  get memoryUsage(): number {
    return this.memory;
  }

  /** Cores its programs keep busy, never more than it may use. */
  get busyCpus(): number {
    return Math.min(this.busy, this.deps.cpus);
  }
  private resolveDone!: (s: ExitStatus) => void;
  private endInput: ((exitCode: number) => void) | undefined;
  private inputEnded: number | undefined;

  constructor(
    private readonly deps: ProcessDeps,
    exe: Executable,
    private readonly argv: string[],
    private readonly env: Map<string, string>,
    private readonly cwd: string,
    private readonly out: { stdout: Sink; stderr: Sink },
    /**
     * PID 1 is a shell on an open standard input (`stdin: true`): it waits for input rather
     * than reading an empty script and exiting, as `sh` does in a `kubectl run -it` pod.
     * Simulated: the commands an attach session types run as execs (routes/tty-shell.ts);
     * PID 1 itself only waits for its input to end (closeStdin), then exits with that status.
     */
    readonly interactive = false,
  ) {
    this.current = exe;
    this.main = this.scope();
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  get hasExited(): boolean {
    return this.exited !== undefined;
  }

  /** Runs PID 1 until it exits or is killed. */
  start(): void {
    void this.runMain();
  }

  /** PID 1's standard input ends; an interactive shell exits with exitCode. */
  closeStdin(exitCode: number): void {
    if (!this.interactive || this.inputEnded !== undefined) return;
    this.inputEnded = exitCode;
    this.endInput?.(exitCode);
  }

  /** SIGTERM to PID 1. */
  term(): void {
    if (this.exited || this.main.killed || this.termHandler) return;
    const action = this.current.onTerm ?? 'ignore';
    if (action === 'ignore') return;
    if (action !== 'default') this.termHandler = action;
    this.main.abort(new Killed('SIGTERM'));
  }

  /** SIGKILL to every process. */
  kill(reason: 'SIGKILL' | 'OOM' = 'SIGKILL'): void {
    const k = new Killed(reason);
    for (const s of this.scopes) s.abort(k);
  }

  /**
   * Runs a command in the container (CRI ExecSync); timeoutMs 0: no timeout. With trace, the
   * hops of every name lookup and connection the command makes come back with its output.
   */
  async exec(cmd: string[], stdin: string, timeoutMs: number, options: { trace?: boolean } = {}): Promise<ExecSyncResponse> {
    const stdout = new CaptureSink();
    const stderr = new CaptureSink();
    const exe = this.deps.lookPath(cmd[0] ?? '');
    if (!exe) {
      return {
        stdout: '',
        stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd[0] ?? ''}": executable file not found in $PATH: unknown`,
        exitCode: 126,
      };
    }
    const scope = this.scope();
    let timer: TimerHandle | undefined;
    let timedOut = false;
    if (timeoutMs > 0) {
      timer = this.deps.clock
        .setTimeout(() => {
          timedOut = true;
          scope.abort(new Killed('SIGKILL'));
        }, timeoutMs)
        .unref();
    }
    const hops: string[] | undefined = options.trace ? [] : undefined;
    const host = this.host(scope);
    const proc: Proc = { name: cmd[0]!, env: new Map(this.env), cwd: this.cwd, stdin, stdout, stderr, host: hops ? { ...host, network: tracedNetwork(host.network, hops) } : host };
    let exitCode: number;
    try {
      exitCode = await exe.run(proc, cmd.slice(1));
    } catch (err) {
      if (!(err instanceof Killed)) throw err;
      exitCode = 137;
    } finally {
      timer?.clear();
      this.scopes.delete(scope);
    }
    return { stdout: stdout.text, stderr: stderr.text, exitCode, ...(timedOut ? { timedOut } : {}), ...(hops ? { hops } : {}) };
  }

  /** An interactive PID 1: blocked reading its terminal until the input ends or a signal. */
  private async waitForInputEnd(): Promise<number> {
    if (this.inputEnded !== undefined) return this.inputEnded;
    const ended = new Promise<number>((resolve) => (this.endInput = resolve));
    // The never-ending sleep rejects when PID 1 is killed, as a blocked read(2) is interrupted.
    return Promise.race([ended, this.main.sleep(Infinity).then(() => 0)]);
  }

  private async runMain(): Promise<void> {
    const alive = (sink: Sink): Sink => ({ write: (t) => (this.main.killed ? undefined : sink.write(t)) });
    const proc: Proc = {
      name: this.argv[0]!,
      pid1: true,
      env: this.env,
      cwd: this.cwd,
      stdin: '',
      stdout: alive(this.out.stdout),
      stderr: alive(this.out.stderr),
      host: this.host(this.main),
    };
    let status: ExitStatus;
    try {
      if (this.deps.profileMemory > 0) {
        // After startContainer has answered: the container was started, then ran out of memory.
        await Promise.resolve();
        proc.host.allocate(this.deps.profileMemory);
      }
      const code = this.interactive ? await this.waitForInputEnd() : await this.current.run(proc, this.argv.slice(1));
      status = { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
    } catch (err) {
      status = await this.afterSignal(err);
    }
    this.exited = status;
    for (const s of this.scopes) s.abort(new Killed('SIGKILL'));
    this.resolveDone(status);
  }

  private async afterSignal(err: unknown): Promise<ExitStatus> {
    if (!(err instanceof Killed)) {
      this.out.stderr.write(`${String((err as Error)?.message ?? err)}\n`);
      return { exitCode: 1, reason: 'Error' };
    }
    if (err.signal === 'OOM') return { exitCode: 137, reason: 'OOMKilled' };
    if (err.signal === 'SIGKILL') return { exitCode: 137, reason: 'Error' };
    if (!this.termHandler) return { exitCode: 143, reason: 'Error' };
    const scope = this.scope();
    try {
      const code = await this.termHandler({ name: this.argv[0]!, pid1: true, env: this.env, cwd: this.cwd, stdin: '', ...this.out, host: this.host(scope) });
      return { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
    } catch (e) {
      if (e instanceof Killed && e.signal === 'OOM') return { exitCode: 137, reason: 'OOMKilled' };
      return { exitCode: 137, reason: 'Error' };
    }
  }

  private scope(): KillScope {
    const s = new KillScope(this.deps.clock);
    this.scopes.add(s);
    if (this.exited) s.abort(new Killed('SIGKILL'));
    return s;
  }

  private host(scope: KillScope): ProcessHost {
    const deps = this.deps;
    return {
      hostname: deps.hostname,
      fs: deps.fs,
      network: deps.network,
      cpus: deps.cpus,
      now: () => deps.clock.now(),
      sleep: (ms) => scope.sleep(ms),
      lookPath: (name) => deps.lookPath(name),
      listen: (port, protocol, handler) => {
        if (!scope.killed) deps.listen(port, protocol, handler);
      },
      replaceProcess: (exe) => {
        if (scope === this.main) this.current = exe;
      },
      burnCpu: (cores) => {
        if (Number.isFinite(cores) && cores > 0) this.busy += cores;
      },
      allocate: (bytes) => {
        this.memory += bytes;
        if (deps.memoryLimit !== undefined && this.memory > deps.memoryLimit) {
          this.kill('OOM');
          throw new Killed('OOM');
        }
      },
    };
  }
}

/** The container's network, recording the hops of each lookup and connection into hops. */
function tracedNetwork(network: ContainerNetwork, hops: string[]): ContainerNetwork {
  return {
    source: network.source,
    resolve: async (name) => {
      const answer = await network.resolve(name);
      hops.push(...(answer.hops ?? []));
      return answer;
    },
    connect: async (request) => {
      const result = await network.connect(request);
      hops.push(...(result.hops ?? []));
      return result;
    },
  };
}
