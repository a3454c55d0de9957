/** Small helpers shared by the store's durability tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Backend } from '../../src/store/backend.js';

/** A fresh directory under the OS temp dir; removed by the returned function. */
export function tempDir(prefix = 'kubelab-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * SQLite's own verdict on a database file, read through a read-only connection so that the
 * check leaves the file (and its WAL) exactly as it found them.
 */
export function integrityCheck(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('\n');
  } finally {
    db.close();
  }
}

/**
 * Every revision from `from` on that holds at least one change, as a watch over the whole
 * keyspace replays them. Ends at the progress notification, which promises that everything
 * up to the current revision has been delivered.
 */
export async function revisionsInHistory(store: Backend, from: number): Promise<number[]> {
  const watch = await store.watch('\0', { rangeEnd: '\0', startRevision: from });
  watch.requestProgress();
  const revisions: number[] = [];
  try {
    for await (const response of watch) {
      if (response.events.length === 0) break;
      for (const e of response.events) {
        if (revisions[revisions.length - 1] !== e.kv.modRevision) revisions.push(e.kv.modRevision);
      }
    }
  } finally {
    watch.cancel();
  }
  return revisions;
}

/**
 * Revisions from..to with no change in the history, and any change after `to`: both empty
 * when the history is gapless and ends at `to`. Short to print when it is not.
 */
export async function gapsInHistory(store: Backend, from: number, to: number): Promise<{ missing: number[]; beyond: number[] }> {
  const seen = await revisionsInHistory(store, from);
  const present = new Set(seen);
  return { missing: revisionRange(from, to).filter((r) => !present.has(r)), beyond: seen.filter((r) => r > to) };
}

/** from, from+1, …, to. */
export function revisionRange(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * Lets the store's deferred work (group commits, physical compaction, checkpoints: all
 * setImmediate callbacks) run until `done` holds. Gives up after many turns of the event loop
 * rather than waiting on a wall-clock timeout.
 */
export async function until(done: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  for (let turn = 0; turn < 10_000; turn++) {
    if (await done()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}
