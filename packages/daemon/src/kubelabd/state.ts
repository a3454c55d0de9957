/**
 * `<data-dir>/kubelabd.json`: where a running daemon serves and since when, for
 * `kubelab status` and `kubelab down`. Written once the API server is ready, removed on a
 * clean stop; a stale file (the process is gone) means the daemon is not running.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivate } from './credentials.js';

export const STATE_FILE = 'kubelabd.json';
export const LOG_FILE = 'kubelabd.log';

export interface DaemonState {
  pid: number;
  port: number;
  server: string;
  dataDir: string;
  startedAt: string;
  version: string;
}

export function writeState(dataDir: string, state: DaemonState): void {
  writePrivate(join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export function readState(dataDir: string): DaemonState | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')) as DaemonState;
  } catch {
    return undefined;
  }
}

export function removeState(dataDir: string): void {
  rmSync(join(dataDir, STATE_FILE), { force: true });
}

/** True when a process with this pid exists (signal 0 probes without touching it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
