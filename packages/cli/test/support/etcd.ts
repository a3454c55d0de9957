/**
 * For the `kubelab etcd` tests: the built CLI run with input on stdin, and the reference —
 * a real etcd (started as the daemon package's differential tests start it) and the real
 * etcdctl. Where they are not installed the comparison is skipped, loudly, except in CI
 * (CI set), where their absence fails the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { CLI_BIN, type Lab, type Result } from './lab.js';

/** `kubelab …` with `input` on stdin (the Lab's runner gives no stdin at all). */
export function kubelabWithInput(lab: Lab, input: string | Buffer, ...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: lab.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A long-running command (watch): its output so far, and a way to end it. */
export interface Running {
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when it exits on its own; kill() makes it exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function start(command: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    exited,
    kill: () => child.kill('SIGTERM'),
  };
}

/** Polls until check() is true (or throws after timeoutMs, saying what it waited for). */
export async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The etcdctl binary ($ETCDCTL_BIN, else etcdctl on PATH), when it runs. */
export function findEtcdctl(): string | undefined {
  const bin = process.env['ETCDCTL_BIN'] ?? 'etcdctl';
  return spawnSync(bin, ['version'], { encoding: 'utf8' }).status === 0 ? bin : undefined;
}

/**
 * Whether the etcd reference can run here. Without it the comparison is skipped with a warning
 * on stderr — but never in CI, where a missing etcd fails instead of passing silently.
 */
export function referenceAvailable(etcd: string | undefined, etcdctl: string | undefined): boolean {
  if (etcd && etcdctl) return true;
  const missing = [etcd ? '' : 'etcd', etcdctl ? '' : 'etcdctl'].filter(Boolean).join(' and ');
  if (process.env['CI']) throw new Error(`${missing} not installed: the comparison with etcdctl cannot run (apt-get install -y etcd-server etcd-client)`);
  process.stderr.write(`\n*** SKIPPED: ${missing} not installed, so kubelab etcd's output is NOT compared with etcdctl's here (it is in CI) ***\n\n`);
  return false;
}
