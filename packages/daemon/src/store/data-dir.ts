/**
 * The data directory: private to its owner (0700, files 0600, as etcd keeps its data dir)
 * and held by one process at a time.
 *
 * The hold is an exclusive SQLite lock on `<dir>/lock`, kept for the life of the store. It
 * is an OS file lock, so it ends with the process however the process ends — a SIGKILLed
 * daemon never leaves a stale lock behind, unlike a pid file.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ErrDataDirInUse } from './errors.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates dir (and parents) if needed and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Creates path empty if missing, and makes it 0600 either way. */
export function ensurePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', FILE_MODE));
  chmodSync(path, FILE_MODE);
}

export class DataDirLock {
  private constructor(
    readonly dir: string,
    private readonly db: Database.Database,
  ) {}

  /** Takes the directory, or throws ErrDataDirInUse naming the holder's pid. */
  static acquire(dir: string): DataDirLock {
    ensurePrivateDir(dir);
    const lockPath = join(dir, 'lock');
    ensurePrivateFile(lockPath);
    const db = new Database(lockPath, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new ErrDataDirInUse(dir, readHolderPid(dir));
      throw err;
    }
    // ensurePrivateFile first: writeFileSync's mode only applies to a file it creates.
    ensurePrivateFile(join(dir, 'lock.pid'));
    writeFileSync(join(dir, 'lock.pid'), `${process.pid}\n`);
    return new DataDirLock(dir, db);
  }

  release(): void {
    if (!this.db.open) return;
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}

function readHolderPid(dir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dir, 'lock.pid'), 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
