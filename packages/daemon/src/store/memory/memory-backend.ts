/** The memory backend: the shared MVCC engine over the in-memory log. Nothing survives close. */
import { MvccBackend, type MvccBackendOptions } from '../mvcc-backend.js';
import { saveLogSnapshot } from '../snapshot/save.js';
import { MemoryLog } from './memory-log.js';

export function openMemoryBackend(options: MvccBackendOptions = {}): MvccBackend {
  const log = new MemoryLog();
  // Snapshots are SQLite files like the SQLite backend's, so they restore into a data directory.
  const snapshot = (to: string) => saveLogSnapshot(log, to);
  return new MvccBackend(log, { version: 'kubelab-memory/0.1.0', snapshot, ...options });
}
