/**
 * Runs one seed: the same generated operations, one at a time, on every side (the memory
 * backend first, as the reference the generator looks at), comparing the answers after each
 * operation, then the complete event stream of every watch.
 *
 * Watches need care, because etcd delivers events asynchronously:
 *   - before a compaction we wait until every watch has caught up, since etcd reads a
 *     watch's missing history and its prevKvs when it sends them, and a compaction in between
 *     would change what it sends (etcd moves a watch that starts in the past to its "synced"
 *     group only on its next 100 ms sync pass, watchable_store.go syncWatchersLoop);
 *   - at the end, each watch is "fenced": a write inside its range, after which its stream
 *     up to that write must be complete and equal on every side.
 *
 * One known etcd bug is tolerated, in exactly its case: etcd before 3.4.34 / 3.5.15 drops
 * the DELETE events at revision C for a watch that starts at C after compact(C) removed those
 * tombstones (etcd #18089, #19179) — once the compaction has physically run, so whether it
 * shows depends on timing. Our store delivers them on purpose (backend.ts); etcd's stream may
 * then be ours with or without them, and nothing else.
 */
import { setImmediate as tick } from 'node:timers/promises';
import type { MvccBackend } from '../../../src/store/mvcc-backend.js';
import { generateOp, type Op } from './ops.js';
import { Rng } from './rng.js';
import type { Plain, PlainEvent, Side } from './side.js';

export interface SeedResult {
  ops: number;
  watches: number;
  /** DELETE events etcd left out in the etcd #18089 case. */
  toleratedDeletes: number;
}

interface WatchSpec {
  op: Extract<Op, { op: 'watch' }>;
  /** The compaction when the watch was created (the #18089 case: start === compaction). */
  compactAtCreate: number;
  fenceRev?: number;
}

const reproduce = (seed: number) =>
  `reproduce: KUBELAB_DIFF_SEED=${seed} npx vitest run test/store/differential.test.ts`;

export class DifferentialMismatch extends Error {}

