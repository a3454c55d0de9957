/**
 * `kubelab top nodes|pods`: usage from the Metrics API (metrics.k8s.io), printed as kubectl
 * top prints it. kubelab's nodes do not report metrics yet; without the API the answer is
 * kubectl's own: "Metrics API not available".
 */
import { formatBytes, formatCpu, parseQuantity } from '@kubelab/core/quantity';
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';
import { resolveResource } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';

type Obj = Record<string, any>;

async function metrics(s: Session, path: string): Promise<Obj[]> {
  const res = await s.transport.request('GET', path);
  if (res.status === 404 || res.status === 503) throw new KubelabError('Metrics API not available');
  if (res.status !== 200) throw new KubelabError(`Metrics API answered ${res.status}`);
  return ((JSON.parse(res.body) as { items?: Obj[] }).items ?? []) as Obj[];
}

function table(head: string[], rows: string[][], noHeaders: boolean): string {
  let out = '';
  const tw = new TabWriter((c) => (out += c), KUBECTL_TABWRITER);
  if (!noHeaders) tw.write(`${head.join('\t')}\t\n`);
  for (const r of rows) tw.write(`${r.join('\t')}\t\n`);
  tw.flush();
  return out;
}

export async function topNodes(s: Session, o: { selector?: string | undefined; noHeaders: boolean }): Promise<string> {
  const items = await metrics(s, `/apis/metrics.k8s.io/v1beta1/nodes${o.selector ? `?labelSelector=${encodeURIComponent(o.selector)}` : ''}`);
  const nodes = await s.client.list(resolveResource('nodes')!, {});
  const alloc = new Map(nodes.items.map((n) => [n.metadata?.name, ((n as Obj)['status']?.['allocatable'] ?? {}) as Record<string, string>]));
  const rows = items
    .sort((a, b) => (a['metadata']['name'] < b['metadata']['name'] ? -1 : 1))
    .map((m) => {
      const cpu = parseQuantity(m['usage']?.['cpu'] ?? '0');
      const mem = parseQuantity(m['usage']?.['memory'] ?? '0');
      const a = alloc.get(m['metadata']['name']) ?? {};
      const pct = (v: number, of?: string) => (of ? `${Math.trunc((v / parseQuantity(of)) * 100)}%` : '<unknown>');
      return [m['metadata']['name'], formatCpu(cpu), pct(cpu, a['cpu']), `${Math.trunc(mem / 2 ** 20)}Mi`, pct(mem, a['memory'])];
    });
  return table(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], rows, o.noHeaders);
}

export async function topPods(s: Session, o: { allNamespaces: boolean; selector?: string | undefined; noHeaders: boolean; containers: boolean }): Promise<string> {
  const ns = o.allNamespaces ? '' : `/namespaces/${s.namespace}`;
  const items = await metrics(s, `/apis/metrics.k8s.io/v1beta1${ns}/pods${o.selector ? `?labelSelector=${encodeURIComponent(o.selector)}` : ''}`);
  if (items.length === 0) throw new KubelabError(o.allNamespaces ? 'No resources found' : `No resources found in ${s.namespace} namespace.`);
  const rows: string[][] = [];
  for (const m of items) {
    const containers = (m['containers'] ?? []) as Obj[];
    const sum = (k: string) => containers.reduce((t, c) => t + parseQuantity(c['usage']?.[k] ?? '0'), 0);
    const lead = o.allNamespaces ? [m['metadata']['namespace']] : [];
    if (o.containers) for (const c of containers) rows.push([...lead, m['metadata']['name'], c['name'], formatCpu(parseQuantity(c['usage']?.['cpu'] ?? '0')), formatBytes(parseQuantity(c['usage']?.['memory'] ?? '0'))]);
    else rows.push([...lead, m['metadata']['name'], formatCpu(sum('cpu')), `${Math.trunc(sum('memory') / 2 ** 20)}Mi`]);
  }
  const head = [...(o.allNamespaces ? ['NAMESPACE'] : []), ...(o.containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
  return table(head, rows, o.noHeaders);
}
