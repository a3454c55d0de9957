/**
 * kubectl's describer for kinds without their own (genericDescriber): name, namespace, labels
 * and annotations, then every other field as an indented outline with "smart" labels
 * ("apiVersion" → "API Version"), then events.
 */
import { type Obj, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common.js';
import { type PrefixWriter, LEVEL_0, tabbed } from './writer.js';

const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];

export function describeGeneric(obj: Obj, events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj['metadata']?.['name'] ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj['metadata']?.['namespace'] ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj['metadata']?.['labels']);
    printAnnotationsMultiline(w, 'Annotations', obj['metadata']?.['annotations']);
    printContent(w, LEVEL_0, obj, '');
    describeEvents(events, w, now);
  });
}

function printContent(w: PrefixWriter, level: number, content: Obj, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.includes(path)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
  }
}

function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue((v as Obj)[k])}`).join(' ')}]`;
  return String(v);
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** smartLabelFor: "apiVersion" → "API Version", "creationTimestamp" → "Creation Timestamp". */
export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** github.com/fatih/camelcase.Split. */
function camelSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\d/.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}
