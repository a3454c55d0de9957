#!/usr/bin/env node
// kubelab-etcdutl: snapshot status and restore on files, offline (see src/etcdutl/main.ts).
import { main } from '../dist/etcdutl/main.js';

process.exitCode = await main(process.argv.slice(2));
