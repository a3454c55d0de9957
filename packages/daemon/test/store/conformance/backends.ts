/**
 * The backends the conformance suite runs against, each behind one factory. Adding a
 * backend is one entry in `backendsUnderTest()`; every topic suite takes a factory and
 * asks it for a fresh store per test.
 *
 * Stores opened here are closed, and their temporary data directories removed, when the
 * test that opened them finishes, whatever the outcome.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeClock } from '@kubelab/core';
import { onTestFinished } from 'vitest';
import type { Backend, CompactResponse } from '../../../src/store/backend.js';
import { openEtcdBackend } from '../../../src/store/etcd/etcd-backend.js';
import { etcdVersion, findEtcd, startEtcd } from '../../../src/store/etcd/etcd-process.js';
import { openMemoryBackend } from '../../../src/store/memory/memory-backend.js';
import { openSqliteBackend } from '../../../src/store/sqlite/sqlite-backend.js';

/** The contract plus etcd's physical compaction flag, which every backend offers. */
export interface StoreUnderTest extends Backend {
  compact(revision: number, options?: { physical?: boolean }): Promise<CompactResponse>;
}

/**
 * Behaviour of backend.ts that a backend is known not to have. Only a real etcd older than
 * the upstream fix may declare one; the embedded backends declare none.
 */
export type Divergence =
  /** etcd #18089/#19179: compaction drops the tombstone at exactly the compact revision. */
  | 'dropsTombstoneAtCompactRevision'
  /** etcd #15220: a progress request is answered before events the watch still owes. */
  | 'answersProgressEarly';

export interface OpenOptions {
  /** Time for leases and progress notifications; only for backends that take a clock. */
  clock?: FakeClock;
  progressNotifyIntervalMs?: number;
  leaseCheckIntervalMs?: number;
  /** Entries removed per physical compaction step (the engine's compactionBatchSize). */
  compactionBatchSize?: number;
  /** For persistent backends: open this directory instead of a fresh temporary one. */
  dataDir?: string;
}

export interface BackendUnderTest {
  name: string;
  /** Takes an injected FakeClock, so lease expiry and progress notifications can be driven. */
  injectsClock: boolean;
  /** Keeps its state in a data directory that can be closed and opened again. */
  persistent: boolean;
  /** Why the backend cannot run here (etcd not installed); the suite skips it, loudly. */
  missing?: string;
  /**
   * Unread watch responses after which a watch counts as fallen behind: the backend stops
   * queueing for it and replays from history once it reads again (so a compaction in between
   * ends it with ErrCompacted). The slow-consumer examples write well past this.
   */
  watchBacklog: number;
  /** Known departures from backend.ts, each with its reason; the examples they touch are skipped, saying why. */
  divergences: Partial<Record<Divergence, string>>;
  open(options?: OpenOptions): Promise<StoreUnderTest>;
}

/** A temporary directory removed when the current test finishes. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-conformance-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function closeWhenDone(store: StoreUnderTest): StoreUnderTest {
  onTestFinished(() => store.close());
  return store;
}

function engineOptions(o: OpenOptions) {
  return {
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.progressNotifyIntervalMs ? { progressNotifyIntervalMs: o.progressNotifyIntervalMs } : {}),
    ...(o.leaseCheckIntervalMs ? { leaseCheckIntervalMs: o.leaseCheckIntervalMs } : {}),
    ...(o.compactionBatchSize ? { compactionBatchSize: o.compactionBatchSize } : {}),
  };
}

/** The engine's WatchHub queues 1,024 responses per watch (its maxBacklog) before replaying. */
const ENGINE_WATCH_BACKLOG = 1024;

export const memoryBackend: BackendUnderTest = {
  name: 'memory',
  injectsClock: true,
  persistent: false,
  watchBacklog: ENGINE_WATCH_BACKLOG,
  divergences: {},
  open: async (o = {}) => closeWhenDone(openMemoryBackend(engineOptions(o))),
};

export const sqliteBackend: BackendUnderTest = {
  name: 'sqlite',
  injectsClock: true,
  persistent: true,
  watchBacklog: ENGINE_WATCH_BACKLOG,
  divergences: {},
  open: async (o = {}) => closeWhenDone(openSqliteBackend(o.dataDir ?? tempDataDir(), engineOptions(o))),
};

/**
 * A real etcd per test: the examples count revisions from 1, and etcd can be neither emptied
 * nor un-compacted, so tests cannot share one. A single member with short raft timers starts
 * in a few hundred milliseconds; fsync is off because durability is not what is compared.
 * etcd runs on the wall clock, so examples that drive time are skipped for it.
 */
export function etcdBackend(): BackendUnderTest {
  const bin = findEtcd();
  const version = bin ? etcdVersion(bin) : 'none';
  return {
    name: `etcd ${version}`,
    injectsClock: false,
    persistent: false,
    // Our client queues 1,024 responses (etcd-watch.ts), etcd's server stream 128 more, and
    // gRPC's flow-control windows hold some more before etcd sees a slow watcher.
    watchBacklog: 4 * ENGINE_WATCH_BACKLOG,
    divergences: etcdDivergences(version),
    ...(bin ? {} : { missing: 'etcd is not installed (apt-get install -y etcd-server etcd-client, or set ETCD_BIN)' }),
    open: async () => {
      const etcd = await startEtcd({ ...(bin ? { bin } : {}), args: ['--heartbeat-interval=10', '--election-timeout=100', '--unsafe-no-fsync'] });
      onTestFinished(() => etcd.stop());
      return closeWhenDone(openEtcdBackend({ endpoints: [etcd.endpoint] }));
    },
  };
}

/** Whether version (x.y.z) is at least the first fixed release of its minor line in fixedIn. */
function fixed(version: string, fixedIn: Record<string, number>): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  const patch = fixedIn[`${m[1]}.${m[2]}`];
  // A minor line not listed is newer than every listed one (3.6 and later carry both fixes).
  return patch === undefined ? Number(m[1]) > 3 || Number(m[2]) > 5 : Number(m[3]) >= patch;
}

function etcdDivergences(version: string): Partial<Record<Divergence, string>> {
  const d: Partial<Record<Divergence, string>> = {};
  if (!fixed(version, { '3.4': 34, '3.5': 16 })) {
    d.dropsTombstoneAtCompactRevision = `etcd ${version} predates the fix for etcd #18089 (PR #18274)`;
  }
  if (!fixed(version, { '3.4': 24, '3.5': 8 })) {
    d.answersProgressEarly = `etcd ${version} predates the fix for etcd #15220 (PR #15237)`;
  }
  return d;
}

/** Every backend the suite runs against; a new backend is one more entry. */
export function backendsUnderTest(): BackendUnderTest[] {
  return [memoryBackend, sqliteBackend, etcdBackend()];
}
