/**
 * A kubelab daemon for end-to-end tests, and the real kubectl pointed at it: a fresh data
 * directory, the daemon in this process on a free port (its HTTPS API, token and kubeconfig
 * exactly as users get them), and kubectl run as a child process with that kubeconfig and
 * a private cache directory so discovery is never stale.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, type DaemonOptions, startDaemon } from '../../src/kubelabd/daemon.js';

export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

export interface KubectlResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface TestCluster {
  daemon: Daemon;
  dataDir: string;
  kubeconfig: string;
  /**
   * Runs kubectl with the cluster's kubeconfig; never throws on a non-zero exit. Always
   * asynchronous: the daemon shares this process's event loop.
   */
  kubectl(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<KubectlResult>;
  /** Like kubectl(), but fails the test on a non-zero exit; returns stdout. */
  ok(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<string>;
  /** The environment kubectl runs with (for tests that spawn it themselves). */
  env(): Record<string, string>;
  stop(): Promise<void>;
  /** Stops the daemon and starts it again on the same data directory and port. */
  restart(): Promise<void>;
}

export function kubectlAvailable(): boolean {
  return spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

export async function startCluster(options: Partial<DaemonOptions> = {}): Promise<TestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-'));
  const home = mkdtempSync(join(tmpdir(), 'kubelab-e2e-home-'));
  let daemon = await startDaemon({ dataDir, port: 0, unsafeNoFsync: true, ...options });
  const env = (): Record<string, string> => ({
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    KUBECONFIG: daemon.kubeconfigPath,
    KUBECACHEDIR: join(home, 'cache'),
  });
  const kubectl = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = spawn(KUBECTL, args, { env: { ...env(), ...opts.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ status: code ?? -1, stdout, stderr });
      });
      child.stdin.end(opts.input ?? '');
    });
  const cluster: TestCluster = {
    get daemon() {
      return daemon;
    },
    dataDir,
    get kubeconfig() {
      return daemon.kubeconfigPath;
    },
    kubectl,
    env,
    async ok(args, opts) {
      const r = await kubectl(args, opts);
      if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    async stop() {
      await daemon.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
    async restart() {
      const port = daemon.port;
      await daemon.stop();
      daemon = await startDaemon({ dataDir, port, unsafeNoFsync: true, ...options });
    },
  };
  return cluster;
}
