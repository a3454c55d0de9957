/**
 * The pieces every kubectl describer shares (k8s.io/kubectl/pkg/describe/describe.go):
 * labels and annotations over several lines, tolerations, taints, the controller, times in
 * RFC 1123Z, and the Events table.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { humanDuration } from '@kubelab/core/print/duration';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export type Obj = Record<string, any>;

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(byteOrder);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${k}: ${value}\n`);
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Obj[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations?.length) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => byteOrder(a['key'] ?? '', b['key'] ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    let s = t['key'] ?? '';
    if (t['value']) s += `=${t['value']}`;
    if (t['effect']) s += `:${t['effect']}`;
    if (t['operator'] === 'Exists' && !t['value']) s += t['key'] || t['effect'] ? ' op=Exists' : 'op=Exists';
    if (t['tolerationSeconds'] !== undefined && t['tolerationSeconds'] !== null) s += ` for ${t['tolerationSeconds']}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Obj[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Obj) => `${t['effect'] ?? ''},${t['key'] ?? ''}`;
  [...taints]
    .sort((a, b) => byteOrder(key(a), key(b)))
    .forEach((t, i) => {
      if (i !== 0) w.write(LEVEL_0, '\t');
      w.write(LEVEL_0, `${taintText(t)}\n`);
    });
}

/** Taint.ToString: "key=value:Effect", "key:Effect", "key" without an effect. */
export function taintText(t: Obj): string {
  const kv = t['value'] ? `${t['key']}=${t['value']}` : `${t['key']}`;
  return t['effect'] ? `${kv}:${t['effect']}` : kv;
}

/** "ReplicaSet/web-6dc5cd68db", or "" without a controller. */
export function printController(obj: KubeObject): string {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** Go's time.RFC1123Z in UTC: "Tue, 24 Nov 2026 05:06:07 +0000". */
export function rfc1123z(iso: string | undefined | null): string {
  const d = new Date(iso ?? 0);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** translateTimestampSince: "<unknown>" for no time, else the age. */
export function since(iso: string | undefined | null, now = Date.now()): string {
  if (!iso) return '<unknown>';
  return humanDuration(now - Date.parse(iso));
}

/** DescribeEvents: the object's events, oldest first, or "<none>". */
export function describeEvents(events: Obj[] | undefined, w: PrefixWriter, now = Date.now()): void {
  if (events === undefined) return;
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => eventTime(a) - eventTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e['eventTime'] ? since(e['eventTime'], now) : since(e['firstTimestamp'], now);
    let interval = first;
    if (e['series']) interval = `${since(e['series']['lastObservedTime'], now)} (x${e['series']['count']} over ${first})`;
    else if ((e['count'] ?? 0) > 1) interval = `${since(e['lastTimestamp'], now)} (x${e['count']} over ${first})`;
    const source = e['source']?.['component'] || e['reportingController'] || '';
    w.write(LEVEL_1, `${e['type'] ?? ''}\t${e['reason'] ?? ''}\t${interval}\t${source}\t${String(e['message'] ?? '').trim()}\n`);
  }
}

/** SortableEvents: by lastTimestamp (eventTime when it is unset). */
function eventTime(e: Obj): number {
  const t = e['lastTimestamp'] || e['eventTime'] || e['firstTimestamp'];
  return t ? Date.parse(t) : 0;
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.FormatLabels: "a=b,c=d" sorted, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}
