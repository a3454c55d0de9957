/**
 * Starts a real, single-member etcd on loopback in a private temporary directory: the
 * reference the differential tests and benchmarks compare kubelab's store with. Debian's
 * etcd-server package gives etcd 3.4 (`apt-get install -y etcd-server etcd-client`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EtcdProcess {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  dataDir: string;
  version: string;
  stop(): Promise<void>;
}

/** The etcd binary ($ETCD_BIN, else `etcd` on PATH), or undefined when none is installed. */
export function findEtcd(): string | undefined {
  const bin = process.env['ETCD_BIN'] ?? 'etcd';
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? bin : undefined;
}

export function etcdVersion(bin: string): string {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout;
  return /etcd Version: (\S+)/.exec(out)?.[1] ?? 'unknown';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartEtcdOptions {
  bin?: string;
  /** Extra flags, e.g. ['--unsafe-no-fsync']. */
  args?: string[];
  /** How long to wait for /health (ms). */
  timeoutMs?: number;
  /** Where the private data directory goes (default: the OS temp dir); /dev/shm makes fsync free. */
  tmpDir?: string;
}

export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdProcess> {
  const bin = options.bin ?? findEtcd();
  if (!bin) throw new Error('etcd is not installed (apt-get install -y etcd-server etcd-client, or set ETCD_BIN)');
  const dataDir = mkdtempSync(join(options.tmpDir ?? tmpdir(), 'kubelab-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child: ChildProcess = spawn(
    bin,
    [
      '--name=kubelab-ref',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=kubelab-ref=${peer}`,
      '--log-level=error',
      '--logger=zap',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`etcd exited with ${child.exitCode} before becoming healthy: ${stderr}`);
    }
    try {
      const res = await fetch(`${client}/health`);
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy within ${options.timeoutMs ?? 20_000} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { endpoint: client, dataDir, version: etcdVersion(bin), stop };
}
