/**
 * Ours: durable puts through the embedded store exactly as the daemon opens it
 * (openSqliteBackend: WAL, one fsync per group commit, off the event loop), in a temporary data directory.
 * A put resolves only once its batch is fsynced, so puts/s here is acknowledged, durable
 * writes per second.
 */
import type { MvccBackend } from '../store/mvcc-backend.js';
import { openSqliteBackend } from '../store/sqlite/sqlite-backend.js';
import { type ThroughputSession, benchKey, benchValue, runWriters, sequence, tempDir } from './workload.js';

export interface DurablePutsSession extends ThroughputSession {
  readonly backend: MvccBackend;
}

export function openDurablePuts(writers: number): DurablePutsSession {
  const dir = tempDir(`puts${writers}`);
  let backend: MvccBackend;
  try {
    backend = openSqliteBackend(dir.path);
  } catch (err) {
    dir.remove();
    throw err;
  }
  const value = benchValue();
  const next = sequence();
  return {
    backend,
    measure: (durationMs) => runWriters(writers, durationMs, (seq) => backend.put(benchKey(seq), value), next),
    async close() {
      try {
        await backend.close();
      } finally {
        dir.remove();
      }
    },
  };
}
