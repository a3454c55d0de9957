/**
 * What a snapshot's database says about itself: its revision, compaction, size of history
 * and cluster. Save reads these from the copy it just made (so the trailer always describes
 * the content, never the live store a moment later); status and restore read them again and
 * check them against the trailer.
 *
 * The queries are plain SQL strings so that the copying worker (vacuum.ts), which cannot
 * import this module, runs exactly the same ones; factsFromRows interprets the results.
 */
import Database from 'better-sqlite3';
import { ErrSnapshotCorrupt } from '../errors.js';
import { SCHEMA_VERSION } from '../sqlite/sqlite-log.js';
import type { DatabaseFacts, SnapshotMetadata } from './format.js';

/** Every query returns all its rows as arrays (better-sqlite3's raw mode). */
export const FACT_QUERIES = {
  tables: "SELECT name FROM sqlite_master WHERE type = 'table'",
  userVersion: 'PRAGMA user_version',
  maxRevision: 'SELECT MAX(rev) FROM kv',
  totalKey: 'SELECT COUNT(*) FROM kv',
  meta: 'SELECT name, value FROM meta',
} as const;

export type FactRows = Record<keyof typeof FACT_QUERIES, unknown[][]>;

/** Tables of the revision log (sqlite/sqlite-log.ts); a database without them is not ours. */
const REQUIRED_TABLES = ['kv', 'lease', 'meta'];

export type Facts = DatabaseFacts & { memberId: string };

/** The facts, or a sentence saying why this database is not a kubelab store. */
export function factsFromRows(rows: FactRows): Facts | { problem: string } {
  const tables = new Set(rows.tables.map((r) => r[0]));
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) return { problem: `not a kubelab store: its database has no ${missing.join(', ')} table` };
  const version = Number(rows.userVersion[0]?.[0] ?? 0);
  if (version > SCHEMA_VERSION) {
    return { problem: `written by a newer kubelab (schema ${version}, this one knows ${SCHEMA_VERSION})` };
  }
  const meta = new Map(rows.meta.map((r) => [String(r[0]), r[1]]));
  const num = (name: string) => Number(meta.get(name) ?? 0);
  // The store's current revision exactly as the engine computes it at open (mvcc/kv-store.ts
  // load): the newest entry, never below 1 (etcd's initial revision) or a restore's floor.
  const maxRevision = Number(rows.maxRevision[0]?.[0] ?? 0);
  return {
    revision: Math.max(1, maxRevision, num('revisionFloor')),
    compactRevision: num('scheduledCompactRevision'),
    totalKey: Number(rows.totalKey[0]?.[0] ?? 0),
    clusterId: String(meta.get('clusterId') ?? ''),
    memberId: String(meta.get('memberId') ?? ''),
  };
}

/** Runs FACT_QUERIES on an open database. The tables are checked first: the rest need them. */
export function queryFacts(db: Database.Database): FactRows {
  const all = (sql: string) => db.prepare(sql).raw().all() as unknown[][];
  const tables = all(FACT_QUERIES.tables);
  const userVersion = all(FACT_QUERIES.userVersion);
  const names = new Set(tables.map((r) => r[0]));
  if (!REQUIRED_TABLES.every((t) => names.has(t))) return { tables, userVersion, maxRevision: [], totalKey: [], meta: [] };
  return {
    tables,
    userVersion,
    maxRevision: all(FACT_QUERIES.maxRevision),
    totalKey: all(FACT_QUERIES.totalKey),
    meta: all(FACT_QUERIES.meta),
  };
}

/**
 * Opens the database in file (a snapshot, or a restore's copy of one), runs SQLite's own
 * consistency check over every page and index — the counterpart of the bolt tx.Check() that
 * etcdctl snapshot status runs first — and reads its facts, which must agree with the
 * trailer's metadata when there is one. Any failure is an ErrSnapshotCorrupt for snapshotPath.
 */
export function inspectDatabase(file: string, snapshotPath: string, metadata?: SnapshotMetadata): Facts {
  let facts: Facts | { problem: string };
  try {
    // A snapshot's database is in rollback-journal mode, so read-only needs no companion files;
    // SQLite trusts the size in the header and never reads the trailer after it.
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const problems = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
      if (problems.length > 0) {
        throw new ErrSnapshotCorrupt(
          snapshotPath,
          `integrity check failed: ${problems.length} errors found: ${problems.slice(0, 5).join('; ')}`,
        );
      }
      facts = factsFromRows(queryFacts(db));
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof ErrSnapshotCorrupt) throw err;
    // SQLITE_NOTADB, SQLITE_CORRUPT and the like: the bytes are not a readable database.
    throw new ErrSnapshotCorrupt(snapshotPath, `its database cannot be read: ${(err as Error).message}`);
  }
  if ('problem' in facts) throw new ErrSnapshotCorrupt(snapshotPath, facts.problem);
  if (metadata) {
    const differs = (['revision', 'compactRevision', 'totalKey', 'clusterId'] as const).filter(
      (k) => facts[k] !== metadata[k],
    );
    if (differs.length > 0) {
      throw new ErrSnapshotCorrupt(snapshotPath, `its metadata does not match its database (${differs.join(', ')})`);
    }
  }
  return facts;
}
