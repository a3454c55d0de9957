/**
 * `kubelab down`: SIGTERM the daemon (it closes the API, flushes the store and removes its
 * state file), SIGKILL it if it has not exited within the grace period. Stopping a daemon that
 * is not running is not an error, as `systemctl stop` of a stopped unit is not.
 */
import { rmSync } from 'node:fs';
import { daemonFiles } from './data-dir.js';
import { isKubelabd, processAlive, terminate } from './process.js';
import { readState } from './state.js';

export interface StopResult {
  /** `killed`: it ignored SIGTERM for the grace period and was SIGKILLed. */
  outcome: 'stopped' | 'killed' | 'not-running';
  pid?: number;
}

export async function stopDaemon(dataDir: string, graceMs: number): Promise<StopResult> {
  const state = readState(dataDir);
  if (!state || !processAlive(state.pid) || !isKubelabd(state.pid)) return { outcome: 'not-running' };
  const ended = await terminate(state.pid, graceMs);
  if (ended === 'killed') rmSync(daemonFiles(dataDir).state, { force: true });
  return { outcome: ended === 'exited' ? 'stopped' : 'killed', pid: state.pid };
}
