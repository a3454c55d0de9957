/**
 * Opens the SQLite store in argv[3] and reports, for the data directory tests:
 *   hold <dir>  opens it, writes once, prints {"held":pid}, then keeps it until killed;
 *   try <dir>   tries to open it and prints {"opened":true} or the error's code and holderPid.
 */
import { openSqliteBackend } from '../../../src/store/sqlite/sqlite-backend.js';
import { ErrDataDirInUse, StoreError } from '../../../src/store/errors.js';

const [mode, dir] = process.argv.slice(2) as [string, string];

function report(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

if (mode === 'hold') {
  const store = openSqliteBackend(dir);
  await store.put('held-by', String(process.pid));
  report({ held: process.pid });
  // Nothing else keeps the event loop alive (the store's timers are unref'd).
  setInterval(() => {}, 1 << 30);
} else {
  try {
    const store = openSqliteBackend(dir);
    report({ opened: true });
    await store.close();
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    report({ code: err.code, holderPid: err instanceof ErrDataDirInUse ? err.holderPid : undefined, message: err.message });
  }
}
