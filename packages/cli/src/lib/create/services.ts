/**
 * Services as `kubectl create service clusterip|nodeport` and `kubectl expose` generate them.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { KubelabError } from '../errors.js';

/** `--tcp=80:8080` → a port named "80-8080" (kubectl create service's naming). */
export function servicePorts(tcp: string[], nodePort?: number): Array<Record<string, unknown>> {
  return tcp.map((spec) => {
    const [port, target] = spec.split(':');
    const p = Number(port);
    if (!Number.isInteger(p)) throw new KubelabError(`${spec} is not a valid port`);
    const t = target === undefined ? p : /^\d+$/.test(target) ? Number(target) : target;
    return { name: `${port}-${target ?? port}`, ...(nodePort !== undefined ? { nodePort } : {}), port: p, protocol: 'TCP', targetPort: t };
  });
}

export function service(name: string, type: 'ClusterIP' | 'NodePort', tcp: string[], nodePort?: number): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: null, labels, name },
    spec: { ports: servicePorts(tcp, nodePort), selector: labels, type },
    status: { loadBalancer: {} },
  };
}

export interface ExposeOptions {
  name?: string | undefined;
  port?: number | undefined;
  targetPort?: string | undefined;
  protocol?: string | undefined;
  type?: string | undefined;
  selector?: string | undefined;
}

/** kubectl expose: a service selecting what the object selects, on its (first) container port unless --port. */
export function exposeService(obj: KubeObject, o: ExposeOptions): KubeObject {
  const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
  const kind = obj.kind ?? '';
  let selector: Record<string, string> | undefined;
  if (o.selector) selector = Object.fromEntries(o.selector.split(',').map((kv) => kv.split('=') as [string, string]));
  else if (kind === 'Pod') selector = obj.metadata?.labels;
  else if (kind === 'Service') selector = spec['selector'] as Record<string, string>;
  else {
    const sel = spec['selector'] as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
    if (sel?.matchExpressions?.length) throw new KubelabError(`couldn't retrieve selectors via --selector flag or introspection: the selector has match expressions`);
    selector = sel?.matchLabels;
  }
  if (!selector || Object.keys(selector).length === 0) throw new KubelabError(`couldn't retrieve selectors via --selector flag or introspection: the ${kind.toLowerCase()} has no labels to select`);
  const port = o.port ?? firstContainerPort(obj);
  if (port === undefined) throw new KubelabError(`couldn't find port via --port flag or introspection`);
  const target = o.targetPort === undefined ? port : /^\d+$/.test(o.targetPort) ? Number(o.targetPort) : o.targetPort;
  const labels = kind === 'Service' ? obj.metadata?.labels : obj.metadata?.labels ?? undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: null, ...(labels ? { labels } : {}), name: o.name ?? obj.metadata?.name ?? '' },
    spec: { ports: [{ port, protocol: o.protocol ?? 'TCP', targetPort: target }], selector, ...(o.type ? { type: o.type } : {}) },
    status: { loadBalancer: {} },
  };
}

function firstContainerPort(obj: KubeObject): number | undefined {
  const spec = obj['spec'] as Record<string, unknown> | undefined;
  if (obj.kind === 'Service') return ((spec?.['ports'] as Array<{ port: number }>) ?? [])[0]?.port;
  const podSpec = obj.kind === 'Pod' ? spec : (spec?.['template'] as { spec?: Record<string, unknown> } | undefined)?.spec;
  for (const c of (podSpec?.['containers'] as Array<{ ports?: Array<{ containerPort: number }> }>) ?? []) {
    const p = c.ports?.[0]?.containerPort;
    if (p !== undefined) return p;
  }
  return undefined;
}
