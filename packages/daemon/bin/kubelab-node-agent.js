#!/usr/bin/env node
// kubelab-node-agent: simulated nodes in their own process against a kubelab API server (see src/node-agent/main.ts).
import { main } from '../dist/node-agent/main.js';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`kubelab-node-agent: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
