/**
 * Builders and the create/update pipeline of the API server as tests see it: defaults first,
 * then validation, then the 422 message kube-apiserver would send.
 */
import type { KubeObject } from '../src/api/meta.js';
import { RESOURCES, type ResourceType } from '../src/api/registry.js';
import { invalid } from '../src/api/status.js';
import { applyDefaults } from '../src/defaults/index.js';
import { validateCreate, validateUpdate } from '../src/validation/index.js';

export type Obj = Record<string, unknown>;

export function rt(kind: string): ResourceType {
  const r = RESOURCES.find((x) => x.kind === kind);
  if (!r) throw new Error(`no resource for ${kind}`);
  return r;
}

export function object(kind: string, body: Obj, meta: Obj = {}): KubeObject {
  const r = rt(kind);
  const metadata = { name: 'web', ...(r.namespaced ? { namespace: 'default' } : {}), uid: 'uid-1', ...meta };
  return { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind, metadata, ...structuredClone(body) };
}

/** Defaults the object as a create does and returns it. */
export function defaulted(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  applyDefaults(rt(String(copy.kind)), copy);
  return copy;
}

/** The 422 message a create of this object gets, or undefined when it is accepted. */
export function createError(obj: KubeObject): string | undefined {
  const o = defaulted(obj);
  const r = rt(String(o.kind));
  const errs = validateCreate(r, o);
  return errs.length > 0 ? invalid(r, o.metadata?.name ?? '', errs).message : undefined;
}

/** The 422 message an update from `old` to `next` gets (both defaulted), or undefined. */
export function updateError(next: KubeObject, old: KubeObject): string | undefined {
  const n = defaulted(next);
  const o = defaulted(old);
  const r = rt(String(n.kind));
  const errs = validateUpdate(r, n, o);
  return errs.length > 0 ? invalid(r, n.metadata?.name ?? '', errs).message : undefined;
}

export const container = (o: Obj = {}): Obj => ({ name: 'app', image: 'nginx:1.27', ...o });

export function podSpec(o: Obj = {}): Obj {
  return { containers: [container()], ...o };
}

export function pod(spec: Obj = {}, meta: Obj = {}): KubeObject {
  return object('Pod', { spec: podSpec(spec) }, meta);
}

export function template(spec: Obj = {}, labels: Obj = { app: 'web' }): Obj {
  return { metadata: { labels }, spec: podSpec(spec) };
}

export function deployment(spec: Obj = {}, meta: Obj = {}): KubeObject {
  return object('Deployment', { spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec } }, meta);
}

/** Sets a value at a dotted path inside a copy ("spec.containers.0.image"). */
export function withPath(obj: KubeObject, path: string, value: unknown): KubeObject {
  const copy = structuredClone(obj);
  const keys = path.split('.');
  let cur: Obj = copy;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    cur = cur[k] as Obj;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}
