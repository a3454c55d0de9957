/**
 * The crash test's writer: opens the SQLite store in argv[2] and writes under load — many
 * concurrent puts, deletes and txns, so group commits batch them — until it is SIGKILLed.
 *
 * Each write is printed as one JSON line only after its promise resolved, that is after the
 * store called it durable; so every line the parent reads is a promise the store must keep.
 * A small WAL auto-checkpoint makes kills land inside checkpoints too.
 */
import { randomInt } from 'node:crypto';
import { openSqliteBackend } from '../../../src/store/sqlite/sqlite-backend.js';

export type Ack =
  | { op: 'open'; rev: number }
  | { op: 'put'; key: string; value: string; rev: number }
  /** Every key in [key, rangeEnd) (or just key) is absent at rev; deleted says how many went. */
  | { op: 'delete'; key: string; rangeEnd?: string; deleted: number; rev: number }
  | { op: 'txn'; succeeded: boolean; puts: Array<[string, string]>; deletes: string[]; rev: number };

const KEYS = 64;
const WORKERS = 48;

const store = openSqliteBackend(process.argv[2]!, { walAutocheckpointPages: 64 });
let written = 0;

function ack(a: Ack): void {
  process.stdout.write(`${JSON.stringify(a)}\n`);
}

function keyName(i: number): string {
  return `crash/${String(i).padStart(2, '0')}`;
}

/** n distinct random keys. */
function keys(n: number): string[] {
  const picked = new Set<number>();
  while (picked.size < n) picked.add(randomInt(KEYS));
  return [...picked].map(keyName);
}

/** Unique, and sometimes large enough to span pages. */
function value(): string {
  written++;
  return `${process.pid}.${written}.${'v'.repeat(randomInt(0, randomInt(2) ? 40 : 1500))}`;
}

async function writeOne(): Promise<void> {
  const dice = randomInt(100);
  if (dice < 55) {
    const [key] = keys(1) as [string];
    const v = value();
    const r = await store.put(key, v);
    ack({ op: 'put', key, value: v, rev: r.header.revision });
  } else if (dice < 67) {
    const [key] = keys(1) as [string];
    const r = await store.deleteRange(key);
    ack({ op: 'delete', key, deleted: r.deleted, rev: r.header.revision });
  } else if (dice < 70) {
    // A range delete: crash/10 … crash/19.
    const d = randomInt(Math.ceil(KEYS / 10));
    const key = `crash/${d}`;
    const rangeEnd = `crash/${d + 1}`;
    const r = await store.deleteRange(key, { rangeEnd });
    ack({ op: 'delete', key, rangeEnd, deleted: r.deleted, rev: r.header.revision });
  } else {
    const [a, b, c, d] = keys(4) as [string, string, string, string];
    const [va, vb, vd] = [value(), value(), value()];
    const r = await store.txn({
      compare: [{ key: a, target: 'version', result: '>', value: 0 }],
      success: [{ put: { key: a, value: va } }, { put: { key: b, value: vb } }, { deleteRange: { key: c } }],
      failure: [{ put: { key: d, value: vd } }, { deleteRange: { key: c } }],
    });
    const puts: Array<[string, string]> = r.succeeded ? [[a, va], [b, vb]] : [[d, vd]];
    ack({ op: 'txn', succeeded: r.succeeded, puts, deletes: [c], rev: r.header.revision });
  }
}

async function worker(): Promise<void> {
  for (;;) await writeOne();
}

ack({ op: 'open', rev: store.revision });
for (let i = 0; i < WORKERS; i++) {
  worker().catch((err: unknown) => {
    // A refused write is a bug the parent must see: it expects to end us itself.
    process.stderr.write(`crash-writer: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  });
}
