// Bundles kubelabd into one file (dist/bundle/kubelabd.js) for a fast start: loading ~580
// ES modules one by one (resolve, read, compile, link each) costs more than the daemon's own
// start-up; one file parses in a fraction of that. Packages with native parts or their own
// layout (better-sqlite3, etcd3, undici, ws, yaml) stay external and load from node_modules.
// bin/kubelabd.js prefers the bundle and falls back to dist/main.js. rolldown is the bundler
// vite (vitest's) already installs, as packages/cli/scripts/bundle.js uses it.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  input: { kubelabd: join(root, 'dist', 'main.js') },
  platform: 'node',
  external: [/^node:/, 'better-sqlite3', 'etcd3', 'undici', 'ws', 'yaml'],
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: false },
  logLevel: 'warn',
});
console.log(`bundled kubelabd into ${out}`);
