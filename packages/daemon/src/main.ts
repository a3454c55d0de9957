/**
 * kubelabd's entry point: read the configuration, open the store, stop cleanly on signals.
 * Until the API server lands (issue 3) the daemon only holds the store.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteBackend } from './store/sqlite/sqlite-backend.js';

export function defaultDataDir(): string {
  return process.env['KUBELAB_HOME'] ?? join(homedir(), '.kubelab');
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: kubelabd [--data-dir DIR]\n\nRuns the kubelab daemon in the foreground (data directory: $KUBELAB_HOME or ~/.kubelab).');
    return;
  }
  // Everything the daemon creates is private to its user (data dir 0700, files 0600).
  process.umask(0o077);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const store = openSqliteBackend(dataDir);
  const status = await store.status();
  console.log(`kubelabd: store open in ${dataDir} at revision ${status.header.revision} (cluster ${status.clusterId})`);
  console.log('kubelabd: the API server is not built yet, so this daemon only holds the store. Ctrl-C stops it.');
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await store.close();
  console.log('kubelabd: stopped');
}
