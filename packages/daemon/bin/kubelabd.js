#!/usr/bin/env node
// The single-file bundle when the build made one (a faster start), else the compiled modules.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/kubelabd.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/main.js');

main(process.argv.slice(2)).catch((err) => {
  console.error(`kubelabd: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
