/**
 * Which cluster a command talks to, decided as kubectl decides it — `--kubeconfig`, else
 * $KUBECONFIG; `--context`; `--server`, `--token`, `-n` override the context's — except that
 * with none of these set kubelab uses its own daemon's kubeconfig (<data dir>/kubeconfig),
 * and says "kubelab is not running" when that daemon is not.
 */
import { readFileSync } from 'node:fs';
import { daemonFiles, resolveDataDir } from '../data-dir.js';
import { KubelabError, notRunning } from '../errors.js';
import { isKubelabd, processAlive } from '../process.js';
import { readState } from '../state.js';
import { type KubeconfigEntries, kubeconfigPaths, readKubeconfigs } from './kubeconfig-files.js';

export interface ConnectionFlags {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  server?: string | undefined;
  token?: string | undefined;
  namespace?: string | undefined;
  'data-dir'?: string | undefined;
}

export interface KubeConnection {
  server: string;
  caPem?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
  /** True when -n was given (kubectl's "enforce namespace" for -f). */
  explicitNamespace: boolean;
  context: string;
  /** The local kubelab daemon (no kubeconfig chosen): a refused connection means it is not running. */
  local: boolean;
  entries: KubeconfigEntries;
}

export async function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<KubeConnection> {
  const chosen = kubeconfigPaths(flags.kubeconfig, env);
  let local = false;
  let entries: KubeconfigEntries;
  if (chosen) entries = await readKubeconfigs(chosen.paths, chosen.explicit);
  else {
    const dataDir = resolveDataDir(flags['data-dir']);
    local = true;
    if (!flags.server) assertRunning(dataDir);
    entries = await readKubeconfigs([daemonFiles(dataDir).kubeconfig], false);
    if (entries.files.length === 0 && !flags.server) throw notRunning();
  }
  const contextName = flags.context || entries.currentContext;
  const context = contextName ? entries.contexts.get(contextName) : undefined;
  if (flags.context && !context) throw new KubelabError(`context was not found for specified context: ${flags.context}`, 1, 'Error in configuration: ');
  const cluster = context ? entries.clusters.get(String(context['cluster'])) : undefined;
  const user = context ? entries.users.get(String(context['user'])) : undefined;
  const server = flags.server || (typeof cluster?.['server'] === 'string' ? cluster['server'] : '');
  if (!server) {
    throw new KubelabError('The connection to the server localhost:8080 was refused - did you specify the right host or port?', 1, '');
  }
  const conn: KubeConnection = {
    server,
    namespace: flags.namespace || (typeof context?.['namespace'] === 'string' && context['namespace']) || 'default',
    explicitNamespace: Boolean(flags.namespace),
    context: contextName ?? '',
    local,
    entries,
  };
  const caData = cluster?.['certificate-authority-data'];
  const caFile = cluster?.['certificate-authority'];
  if (typeof caData === 'string' && caData) conn.caPem = Buffer.from(caData, 'base64').toString('utf8');
  else if (typeof caFile === 'string' && caFile) conn.caPem = readFileSync(caFile, 'utf8');
  const insecure = cluster?.['insecure-skip-tls-verify'];
  if (insecure === true || insecure === 'true') conn.insecureSkipTlsVerify = true;
  const tokenFile = user?.['tokenFile'];
  const token = flags.token || (typeof user?.['token'] === 'string' ? user['token'] : undefined);
  if (token) conn.token = token;
  else if (typeof tokenFile === 'string' && tokenFile) conn.token = readFileSync(tokenFile, 'utf8').trim();
  return conn;
}

/** A cheap check before any request: the state file names a live kubelabd. */
function assertRunning(dataDir: string): void {
  const state = readState(dataDir);
  if (!state || !processAlive(state.pid) || !isKubelabd(state.pid)) throw notRunning();
}