export async function runSeed(seed: number, sides: Side[], reference: MvccBackend, opCount: number): Promise<SeedResult> {
  const rng = new Rng(seed);
  const history: string[] = [];
  const specs: WatchSpec[] = [];
  let compactRevision = 0;
  let autoLeases = 0;
  /** A watch that starts at or below the current revision was created since the last settle. */
  let catchingUp = false;
  let toleratedDeletes = 0;

  const mismatch = (what: string, shown: Array<[string, unknown]>) =>
    new DifferentialMismatch(
      [
        `differential mismatch, seed ${seed}, ${what}`,
        `  ${reproduce(seed)}`,
        ...shown.map(([name, v]) => `  ${name.padEnd(8)} ${JSON.stringify(v)}`),
        `  the operations before it:`,
        ...history.slice(-12).map((h) => `    ${h}`),
      ].join('\n'),
    );

  const runEverywhere = async (op: Op, index: number | string): Promise<Plain> => {
    const results = await Promise.all(sides.map((s) => s.run(op)));
    const want = JSON.stringify(results[0]);
    if (results.some((r) => JSON.stringify(r) !== want)) {
      throw mismatch(`operation #${index}`, [['op', op], ...sides.map((s, i): [string, unknown] => [s.name, results[i]])]);
    }
    history.push(`#${index} ${JSON.stringify(op)} → ${want}`);
    return results[0]!;
  };

  /** The events our reference delivered that etcd may leave out (etcd #18089). */
  const excused = (j: number): PlainEvent[] => {
    const spec = specs[j]!;
    const start = spec.op.startRevision;
    if (start === 0 || start !== spec.compactAtCreate) return [];
    return sides[0]!.watches[j]!.events.filter((e) => e.rev === start && e.type === 'DELETE');
  };

  /** Waits until every watch everywhere has delivered what the reference has. */
  const settle = async () => {
    if (catchingUp) {
      // No event may tell us that etcd's sync pass ran; give it two of its 100 ms periods.
      await new Promise((r) => setTimeout(r, 250));
      catchingUp = false;
    }
    await tick();
    for (let j = 0; j < specs.length; j++) {
      const want = sides[0]!.watches[j]!.events.length;
      for (const side of sides.slice(1)) {
        const need = side.name === 'etcd' ? want - excused(j).length : want;
        await side.watches[j]!.until((l) => l.done || l.events.length >= need, 3000);
      }
    }
  };

  for (let i = 0; i < opCount; i++) {
    const op = await generateOp(rng, {
      revision: reference.revision,
      compactRevision,
      get: async (key) => (await reference.range(key)).kvs[0],
      watches: specs.length,
      autoLeases,
    });
    if (op.op === 'leaseGrant' && op.auto !== undefined) autoLeases++;
    if (op.op === 'compact') await settle();
    const result = await runEverywhere(op, i);
    const failed = typeof result === 'object' && result !== null && 'error' in result;
    if (op.op === 'compact' && !failed) compactRevision = Math.max(compactRevision, op.revision);
    if (op.op === 'watch' && !failed) {
      specs.push({ op, compactAtCreate: compactRevision });
      if (op.startRevision > 0 && op.startRevision <= reference.revision) catchingUp = true;
    }
  }

  // Fences: a write in each live watch's range (a delete where PUT events are filtered out),
  // repeated until the write is at or after the watch's start revision.
  const live = specs.map((_, j) => j).filter((j) => !sides[0]!.watches[j]!.done);
  for (let round = 0; live.some((j) => specs[j]!.fenceRev === undefined); round++) {
    if (round > 10) throw new Error('fences never reached the watches’ start revisions');
    for (const j of live) {
      const spec = specs[j]!;
      if (spec.fenceRev !== undefined) continue;
      const key = spec.op.key;
      const put = (await runEverywhere({ op: 'put', key, value: `fence${j}` }, `fence${j}`)) as { put: { rev: number } };
      let rev = put.put.rev;
      if (spec.op.filters?.includes('PUT')) {
        const del = (await runEverywhere({ op: 'deleteRange', key }, `fence${j}`)) as { deleteRange: { rev: number } };
        rev = del.deleteRange.rev;
      }
      if (rev >= Math.max(1, spec.op.startRevision)) spec.fenceRev = rev;
    }
  }

  for (let j = 0; j < specs.length; j++) {
    const spec = specs[j]!;
    const fence = spec.fenceRev;
    for (const side of sides) {
      const ok = await side.watches[j]!.until((l) => l.done || (fence !== undefined && l.events.some((e) => e.rev >= fence)), 5000);
      if (!ok) {
        throw mismatch(`watch #${j} on ${side.name} never delivered its fence at revision ${fence}`, [
          ['watch', spec.op],
          ...sides.map((s): [string, unknown] => [s.name, s.watches[j]!.events]),
        ]);
      }
    }
    const streams = sides.map((s) => {
      const log = s.watches[j]!;
      const events = fence === undefined ? log.events : log.events.filter((e) => e.rev <= fence);
      return { events, error: log.error ?? null };
    });
    const want = JSON.stringify(streams[0]);
    const withoutExcused = excused(j).length
      ? JSON.stringify({ ...streams[0], events: streams[0]!.events.filter((e) => !excused(j).includes(e)) })
      : undefined;
    for (let k = 1; k < sides.length; k++) {
      const got = JSON.stringify(streams[k]);
      if (got === want) continue;
      if (sides[k]!.name === 'etcd' && got === withoutExcused) {
        toleratedDeletes += excused(j).length;
        continue;
      }
      throw mismatch(`the event stream of watch #${j}`, [
        ['watch', spec.op],
        ...sides.map((s, i): [string, unknown] => [s.name, streams[i]]),
      ]);
    }
  }
  return { ops: opCount, watches: specs.length, toleratedDeletes };
}
