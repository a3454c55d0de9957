#!/usr/bin/env node
// The `kubelab` binary: oclif finds the command in oclif.manifest.json and loads only its module.
import { main } from '../dist/main.js';

await main(process.argv.slice(2), import.meta.url);
