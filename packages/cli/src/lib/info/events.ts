/**
 * `kubelab events` (kubectl events): the namespace's events oldest first — LAST SEEN, TYPE,
 * REASON, OBJECT, MESSAGE, NAMESPACE first with -A — filtered by --for and --types.
 */
import { resolveResource } from '@kubelab/core/api/registry';
import { apiVersionOfResource } from '@kubelab/core/api/registry';
import { humanDuration } from '@kubelab/core/print/duration';
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';
import { KubelabError } from '../errors.js';
import { resolveType } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';

type Event = Record<string, any>;

export interface EventsOptions {
  allNamespaces: boolean;
  for?: string | undefined;
  types: string[];
  noHeaders: boolean;
}

export function eventFieldSelector(forObject: string | undefined): string | undefined {
  if (!forObject) return undefined;
  const at = forObject.indexOf('/');
  if (at < 0) throw new KubelabError('--for must be in resource/name form');
  const [rt] = resolveType(forObject.slice(0, at));
  return `involvedObject.kind=${rt!.kind},involvedObject.apiVersion=${apiVersionOfResource(rt!)},involvedObject.name=${forObject.slice(at + 1)}`;
}

export async function listEvents(s: Session, o: EventsOptions): Promise<{ stdout: string; stderr: string }> {
  const fieldSelector = eventFieldSelector(o.for);
  const list = await s.client.list(resolveResource('events')!, { ...(o.allNamespaces ? {} : { namespace: s.namespace }), ...(fieldSelector ? { fieldSelector } : {}) });
  const types = o.types.map((t) => t.toLowerCase());
  const events = (list.items as Event[]).filter((e) => types.length === 0 || types.includes(String(e['type']).toLowerCase()));
  if (events.length === 0) return { stdout: '', stderr: o.allNamespaces ? 'No events found.\n' : `No events found in ${s.namespace} namespace.\n` };
  events.sort((a, b) => eventTime(a) - eventTime(b));
  return { stdout: printEvents(events, o), stderr: '' };
}

export function printEvents(events: Event[], o: Pick<EventsOptions, 'allNamespaces' | 'noHeaders'>, now = Date.now()): string {
  let out = '';
  const tw = new TabWriter((c) => (out += c), KUBECTL_TABWRITER);
  if (!o.noHeaders) tw.write(`${o.allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`);
  for (const e of events) {
    const obj = e['involvedObject'] ?? {};
    tw.write(`${o.allNamespaces ? `${e['metadata']?.['namespace'] ?? ''}\t` : ''}${interval(e, now)}\t${e['type'] ?? ''}\t${e['reason'] ?? ''}\t${obj['kind'] ?? ''}/${obj['name'] ?? ''}\t${String(e['message'] ?? '').trim()}\n`);
  }
  tw.flush();
  return out;
}

function since(t: string | undefined, now: number): string {
  return t ? humanDuration(now - Date.parse(t)) : '<unknown>';
}

function interval(e: Event, now: number): string {
  const first = e['eventTime'] ? since(e['eventTime'], now) : since(e['firstTimestamp'], now);
  if (e['series']) return `${since(e['series']['lastObservedTime'], now)} (x${e['series']['count']} over ${first})`;
  if ((e['count'] ?? 0) > 1) return `${since(e['lastTimestamp'], now)} (x${e['count']} over ${first})`;
  return first;
}

function eventTime(e: Event): number {
  const t = e['series']?.['lastObservedTime'] || e['lastTimestamp'] || e['eventTime'];
  return t ? Date.parse(t) : 0;
}
