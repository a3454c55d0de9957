/**
 * Saving a snapshot: a consistent point-in-time copy of the store, written while writes go on.
 *
 * Like etcdctl snapshot save, the file is written under a temporary name beside the target
 * (etcd uses `<path>.part`), fsynced, renamed into place and the directory fsynced, so a
 * crash leaves either no snapshot or a whole one; the file is 0600, as etcd's is. The
 * database is copied first, its facts read from the copy, and the trailer (format.ts)
 * appended last, hashing the bytes as they are read back.
 *
 *   - SQLite backend: vacuum.ts copies the live database in a worker thread.
 *   - Any other log (the memory backend): its entries, leases and meta are written into a new
 *     SQLite database with the SQLite log's schema, so every snapshot has one format and
 *     restores into a SQLite data directory.
 */
import { Buffer } from 'node:buffer';
import { randomBytes, createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';
import type { SnapshotInfo } from '../backend.js';
import type { RevisionLog } from '../mvcc/revision-log.js';
import { SCHEMA, SCHEMA_VERSION } from '../sqlite/sqlite-log.js';
import { type Facts, factsFromRows, type FactRows, queryFacts } from './database.js';
import { encodeTrailer, FORMAT_VERSION, type SnapshotMetadata } from './format.js';
import { createPrivateFile, forEachChunk, fsyncDir } from './io.js';
import { vacuumInto } from './vacuum.js';

/** Snapshots the SQLite store whose database file is dbPath (open, and possibly being written). */
export function saveSqliteSnapshot(dbPath: string, path: string): Promise<SnapshotInfo> {
  return writeSnapshot(path, (part) => vacuumInto(dbPath, part));
}

/**
 * Snapshots a revision log by writing its content into a new SQLite database. Everything is
 * read synchronously, before the first await, so the copy is one committed state: the MVCC
 * engine applies a batch of writes without yielding in between.
 */
export function saveLogSnapshot(log: RevisionLog, path: string): Promise<SnapshotInfo> {
  return writeSnapshot(path, (part) => writeLogDatabase(log, part));
}

async function writeSnapshot(path: string, copy: (part: string) => FactRows | Promise<FactRows>): Promise<SnapshotInfo> {
  const part = `${path}.${randomBytes(4).toString('hex')}.part`;
  createPrivateFile(part);
  try {
    const facts = factsFromRows(await copy(part));
    // Only a bug could get here: the copy is of our own store.
    if ('problem' in facts) throw new Error(`kubelab: snapshot copy ${part} is unusable: ${facts.problem}`);
    const info = await appendTrailer(part, facts);
    await rename(part, path);
    fsyncDir(dirname(path));
    return info;
  } catch (err) {
    rmSync(part, { force: true });
    throw err;
  }
}

/** Reads the database back for its crc32 and sha256, then appends trailer and digest and fsyncs. */
async function appendTrailer(part: string, facts: Facts): Promise<SnapshotInfo> {
  const fh = await open(part, 'r+');
  try {
    const { size: dataSize } = await fh.stat();
    const sha = createHash('sha256');
    let hash = 0;
    await forEachChunk(fh, 0, dataSize, (chunk) => {
      sha.update(chunk);
      hash = crc32(chunk, hash);
    });
    const meta: SnapshotMetadata = {
      formatVersion: FORMAT_VERSION,
      revision: facts.revision,
      compactRevision: facts.compactRevision,
      totalKey: facts.totalKey,
      clusterId: facts.clusterId,
      hash,
      dataSize,
    };
    const trailer = encodeTrailer(meta);
    sha.update(trailer);
    const tail = Buffer.concat([trailer, sha.digest()]);
    await fh.write(tail, 0, tail.length, dataSize);
    await fh.sync();
    return { revision: meta.revision, totalKey: meta.totalKey, totalSize: dataSize + tail.length, hash };
  } finally {
    await fh.close();
  }
}

/** The log's content as a database the SQLite log can open (the same schema and version). */
function writeLogDatabase(log: RevisionLog, part: string): FactRows {
  const entries = log.scan(0, log.maxRevision());
  const leases = log.leases();
  const meta = log.meta();
  const db = new Database(part, { fileMustExist: true });
  try {
    // Durability comes from the fsync after the trailer; a rollback journal keeps the file
    // free of -wal/-shm companions.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    const insertKv = db.prepare(
      'INSERT INTO kv (rev, sub, key, create_revision, version, lease, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertLease = db.prepare('INSERT INTO lease (id, ttl) VALUES (?, ?)');
    const insertMeta = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
    db.transaction(() => {
      for (const e of entries) {
        insertKv.run(e.rev, e.sub, Buffer.from(e.key, 'latin1'), e.createRevision, e.version, e.lease, e.value);
      }
      for (const l of leases) insertLease.run(l.id, l.ttl);
      for (const [name, value] of Object.entries(meta)) insertMeta.run(name, value);
    })();
    return queryFacts(db);
  } finally {
    db.close();
  }
}
