/**
 * kubelabd with simulated nodes in a child process, for the node benchmarks: started with
 * `--nodes N` (the daemon answers once every node has registered), plus what the benchmarks
 * read about the process from /proc — its resident memory and the CPU time it used (the
 * same getrusage counters the child's own process.cpuUsage() reports).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ApiClient } from './api-client.js';
import { KUBELABD_BIN, readEndpoint } from './daemon-process.js';

export class NodeDaemon {
  stdout = '';
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  client!: ApiClient;

  private constructor(dataDir: string, flags: readonly string[], nodeArgs: readonly string[] | undefined) {
    this.child = spawn(process.execPath, [...(nodeArgs ?? []), KUBELABD_BIN, '--data-dir', dataDir, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.exited = new Promise((r) => this.child.once('exit', r));
  }

  /** Starts kubelabd and waits until it serves (with --nodes: every node registered). */
  static async start(dataDir: string, flags: readonly string[], options: { nodeArgs?: readonly string[]; connections?: number; timeoutMs?: number } = {}): Promise<NodeDaemon> {
    const d = new NodeDaemon(dataDir, flags, options.nodeArgs);
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    while (!d.stdout.includes('serving the Kubernetes API at')) {
      if (d.child.exitCode !== null) throw new Error(`kubelabd exited: ${d.stderr}`);
      if (Date.now() > deadline) {
        await d.stop();
        throw new Error(`kubelabd did not come up: ${d.stderr}`);
      }
      await sleep(20);
    }
    d.client = new ApiClient(readEndpoint(dataDir), options.connections ?? 64);
    return d;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident set size now and at its peak (VmRSS, VmHWM), bytes. */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  /** CPU time used so far (user + system), ms. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / clockTicks();
  }

  async stop(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await this.exited;
    clearTimeout(timer);
  }
}

let ticks: number | undefined;
function clockTicks(): number {
  ticks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticks;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts Ready nodes (condition Ready=True). */
export async function readyNodes(client: ApiClient): Promise<number> {
  const list = JSON.parse((await client.expect(200, 'GET', '/api/v1/nodes')).body.toString('utf8')) as {
    items: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }>;
  };
  return list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}
