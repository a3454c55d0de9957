/** What `kubelab lab` prints: the catalogue as a kubectl-style table, and a grader's verdict. */
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';
import { green, red } from '../cli/colour.js';
import type { Lab } from './catalogue.js';

export function labTable(labs: readonly Lab[]): string {
  let out = '';
  const tw = new TabWriter((s) => (out += s), KUBECTL_TABWRITER);
  tw.write('NAME\tTITLE\n');
  for (const lab of labs) tw.write(`${lab.name}\t${lab.title}\n`);
  tw.flush();
  return out;
}

/** The last line of `kubelab lab check`, under the grader's own words (in colour on a terminal). */
export function verdict(lab: Lab, code: number): string {
  return code === 0 ? `${green('PASS', process.stdout)}: lab ${lab.name} is done.` : `${red('FAIL', process.stdout)}: lab ${lab.name} is not done yet (check exited ${code}).`;
}
