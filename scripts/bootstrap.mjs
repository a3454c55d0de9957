#!/usr/bin/env node
// Installs dependencies when they are missing or older than the lock file, then builds every
// package (turbo skips what has not changed). Used by the README's two commands.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs) {
  console.error('kubelab: installing dependencies (better-sqlite3 compiles from source; this takes a minute the first time)');
  run('npm ci --no-audit --no-fund');
}
run('npx turbo run build --output-logs=errors-only');
