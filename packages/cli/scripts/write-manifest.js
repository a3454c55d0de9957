// Writes oclif.manifest.json (the command list, flags and help text) at build time, so that
// `kubelab <command>` loads only that command's module instead of scanning dist/commands.
// This is what `oclif manifest` does; the `oclif` dev package itself is not used because it
// requires @oclif/core 5 (Node 22) and pulls in the AWS SDK.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core/config';
import { settings } from '@oclif/core/settings';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'oclif.manifest.json');
settings.enableAutoTranspile = false;
rmSync(target, { force: true });
const plugin = new Plugin({ root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
const ids = Object.keys(plugin.manifest.commands);
if (ids.length === 0) throw new Error('write-manifest: no commands found in dist/commands');
writeFileSync(target, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
// The command index main.ts dispatches from without loading oclif: id and aliases → module.
const commands = {};
for (const [id, cmd] of Object.entries(plugin.manifest.commands)) {
  const path = cmd.relativePath.join('/');
  commands[id] = path;
  for (const alias of cmd.aliases ?? []) commands[alias] = path;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(root, 'dist', 'command-index.json'), `${JSON.stringify({ version: pkg.version, commands })}\n`);
console.log(`wrote ${target} (${ids.length} commands: ${ids.sort().join(', ')})`);
