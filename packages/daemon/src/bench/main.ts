/**
 * `npm run bench` (from the repo root): builds, then runs this file. See suite.ts for what
 * is measured and `--help` for the flags.
 */
import { benchCli } from './suite.js';

benchCli(process.argv.slice(2)).then(
  // exitCode, not exit(): let a large --json report drain to a slow pipe first.
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
