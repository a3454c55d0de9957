/**
 * The data directory and the files kubelabd keeps in it. The names are the daemon's on-disk
 * contract (packages/daemon/src/kubelabd/state.ts and credentials.ts); the CLI reads them and
 * never imports daemon code.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'KUBELAB_HOME';

/** $KUBELAB_HOME, else ~/.kubelab — the same default as `kubelabd`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[DATA_DIR_ENV] || join(homedir(), '.kubelab');
}

/** The flag's value when given, else the default; always absolute. */
export function resolveDataDir(flag?: string): string {
  return resolve(flag || defaultDataDir());
}

export interface DaemonFiles {
  /** kubelabd.json: pid, port, server, startedAt; present while the daemon is up. */
  state: string;
  /** kubelabd.log: the daemon's stdout and stderr, appended by `kubelab up`. */
  log: string;
  kubeconfig: string;
}

export function daemonFiles(dataDir: string): DaemonFiles {
  return {
    state: join(dataDir, 'kubelabd.json'),
    log: join(dataDir, 'kubelabd.log'),
    kubeconfig: join(dataDir, 'kubeconfig'),
  };
}
