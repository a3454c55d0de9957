/** The memory backend: the shared MVCC engine over the in-memory log. Nothing survives close. */
import { MvccBackend, type MvccBackendOptions } from '../mvcc-backend.js';
import { MemoryLog } from './memory-log.js';

export function openMemoryBackend(options: MvccBackendOptions = {}): MvccBackend {
  return new MvccBackend(new MemoryLog(), { version: 'kubelab-memory/0.1.0', ...options });
}
