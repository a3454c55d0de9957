/**
 * The lab catalogue: every directory of the labs directory that holds a lab's four files.
 *
 *   <labs>/<name>/README.md     the task, as the learner reads it; its first "# " heading is the title
 *   <labs>/<name>/setup.sh      prepares the cluster (and may break something on purpose)
 *   <labs>/<name>/solution.sh   a reference solution, with kubectl and kubelab as a learner would
 *   <labs>/<name>/check.sh      grades the cluster: exit 0 only when the task is done
 *
 * Directories whose name starts with "_" or "." (shared shell helpers) are not labs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KubelabError } from '../errors.js';

export const LAB_FILES = ['README.md', 'setup.sh', 'solution.sh', 'check.sh'] as const;

export type LabScript = 'setup' | 'solution' | 'check';

export interface Lab {
  name: string;
  title: string;
  dir: string;
  /** The task as the learner reads it (README.md). */
  readme: string;
}

export function listLabs(labsDir: string): Lab[] {
  return readdirSync(labsDir)
    .filter((name) => !name.startsWith('_') && !name.startsWith('.') && isLab(join(labsDir, name)))
    .sort()
    .map((name) => readLab(labsDir, name));
}

export function findLab(labsDir: string, name: string): Lab {
  // A name is one path segment: "kubelab lab start ../x" must not run scripts elsewhere.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || !isLab(join(labsDir, name))) {
    throw new KubelabError(`lab "${name}" not found in ${labsDir} (kubelab lab list shows the labs)`);
  }
  return readLab(labsDir, name);
}

export function scriptPath(lab: Lab, script: LabScript): string {
  return join(lab.dir, `${script}.sh`);
}

function isLab(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true && LAB_FILES.every((f) => existsSync(join(dir, f)));
}

function readLab(labsDir: string, name: string): Lab {
  const dir = join(labsDir, name);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  return { name, title: titleOf(readme) ?? name, dir, readme };
}

/** The README's first level-one heading ("# Title"). */
export function titleOf(markdown: string): string | undefined {
  return /^# +(.+?)\s*$/m.exec(markdown)?.[1];
}
