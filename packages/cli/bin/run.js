#!/usr/bin/env node
// The `kubelab` binary: the bundled build (dist/bundle/, see scripts/bundle.js) when present,
// else the plain compiled modules (dist/main.js).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/kubelab.js', import.meta.url);
if (existsSync(bundle)) {
  const { run } = await import(bundle.href);
  await run(process.argv.slice(2), import.meta.url);
} else {
  const { main } = await import('../dist/main.js');
  await main(process.argv.slice(2), import.meta.url);
}
