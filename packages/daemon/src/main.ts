/**
 * kubelabd's entry point: read the flags, start the daemon in the foreground, stop cleanly
 * on SIGINT/SIGTERM. `kubelab up` runs this detached with its output in the data directory's
 * log; run it directly for debugging.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDaemon } from './kubelabd/daemon.js';

export function defaultDataDir(): string {
  return process.env['KUBELAB_HOME'] ?? join(homedir(), '.kubelab');
}

const USAGE = `Usage: kubelabd [--data-dir DIR] [--port PORT]

Runs the kubelab daemon in the foreground: the store, the API server on 127.0.0.1 and,
as they land, the scheduler, controllers and simulated nodes.

  --data-dir DIR   where state lives (default: $KUBELAB_HOME or ~/.kubelab)
  --port PORT      API server port (default: the last one used, else 6443, else any free one)
`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Everything the daemon creates is private to its user (data dir 0700, files 0600).
  process.umask(0o077);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: invalid port "${values.port}"`);
  const daemon = await startDaemon({ dataDir, port });
  const revision = daemon.store.revision;
  console.log(`kubelabd: serving the Kubernetes API at ${daemon.server} (store revision ${revision}, data in ${dataDir})`);
  console.log(`kubelabd: kubectl --kubeconfig ${daemon.kubeconfigPath} get namespaces`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await daemon.stop();
  console.log('kubelabd: stopped');
}
