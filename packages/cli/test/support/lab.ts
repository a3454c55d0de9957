/**
 * A kubelab of its own for one end-to-end test: a temporary data directory and HOME, the
 * built `kubelab` binary and the real kubectl run against it, and a cleanup that stops any
 * daemon the test left running.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const BUILT = [fileURLToPath(new URL('../../oclif.manifest.json', import.meta.url)), fileURLToPath(new URL('../../../daemon/dist/main.js', import.meta.url))];

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  const missing = BUILT.filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`build first (npx turbo run build): missing ${missing.join(', ')}`);
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}

export class Lab {
  readonly root = mkdtempSync(join(tmpdir(), 'kubelab-e2e-'));
  readonly dataDir = join(this.root, 'data');
  readonly home = join(this.root, 'home');

  constructor() {
    mkdirSync(this.home);
  }

  /** The environment of a user whose HOME is this lab's, with no kubelab or kubectl settings. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: this.home, KUBELAB_HOME: this.dataDir };
    for (const k of Object.keys(env)) if ((k.startsWith('KUBELAB_') && k !== 'KUBELAB_HOME') || k === 'KUBECONFIG') delete env[k];
    return { ...env, ...extra };
  }

  kubelab(...args: string[]): Promise<Result> {
    return run(process.execPath, [CLI_BIN, ...args], this.env());
  }

  /** kubelab with extra environment variables (KUBE_EDITOR, NO_COLOR…). */
  kubelabWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
    return run(process.execPath, [CLI_BIN, ...args], this.env(extra));
  }

  /** The real kubectl; kubeconfig undefined means its default (~/.kube/config in this HOME). */
  kubectl(kubeconfig: string | undefined, ...args: string[]): Promise<Result> {
    return run('kubectl', args, this.env(kubeconfig ? { KUBECONFIG: kubeconfig } : {}));
  }

  daemonPid(): number | undefined {
    try {
      return (JSON.parse(readFileSync(join(this.dataDir, 'kubelabd.json'), 'utf8')) as { pid: number }).pid;
    } catch {
      return undefined;
    }
  }

  async cleanup(): Promise<void> {
    await this.kubelab('down', '--timeout', '5s');
    const pid = this.daemonPid();
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Whether pid still runs: it exists and is not a zombie waiting for its new parent to reap it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The kubeconfig path from `kubelab up`'s "export KUBECONFIG=…" line. */
export function printedKubeconfig(upStdout: string): string {
  const m = /^\s*export KUBECONFIG=(\S+)$/m.exec(upStdout);
  if (!m?.[1]) throw new Error(`kubelab up printed no export KUBECONFIG line:\n${upStdout}`);
  return m[1];
}
