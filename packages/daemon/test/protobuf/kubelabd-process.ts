/**
 * The real kubelabd as users run it — `node bin/kubelabd.js --data-dir DIR --port 0` in its
 * own process, from the built dist/ (`npx turbo run build`, which `turbo run test` does
 * first) — and the real kubectl pointed at the kubeconfig it writes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

/** Whether the real kubectl is here; in CI it must be. */
export function kubectlPresent(): boolean {
  if (existsSync(KUBECTL)) return true;
  if (process.env['CI'] === 'true') throw new Error(`kubectl is required in CI (${KUBECTL})`);
  console.warn(`\n!!! ${KUBECTL} not found: skipping the protobuf end-to-end tests !!!\n`);
  return false;
}
const KUBELABD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kubelabd.js');
const DIST_MAIN = join(dirname(KUBELABD), '..', 'dist', 'main.js');

export interface KubectlResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface KubelabdProcess {
  kubeconfig: string;
  /** Runs kubectl against the daemon, `input` on its stdin; never throws on a non-zero exit. */
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** Like kubectl(), but throws with kubectl's output on a non-zero exit; returns stdout. */
  ok(args: string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startKubelabd(): Promise<KubelabdProcess> {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`npx turbo run build\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-pb-'));
  const home = mkdtempSync(join(tmpdir(), 'kubelab-pb-home-'));
  const child = spawn(process.execPath, [KUBELABD, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const kubeconfig = await serving(child);
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(home, 'cache') };
  const kubectl = (args: string[], input = '') =>
    new Promise<KubectlResult>((resolve) => {
      const run = spawn(KUBECTL, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      run.stdin.end(input);
      let stdout = '';
      let stderr = '';
      run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => run.kill('SIGKILL'), 60_000);
      run.on('close', (code) => {
        clearTimeout(timer);
        resolve({ status: code ?? -1, stdout, stderr });
      });
    });
  return {
    kubeconfig,
    kubectl,
    async ok(args, input) {
      const r = await kubectl(args, input);
      if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-4000)}${r.stdout}`);
      return r.stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Resolves with the kubeconfig path once the daemon says it is serving. */
function serving(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`kubelabd did not start within 30 s:\n${out}`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /kubectl --kubeconfig (\S+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`kubelabd exited with ${code}:\n${out}`)));
  });
}
