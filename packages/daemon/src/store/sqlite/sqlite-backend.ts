/**
 * Opens the embedded store: the SQLite revision log in `<dataDir>/db`, under the data
 * directory's lock, behind the shared MVCC engine.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { RealClock } from '@kubelab/core';
import { AutoCompactor, type AutoCompactionOptions, checkAutoCompaction, truncateWalNow, WalCheckpointer } from '../auto-compactor.js';
import { DataDirLock, ensurePrivateFile } from '../data-dir.js';
import { MvccBackend, type MvccBackendOptions } from '../mvcc-backend.js';
import { saveSqliteSnapshot } from '../snapshot/save.js';
import { SqliteLog, type SqliteLogOptions } from './sqlite-log.js';

export const DB_FILE = 'db';

export type SqliteBackendOptions = MvccBackendOptions &
  SqliteLogOptions & {
    /** etcd's --auto-compaction-mode/--auto-compaction-retention; absent: off, as in etcd. */
    autoCompaction?: AutoCompactionOptions;
    /** How often the WAL is checkpointed and truncated (default 1 min; 0: never). */
    walCheckpointIntervalMs?: number;
  };

export function openSqliteBackend(dataDir: string, options: SqliteBackendOptions = {}): MvccBackend {
  if (options.autoCompaction) checkAutoCompaction(options.autoCompaction);
  const lock = DataDirLock.acquire(dataDir);
  const stops: Array<() => void> = [];
  try {
    const path = join(dataDir, DB_FILE);
    ensurePrivateFile(path);
    const onClose = () => {
      for (const stop of stops) stop();
      lock.release();
    };
    const log = new SqliteLog(path, { ...options, onClose });
    for (const suffix of ['-wal', '-shm']) ensurePrivateFile(path + suffix);
    // While a snapshot's worker reads, a checkpoint that waits for readers (TRUNCATE) would
    // block the event loop until the copy is done; the periodic checkpoint skips a turn instead.
    let snapshots = 0;
    const snapshot = async (to: string) => {
      snapshots++;
      try {
        return await saveSqliteSnapshot(path, to);
      } finally {
        snapshots--;
      }
    };
    const backend = new MvccBackend(log, { version: 'kubelab-sqlite/0.1.0', snapshot, ...options });
    const clock = options.clock ?? new RealClock();
    if (options.autoCompaction) {
      const compactor = new AutoCompactor(backend, options.autoCompaction, clock);
      stops.push(() => compactor.stop());
    }
    if (options.walCheckpointIntervalMs !== 0) {
      const wal = {
        walBytes: () => fileSize(`${path}-wal`),
        checkpoint: () => {
          if (snapshots === 0) truncateWalNow(log.db);
        },
      };
      const checkpointer = new WalCheckpointer(wal, clock, options.walCheckpointIntervalMs);
      stops.push(() => checkpointer.stop());
    }
    return backend;
  } catch (err) {
    lock.release();
    throw err;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
