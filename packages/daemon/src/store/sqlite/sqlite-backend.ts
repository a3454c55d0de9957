/**
 * Opens the embedded store: the SQLite revision log in `<dataDir>/db`, under the data
 * directory's lock, behind the shared MVCC engine.
 */
import { join } from 'node:path';
import { DataDirLock, ensurePrivateFile } from '../data-dir.js';
import { MvccBackend, type MvccBackendOptions } from '../mvcc-backend.js';
import { SqliteLog, type SqliteLogOptions } from './sqlite-log.js';

export const DB_FILE = 'db';

export type SqliteBackendOptions = MvccBackendOptions & SqliteLogOptions;

export function openSqliteBackend(dataDir: string, options: SqliteBackendOptions = {}): MvccBackend {
  const lock = DataDirLock.acquire(dataDir);
  try {
    const path = join(dataDir, DB_FILE);
    ensurePrivateFile(path);
    const log = new SqliteLog(path, { ...options, onClose: () => lock.release() });
    for (const suffix of ['-wal', '-shm']) ensurePrivateFile(path + suffix);
    return new MvccBackend(log, { version: 'kubelab-sqlite/0.1.0', ...options });
  } catch (err) {
    lock.release();
    throw err;
  }
}
