/**
 * kubelabd as the API benchmarks run it: the real binary (`bin/kubelabd.js`, which runs
 * dist/) in a child process on a data directory, so the load generator and the server never
 * share an event loop. Where it serves, its token and its CA are read back the way a client
 * finds them: the port from `<data-dir>/kubelabd.json`, token and CA from the kubeconfig.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KUBELABD_NODE_FLAGS } from '@kubelab/core/kubelabd-node-flags';
import { parse } from 'yaml';
import { KUBECONFIG_FILE } from '../kubelabd/credentials.js';
import { readState } from '../kubelabd/state.js';
import type { ApiEndpoint } from './api-client.js';

/** packages/daemon/bin/kubelabd.js, from dist/bench/ or src/bench/ alike. */
export const KUBELABD_BIN = fileURLToPath(new URL('../../bin/kubelabd.js', import.meta.url));

/** How long a daemon may take to come up (or go down) before the benchmark gives up. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export interface SpawnOptions {
  dataDir: string;
  /** 0: the daemon's own choice (last port of this data dir, else 6443, else any free one). */
  port?: number;
  /** Node flags before the script, e.g. ['--cpu-prof', '--cpu-prof-dir=DIR']. */
  nodeArgs?: readonly string[];
}

/** A kubelabd child process, not yet known to be ready. */
export class KubelabdChild {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Everything written to stdout so far. */
  stdout = '';
  /** The last few KiB written to stderr, for error messages. */
  stderr = '';

  constructor(options: SpawnOptions) {
    const args = [...KUBELABD_NODE_FLAGS, ...(options.nodeArgs ?? []), KUBELABD_BIN, '--data-dir', options.dataDir, '--port', String(options.port ?? 0)];
    this.child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  }

  /** SIGTERM (the daemon stops cleanly, and --cpu-prof writes its profile), SIGKILL if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface DaemonProcess extends ApiEndpoint {
  child: KubelabdChild;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts kubelabd and waits until it says it serves (it prints that once it is ready). */
export async function spawnDaemon(options: SpawnOptions): Promise<DaemonProcess> {
  const child = new KubelabdChild(options);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kubelabd did not come up in ${START_TIMEOUT_MS} ms: ${child.stderr}`)), START_TIMEOUT_MS);
      const onData = () => {
        if (child.stdout.includes('serving the Kubernetes API at')) done(undefined);
      };
      const onExit = (code: number | string) => done(new Error(`kubelabd exited (${code}) before serving: ${child.stderr.trim()}`));
      const done = (err: Error | undefined) => {
        clearTimeout(timer);
        child.child.stdout!.off('data', onData);
        if (err) reject(err);
        else resolve();
      };
      child.child.stdout!.on('data', onData);
      void child.exited.then(onExit);
      onData();
    });
    return { ...readEndpoint(options.dataDir), child, dataDir: options.dataDir, stop: () => child.stop() };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** Where a running daemon serves (kubelabd.json) and how to talk to it (its kubeconfig). */
export function readEndpoint(dataDir: string): ApiEndpoint & { port: number } {
  const state = readState(dataDir);
  if (!state) throw new Error(`no kubelabd.json in ${dataDir}`);
  const config = parse(readFileSync(join(dataDir, KUBECONFIG_FILE), 'utf8')) as {
    clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
    users: Array<{ user: { token: string } }>;
  };
  const ca = config.clusters[0]?.cluster['certificate-authority-data'];
  const token = config.users[0]?.user.token;
  if (!ca || !token) throw new Error(`the kubeconfig in ${dataDir} has no CA or token`);
  return { server: state.server, port: state.port, token, caPem: Buffer.from(ca, 'base64').toString('utf8') };
}
