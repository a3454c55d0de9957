/**
 * Is the daemon of a data directory running? Running means all three: the state file names a
 * pid, that pid is a live kubelabd, and the API answers an authenticated GET /readyz with 200
 * — the same check kubeadm and kind make before they call a control plane up.
 */
import { apiGet } from './api-get.js';
import { daemonFiles } from './data-dir.js';
import { KubelabError, notRunning } from './errors.js';
import { type Connection, readConnection } from './kubeconfig.js';
import { isKubelabd, processAlive } from './process.js';
import { type DaemonState, readState } from './state.js';

export type DaemonProbe =
  | { kind: 'running'; state: DaemonState; connection: Connection }
  /** `stale`: a state file left by a daemon that did not stop cleanly. */
  | { kind: 'stopped'; stale?: DaemonState }
  /** A live kubelabd that does not answer (hung, or stopping); `reason` says what failed. */
  | { kind: 'unresponsive'; state: DaemonState; reason: string };

export async function probeDaemon(dataDir: string, timeoutMs = 3_000): Promise<DaemonProbe> {
  const state = readState(dataDir);
  if (!state) return { kind: 'stopped' };
  if (!processAlive(state.pid) || !isKubelabd(state.pid)) return { kind: 'stopped', stale: state };
  return readyz(state, await readConnection(daemonFiles(dataDir).kubeconfig), timeoutMs);
}

export async function readyz(state: DaemonState, connection: Connection, timeoutMs: number): Promise<DaemonProbe> {
  try {
    const res = await apiGet(connection, '/readyz', timeoutMs);
    if (res.status === 200) return { kind: 'running', state, connection };
    return { kind: 'unresponsive', state, reason: `GET /readyz answered ${res.status}: ${res.body.trim().slice(0, 200)}` };
  } catch (err) {
    return { kind: 'unresponsive', state, reason: (err as Error).message };
  }
}

/**
 * The connection to a running daemon, for commands that need the API: throws the error a user
 * should see when there is none.
 */
export async function connectToRunning(dataDir: string): Promise<Connection> {
  const probe = await probeDaemon(dataDir);
  if (probe.kind === 'running') return probe.connection;
  if (probe.kind === 'stopped') throw notRunning();
  throw new KubelabError(`kubelabd (pid ${probe.state.pid}) does not answer at ${probe.state.server}: ${probe.reason}`);
}
