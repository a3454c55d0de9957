/**
 * The text of `rollout history`: the table (REVISION, CHANGE-CAUSE) or, with --revision, that
 * revision's pod template — printed by kubectl with raw tabs, not aligned.
 */
import { TabWriter } from '@kubelab/core/print/tabwriter';
import { describePodTemplate } from '../describe/containers.js';
import { PrefixWriter } from '../describe/writer.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';
import type { Revision } from './history.js';

export function historyText(ref: ObjectRef, revisions: Revision[], revision: number): string {
  if (revision > 0) {
    const r = revisions.find((x) => x.revision === revision)!;
    const w = new PrefixWriter(true);
    describePodTemplate(r.template, w);
    return `${targetName(ref)} with revision #${revision}\n${w.text()}\n`;
  }
  let out = `${targetName(ref)} \n`;
  const tw = new TabWriter((c) => (out += c), { minWidth: 0, tabWidth: 0, padding: 2, padChar: ' ', rememberWidths: false });
  tw.write('REVISION\tCHANGE-CAUSE\n');
  for (const r of revisions) tw.write(`${r.revision}\t${r.changeCause || '<none>'}\n`);
  tw.flush();
  return `${out}\n`;
}
