/**
 * Where the lab exercises live. A lab is a directory of fixtures/labs in the kubelab
 * repository; the CLI finds it from its own location, whichever build runs: the compiled
 * modules (packages/cli/dist/lib/lab/), the bundle's chunks (packages/cli/dist/bundle/chunks/)
 * or the sources under vitest (packages/cli/src/lib/lab/). Walking up to the first ancestor
 * that holds fixtures/labs covers all three without counting levels, which would break the
 * day the bundle's layout changes. An instructor's own labs come from --labs-dir or
 * $KUBELAB_LABS.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubelabError } from '../errors.js';

export const LABS_ENV = 'KUBELAB_LABS';

/** The labs directory: the flag's, else $KUBELAB_LABS, else the repository's fixtures/labs. */
export function resolveLabsDir(flag?: string, env: NodeJS.ProcessEnv = process.env, from = fileURLToPath(import.meta.url)): string {
  const chosen = flag || env[LABS_ENV];
  if (chosen) {
    const dir = resolve(chosen);
    if (!isDirectory(dir)) throw new KubelabError(`labs directory ${dir} does not exist`);
    return dir;
  }
  const found = findUp(dirname(from), join('fixtures', 'labs'));
  if (!found) throw new KubelabError(`cannot find the labs (fixtures/labs) above ${dirname(from)}; name their directory with --labs-dir or $${LABS_ENV}`);
  return found;
}

/** The first `<ancestor>/<relative>` directory, starting at `start` and going up to the root. */
export function findUp(start: string, relative: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (isDirectory(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
