// Bundles the CLI for a fast start (packages/cli/dist/bundle/): the entry, and one chunk per
// command plus the chunks they share, so `kubelab get pods` parses a few files instead of
// resolving ~100 ES modules one by one (most of the start-up cost of an unbundled run).
// The command index and a loader per command are compiled into the entry. @oclif/core (help
// only), yaml and chalk stay external: they load from node_modules when a command needs them.
// rolldown is the bundler vite (vitest's) already installs, so it adds no package to npm ci.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const index = JSON.parse(readFileSync(join(dist, 'command-index.json'), 'utf8'));
const entry = join(dist, 'bundle-entry.js');
const cases = Object.entries(index.commands)
  .map(([id, path]) => `    case ${JSON.stringify(id)}: return import(${JSON.stringify(`./${path.replace(/^dist\//, '')}`)});`)
  .join('\n');
writeFileSync(
  entry,
  `import { main } from './main.js';
const index = ${JSON.stringify(index)};
function load(id) {
  switch (id) {
${cases}
  }
  throw new Error('no command ' + id);
}
export function run(argv, binUrl) {
  return main(argv, binUrl, { index, load });
}
`,
);
const out = join(dist, 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  input: { kubelab: entry },
  platform: 'node',
  external: [/^node:/, /^@oclif\//, 'yaml', 'chalk'],
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: false,
    // What nearly every command needs (the command line, the connection, printing) in one
    // chunk; each command's own code and heavy parts (patches, schemas) in chunks of their own.
    codeSplitting: { groups: [{ name: 'common', test: /[\\/]dist[\\/](lib[\\/](cli|kube)[\\/]|print[\\/]|flags\.js)|core[\\/]dist[\\/](api|client|print|labels|fields)[\\/]/, priority: 10 }] },
  },
  logLevel: 'warn',
});
rmSync(entry);
console.log(`bundled ${Object.keys(index.commands).length} commands into ${out}`);
