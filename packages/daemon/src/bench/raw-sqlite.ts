/**
 * Baselines: what this machine's disk allows SQLite at our batch size. Plain better-sqlite3
 * inserts with the revision log's own pragmas (WAL, synchronous=FULL, same checkpointing),
 * ROWS_PER_TXN rows per transaction, back to back on one thread: no MVCC engine, no
 * promises, no watchers. Each commit is one fsync of the WAL.
 *
 * Two tables, each row holding the same columns as a log entry:
 *   - 'plain': an ordinary rowid table — SQLite storing the row the way it stores rows
 *     best. This is the machine's limit and the target's denominator.
 *   - 'log':   the revision log's own table (sqlite-log.ts SCHEMA, WITHOUT ROWID), so
 *     ours / this isolates the engine's overhead from the cost of the table layout.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA } from '../store/sqlite/sqlite-log.js';
import { nowMs } from './stats.js';
import { type ThroughputSession, benchKey, benchValue, tempDir } from './workload.js';

/** One transaction per round of 64 writers, as group commit would batch them at best. */
export const ROWS_PER_TXN = 64;

export type RawTable = 'plain' | 'log';

const PLAIN_TABLE = `CREATE TABLE kv (
  rev INTEGER NOT NULL, sub INTEGER NOT NULL, key BLOB NOT NULL, create_revision INTEGER NOT NULL,
  version INTEGER NOT NULL, lease INTEGER NOT NULL, value BLOB
)`;

export function openRawSqlite(table: RawTable, rowsPerTxn = ROWS_PER_TXN): ThroughputSession {
  const dir = tempDir(`raw-${table}`);
  const db = new Database(join(dir.path, 'db'));
  // Keep in step with SqliteLog's constructor: the point is the same durability settings.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 1000');
  db.pragma('journal_size_limit = 16777216');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  db.exec(table === 'log' ? SCHEMA : PLAIN_TABLE);
  const insert = db.prepare(
    'INSERT INTO kv (rev, sub, key, create_revision, version, lease, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const value = benchValue();
  let rev = 1;
  const commit = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      rev++;
      insert.run(rev, 0, Buffer.from(benchKey(rev), 'latin1'), rev, 1, 0, value);
    }
  });
  return {
    async measure(durationMs) {
      const latenciesMs: number[] = [];
      const start = nowMs();
      const deadline = start + durationMs;
      // Synchronous on purpose: the baseline is SQLite alone, with nothing between commits.
      while (nowMs() < deadline) {
        const t0 = nowMs();
        commit(rowsPerTxn);
        latenciesMs.push(nowMs() - t0);
      }
      return { ops: latenciesMs.length * rowsPerTxn, elapsedMs: nowMs() - start, latenciesMs };
    },
    async close() {
      try {
        db.close();
      } finally {
        dir.remove();
      }
    },
  };
}
