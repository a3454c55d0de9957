/**
 * `kubelab status`: what runs for a data directory, as one typed result that the command
 * prints as text or JSON.
 */
import { humanDuration } from '@kubelab/core/print/duration';
import { apiGet } from './api-get.js';
import { daemonFiles } from './data-dir.js';
import { STORE_REVISION, gauge } from './metrics.js';
import { probeDaemon } from './probe.js';

export interface DaemonStatus {
  running: boolean;
  dataDir: string;
  kubeconfig: string;
  server?: string;
  pid?: number;
  startedAt?: string;
  /** kubectl's AGE format ("5m3s", "2d1h"). */
  uptime?: string;
  version?: string;
  /** Undefined when /metrics could not be read. */
  storeRevision?: number;
  /** Why a daemon that exists does not count as running, or why the last one is gone. */
  problem?: string;
}

export async function daemonStatus(dataDir: string, now = Date.now()): Promise<DaemonStatus> {
  const kubeconfig = daemonFiles(dataDir).kubeconfig;
  const probe = await probeDaemon(dataDir);
  if (probe.kind === 'stopped') {
    const problem = probe.stale ? `the last kubelabd (pid ${probe.stale.pid}) did not stop cleanly` : undefined;
    return { running: false, dataDir, kubeconfig, ...(problem ? { problem } : {}) };
  }
  const { state } = probe;
  const base = {
    dataDir,
    kubeconfig,
    server: state.server,
    pid: state.pid,
    startedAt: state.startedAt,
    uptime: humanDuration(now - Date.parse(state.startedAt)),
    version: state.version,
  };
  if (probe.kind === 'unresponsive') return { running: false, ...base, problem: `kubelabd (pid ${state.pid}) is running but does not answer: ${probe.reason}` };
  return { running: true, ...base, storeRevision: await storeRevision(probe.connection) };
}

async function storeRevision(connection: Parameters<typeof apiGet>[0]): Promise<number | undefined> {
  try {
    const res = await apiGet(connection, '/metrics');
    return res.status === 200 ? gauge(res.body, STORE_REVISION) : undefined;
  } catch {
    return undefined;
  }
}
