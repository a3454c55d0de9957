/**
 * A consistent copy of a live SQLite store, made off the event loop.
 *
 * A worker thread opens the store's database file with its own read-only connection and runs
 * `VACUUM INTO`. In WAL mode that connection reads one committed state from start to end
 * while the store's connection keeps committing, so writes are neither blocked nor mixed into
 * the copy (https://sqlite.org/lang_vacuum.html#vacuuminto, https://sqlite.org/wal.html).
 * The same worker then switches the copy to rollback-journal mode (a snapshot must open
 * without -wal/-shm companions) and reads its facts, so what the trailer says is read from the
 * copy itself.
 *
 * The worker's source is a string (an `eval` worker) so that it runs the same from the
 * compiled package and from TypeScript sources under the test runner; it only loads
 * better-sqlite3, by the path resolved here, and runs the SQL it is given.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { FACT_QUERIES, type FactRows } from './database.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const source = new Database(workerData.source, { readonly: true, fileMustExist: true, timeout: 10000 });
try {
  source.prepare('VACUUM INTO ?').run(workerData.target);
} finally {
  source.close();
}
const copy = new Database(workerData.target, { fileMustExist: true });
try {
  copy.pragma('journal_mode = DELETE');
  const rows = {};
  for (const [name, sql] of Object.entries(workerData.queries)) rows[name] = copy.prepare(sql).raw().all();
  parentPort.postMessage(rows);
} finally {
  copy.close();
}
`;

const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Copies the database at source into target (which must not exist or be empty) and returns
 * the copy's facts, as queried by database.ts.
 */
export function vacuumInto(source: string, target: string): Promise<FactRows> {
  return new Promise((resolve, reject) => {
    let rows: FactRows | undefined;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sqlite: sqliteModule, source, target, queries: FACT_QUERIES },
    });
    worker.once('message', (m: FactRows) => {
      rows = m;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (rows) resolve(rows);
      else reject(new Error(`kubelab: the snapshot worker exited (code ${code}) without copying ${source}`));
    });
  });
}
