/**
 * Durability under SIGKILL: a child process writes to the SQLite store under load and is
 * killed at random moments, many times; after each kill the store is reopened and must hold
 * every write it acknowledged, at the revision it acknowledged it with (ARCHITECTURE.md rule
 * 5: a write is acknowledged only after it is durable). Revisions must stay gapless — kine's
 * AUTOINCREMENT ids left holes on rollback that stalled watchers — and never go backwards.
 *
 * KUBELAB_CRASH_ROUNDS sets the number of kills (default 25 on CI, 6 locally).
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/store/backend.js';
import { openSqliteBackend } from '../../src/store/sqlite/sqlite-backend.js';
import { buildChildren, type ChildBuild } from '../support/children.js';
import type { Ack } from '../support/children/crash-writer.js';
import { gapsInHistory, integrityCheck, tempDir } from '../support/store.js';

const ROUNDS = Number(process.env['KUBELAB_CRASH_ROUNDS'] ?? (process.env['CI'] === 'true' ? 25 : 6));

type WriteAck = Exclude<Ack, { op: 'open' }>;

/** Every acknowledged write, read back at its revision. Returns the mismatches, readably. */
async function unreadableWrites(store: Backend, acks: WriteAck[]): Promise<string[]> {
  const wrong: string[] = [];
  const expectValue = async (key: string, value: string, rev: number) => {
    const kv = (await store.range(key, { revision: rev })).kvs[0];
    if (kv?.modRevision !== rev || kv.value.toString() !== value) {
      wrong.push(`${key}@${rev}: want "${value.slice(0, 24)}…" got ${kv ? `"${kv.value.toString().slice(0, 24)}…"@${kv.modRevision}` : 'nothing'}`);
    }
  };
  const expectAbsent = async (key: string, rangeEnd: string | undefined, rev: number) => {
    const r = await store.range(key, { revision: rev, rangeEnd });
    if (r.count !== 0) wrong.push(`${key}${rangeEnd ? `…${rangeEnd}` : ''}@${rev}: deleted, yet ${r.count} key(s) there`);
  };
  for (const a of acks) {
    if (a.op === 'put') await expectValue(a.key, a.value, a.rev);
    else if (a.op === 'delete') await expectAbsent(a.key, a.rangeEnd, a.rev);
    else {
      for (const [key, value] of a.puts) await expectValue(key, value, a.rev);
      for (const key of a.deletes) await expectAbsent(key, undefined, a.rev);
    }
  }
  return wrong;
}

function parseAcks(lines: string[]): WriteAck[] {
  return lines.map((l) => JSON.parse(l) as Ack).filter((a): a is WriteAck => a.op !== 'open');
}

describe('the SQLite store under SIGKILL', () => {
  let children: ChildBuild;
  const dir = tempDir('kubelab-crash-');
  beforeAll(() => {
    children = buildChildren();
  });
  afterAll(() => {
    children?.remove();
    dir.remove();
  });

  it(
    `keeps every acknowledged write, gapless and at its revision, across ${ROUNDS} kills under load`,
    async () => {
      const all: WriteAck[] = [];
      let revision = 1;
      for (let round = 0; round < ROUNDS; round++) {
        const child = children.spawn('crash-writer', [dir.path]);
        if (round % 5 === 4) {
          // Sometimes while it is still opening: replaying the log, recovering the WAL.
          await sleep(randomInt(0, 120));
        } else {
          await child.line((l) => l.startsWith('{"op":"open"'));
          await sleep(randomInt(10, 400));
        }
        await child.kill();
        const { signal } = await child.exited;
        expect(signal, `the writer died on its own:\n${child.stderr}`).toBe('SIGKILL');

        const acks = parseAcks(child.lines);
        expect(integrityCheck(join(dir.path, 'db'))).toBe('ok');
        const store = openSqliteBackend(dir.path);
        try {
          const reopened = store.revision;
          expect(reopened, 'revision went backwards across a reopen').toBeGreaterThanOrEqual(revision);
          expect(reopened).toBeGreaterThanOrEqual(Math.max(0, ...acks.map((a) => a.rev)));
          expect(await unreadableWrites(store, acks)).toEqual([]);
          expect(await gapsInHistory(store, revision + 1, reopened)).toEqual({ missing: [], beyond: [] });

          // The next write continues right after the last durable revision.
          const probe = await store.put('crash/probe', `after kill ${round}`);
          expect(probe.header.revision).toBe(reopened + 1);
          all.push(...acks, { op: 'put', key: 'crash/probe', value: `after kill ${round}`, rev: probe.header.revision });
          revision = probe.header.revision;
        } finally {
          await store.close();
        }
      }

      expect(all.length).toBeGreaterThan(ROUNDS);
      const store = openSqliteBackend(dir.path);
      try {
        expect(store.revision).toBe(revision);
        expect(await unreadableWrites(store, all)).toEqual([]);
        expect(await gapsInHistory(store, 2, revision)).toEqual({ missing: [], beyond: [] });
      } finally {
        await store.close();
      }
      expect(integrityCheck(join(dir.path, 'db'))).toBe('ok');
    },
    30_000 + ROUNDS * 10_000,
  );
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
