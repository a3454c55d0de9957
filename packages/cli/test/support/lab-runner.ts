/**
 * For the lab exercises' end-to-end test: one kubelab of its own per lab (a fresh daemon in a
 * temporary data directory, started with `kubelab up` and the timing flags that make node
 * failure take seconds), `kubelab lab …` run against it, and a cleanup that also stops any
 * kubelab a lab started on another data directory (the etcd restore starts one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN, Lab, type Result, alive, run } from './lab.js';

export const LABS_DIR = fileURLToPath(new URL('../../../../fixtures/labs', import.meta.url));

/**
 * The daemon flags every lab's cluster starts with: 3 workers; ties between equally scored
 * nodes broken by a seed, so that every run places pods alike; and a node silent for 20 s is
 * Unknown (40 s by default). Not less: kubelets renew their Lease every 10 s, and a grace
 * period near that would have healthy nodes flap between Ready and Unknown.
 */
export const LAB_CLUSTER_FLAGS = ['--nodes', '3', '--seed', '1', '--node-monitor-grace-period', '20s', '--default-not-ready-toleration-seconds', '5', '--default-unreachable-toleration-seconds', '5'];

export class LabCluster extends Lab {
  /** `kubelab ARGS…` with a time limit for long lab scripts. */
  cli(timeoutMs: number, ...args: string[]): Promise<Result> {
    return run(process.execPath, [CLI_BIN, ...args], this.env(), timeoutMs);
  }

  async up(): Promise<void> {
    const up = await this.cli(120_000, 'up', ...LAB_CLUSTER_FLAGS);
    if (up.code !== 0) throw new Error(`kubelab up failed (${up.code}):\n${up.stdout}${up.stderr}`);
  }

  /** Stops every kubelab under this lab's root, then removes it. */
  override async cleanup(): Promise<void> {
    for (const dataDir of stateDirs(this.root)) {
      await this.cli(30_000, 'down', '--data-dir', dataDir, '--timeout', '5s');
      try {
        const pid = (JSON.parse(readFileSync(join(dataDir, 'kubelabd.json'), 'utf8')) as { pid: number }).pid;
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {
        // stopped cleanly: its state file is gone
      }
    }
    await super.cleanup();
  }
}

/** Every directory under root that holds a running kubelab's state file (kubelabd.json). */
function stateDirs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === 'kubelabd.json')) found.push(dir);
    if (depth < 6) for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name), depth + 1);
  };
  walk(root, 0);
  return found;
}
