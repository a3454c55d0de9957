/**
 * What heartbeats do to the database: a daemon with simulated nodes run in-process on a
 * FakeClock through an hour of simulated time, one second at a time — every kubelet renews
 * its Lease each 10 s and checks its status, controllers do their rounds, the store
 * compacts every 5 minutes as kube-apiserver has etcd do. The database file, its WAL and
 * the store's revision are sampled every 5 minutes; the budget is growth that stops: the
 * file's size in the second half of the hour no larger than at its middle, give or take
 * the pages a checkpoint moves in.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '@kubelab/core';
import { startDaemon } from '../kubelabd/daemon.js';
import { DB_FILE } from '../store/sqlite/sqlite-backend.js';
import { type BenchResult, figure } from './result.js';
import { nowMs } from './stats.js';
import { tempDir } from './workload.js';

export interface NodeHeartbeatScale {
  nodes: number;
  /** Simulated time, ms (an hour). */
  durationMs: number;
  stepMs: number;
}

export async function benchNodeHeartbeats(scale: NodeHeartbeatScale, progress: (line: string) => void = () => {}): Promise<BenchResult> {
  const dir = tempDir('node-heartbeats');
  const clock = new FakeClock(Date.now());
  const started = startDaemon({ dataDir: dir.path, port: 0, clock, unsafeNoFsync: true, nodes: scale.nodes });
  // The daemon's start waits on timers of its own clock (node sandbox, leader election).
  let daemon: Awaited<typeof started> | undefined;
  void started.then((d) => (daemon = d));
  while (!daemon) {
    await turn();
    clock.advance(10);
  }
  const db = join(dir.path, DB_FILE);
  const samples: Array<{ minute: number; dbBytes: number; walBytes: number; revision: number }> = [];
  const wall = nowMs();
  try {
    const sample = (minute: number) => samples.push({ minute, dbBytes: fileSize(db), walBytes: fileSize(`${db}-wal`), revision: daemon!.store.revision });
    sample(0);
    const every = 5 * 60_000;
    for (let t = scale.stepMs; t <= scale.durationMs; t += scale.stepMs) {
      clock.advance(scale.stepMs);
      await turn();
      if (t % every === 0) {
        sample(t / 60_000);
        if (t % (3 * every) === 0) progress(`nodes-heartbeat-db: ${t / 60_000} simulated minutes, database ${(fileSize(db) / 1024).toFixed(0)} KiB, revision ${daemon.store.revision}`);
      }
    }
  } finally {
    await daemon.stop();
    dir.remove();
  }
  const end = scale.durationMs / 60_000;
  const half = end / 2;
  const at = (m: number) => samples.find((s) => s.minute === m) ?? samples[samples.length - 1]!;
  const maxOf = (from: number, to: number, f: (s: (typeof samples)[number]) => number) => Math.max(...samples.filter((s) => s.minute > from && s.minute <= to).map(f));
  return {
    name: 'nodes-heartbeat-db',
    title: `database growth from heartbeats: ${scale.nodes} nodes over ${end} simulated minutes (in-process daemon on a FakeClock, SQLite store)`,
    figures: [
      figure('secondHalfGrowthKiB', `database file growth, minute ${half} → ${end}`, (at(end).dbBytes - at(half).dbBytes) / 1024, 'KiB'),
      figure('firstHalfGrowthKiB', `database file growth, minute 0 → ${half}`, (at(half).dbBytes - at(0).dbBytes) / 1024, 'KiB'),
      figure('endKiB', 'database file at the end', at(end).dbBytes / 1024, 'KiB'),
      figure('maxWalKiB', 'largest WAL seen (checkpointed periodically)', maxOf(0, end, (s) => s.walBytes) / 1024, 'KiB'),
      figure('revisionsPerMinute', 'revisions written per simulated minute', (at(end).revision - at(0).revision) / end, 'rev/min'),
      figure('wallMs', 'wall time for the simulated hour', nowMs() - wall, 'ms'),
    ],
    notes: samples.filter((s) => s.minute % 15 === 0).map((s) => `minute ${s.minute}: database ${(s.dbBytes / 1024).toFixed(0)} KiB, WAL ${(s.walBytes / 1024).toFixed(0)} KiB, revision ${s.revision}`),
    extra: { samples },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Lets pending I/O and promise chains run. */
async function turn(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}
