/**
 * Where the kubelabd binary is: the `bin` of the @kubelab/daemon package, found the way Node
 * finds a dependency (node_modules up the tree from here). The CLI depends on that package
 * only to locate it; it never imports daemon code (ARCHITECTURE.md rule 6).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubelabError } from './errors.js';

const DAEMON_PACKAGE = '@kubelab/daemon';

export function kubelabdBin(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkgJson = join(dir, 'node_modules', DAEMON_PACKAGE, 'package.json');
    if (existsSync(pkgJson)) {
      const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { bin?: Record<string, string> };
      const bin = pkg.bin?.['kubelabd'];
      if (!bin) throw new KubelabError(`${pkgJson} declares no kubelabd bin`);
      const path = join(dirname(pkgJson), bin);
      if (!existsSync(path)) throw new KubelabError(`kubelabd is not built: ${path} is missing (run: npm run build)`);
      return path;
    }
    if (dirname(dir) === dir) throw new KubelabError(`cannot find the ${DAEMON_PACKAGE} package (is kubelab installed?)`);
  }
}

/**
 * Whether this kubelabd accepts a flag, read from its --help. Lets `kubelab up` pass newer
 * flags (such as --nodes) exactly when the installed daemon understands them.
 */
export function kubelabdAccepts(bin: string, flag: string): boolean {
  try {
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 10_000 });
    return new RegExp(`(^|\\s)${flag}(\\s|=|$)`, 'm').test(help);
  } catch {
    return false;
  }
}
