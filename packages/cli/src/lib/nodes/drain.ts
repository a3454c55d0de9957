/**
 * `kubelab drain`, as kubectl's drain (k8s.io/kubectl/pkg/drain): cordon the node, pick the
 * pods to remove (skipping mirror and finished pods; DaemonSet pods need
 * --ignore-daemonsets, pods without a controller --force, emptyDir pods
 * --delete-emptydir-data), evict each through the Eviction API — a 429 (a disruption
 * budget says no) is retried every 5 seconds with kubectl's message — and wait until they
 * are gone.
 */
import { resolveResource } from '@kubelab/core/api/registry';
import { StatusError } from '@kubelab/core/api/status';
import { resourcePath } from '@kubelab/core/client/client';
import { statusErrorFromResponse } from '@kubelab/core/client/transport';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import { sleep } from '../process.js';

type Obj = Record<string, any>;

export interface DrainOptions {
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  force: boolean;
  gracePeriod: number;
  timeoutMs: number;
  disableEviction: boolean;
  podSelector?: string | undefined;
  retryMs?: number;
}

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

export interface PodPlan {
  pods: Obj[];
  warnings: string;
  errors: string[];
}

/** GetPodsForDeletion: which pods go, which are skipped with a warning, which block the drain. */
export function planDeletion(all: Obj[], o: DrainOptions): PodPlan {
  const warnings = new Map<string, string[]>();
  const errors = new Map<string, string[]>();
  const pods: Obj[] = [];
  const add = (m: Map<string, string[]>, msg: string, p: Obj) => m.set(msg, [...(m.get(msg) ?? []), `${p['metadata']['namespace']}/${p['metadata']['name']}`]);
  for (const p of all) {
    const phase = p['status']?.['phase'];
    if (p['metadata']?.['annotations']?.['kubernetes.io/config.mirror']) continue;
    const finished = phase === 'Succeeded' || phase === 'Failed';
    const controller = ((p['metadata']?.['ownerReferences'] ?? []) as Obj[]).find((r) => r['controller']);
    if (controller?.['kind'] === 'DaemonSet' && !finished) {
      if (o.ignoreDaemonsets) add(warnings, DAEMONSET_WARNING, p);
      else add(errors, DAEMONSET_FATAL, p);
      continue;
    }
    if (!controller && !finished) {
      if (o.force) add(warnings, UNMANAGED_WARNING, p);
      else {
        add(errors, UNMANAGED_FATAL, p);
        continue;
      }
    }
    const emptyDir = ((p['spec']?.['volumes'] ?? []) as Obj[]).some((v) => v['emptyDir']);
    if (emptyDir && !finished) {
      if (o.deleteEmptydirData) add(warnings, LOCAL_WARNING, p);
      else {
        add(errors, LOCAL_FATAL, p);
        continue;
      }
    }
    pods.push(p);
  }
  return {
    pods,
    warnings: [...warnings].map(([m, ps]) => `${m}: ${ps.join(', ')}`).join('; '),
    errors: [...errors].map(([m, ps]) => `cannot delete ${m}: ${ps.join(', ')}`),
  };
}

export async function podsOnNode(s: Session, node: string, podSelector?: string): Promise<Obj[]> {
  const list = await s.client.list(resolveResource('pods')!, { fieldSelector: `spec.nodeName=${node}`, ...(podSelector ? { labelSelector: podSelector } : {}) });
  return list.items as Obj[];
}

/** Evicts (or deletes) each pod, retrying on 429, then waits for them to be gone. */
export async function evictPods(s: Session, pods: Obj[], o: DrainOptions, out: (l: string) => void, err: (l: string) => void): Promise<void> {
  const podsRt = resolveResource('pods')!;
  const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Infinity;
  await Promise.all(
    pods.map(async (p) => {
      const { name, namespace } = p['metadata'];
      for (;;) {
        if (!o.disableEviction) out(`evicting pod ${namespace}/${name}`);
        try {
          if (o.disableEviction) await s.client.delete(podsRt, name, { namespace, ...(o.gracePeriod >= 0 ? { gracePeriodSeconds: o.gracePeriod } : {}) });
          else await evict(s, namespace, name, o.gracePeriod);
          break;
        } catch (e) {
          if (e instanceof StatusError && e.code === 404) break;
          if (e instanceof StatusError && e.code === 429) {
            err(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)} (will retry after 5s): ${e.status.message ?? ''}`);
            if (Date.now() + (o.retryMs ?? 5000) > deadline) throw new KubelabError(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: global timeout reached: ${o.timeoutMs / 1000}s`);
            await sleep(o.retryMs ?? 5000);
            continue;
          }
          throw e instanceof StatusError ? new KubelabError(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: ${e.status.message ?? ''}`) : e;
        }
      }
      for (;;) {
        try {
          const now = (await s.client.get(podsRt, name, { namespace })) as Obj;
          if (now['metadata']?.['uid'] !== p['metadata']['uid']) break;
        } catch (e) {
          if (e instanceof StatusError && e.code === 404) break;
          throw e;
        }
        if (Date.now() > deadline) throw new KubelabError(`error when waiting for pod ${JSON.stringify(name)} in namespace ${JSON.stringify(namespace)} to terminate: timed out waiting for the condition`);
        await sleep(200);
      }
      out(`pod/${name} ${o.disableEviction ? 'deleted' : 'evicted'}`);
    }),
  );
}

async function evict(s: Session, namespace: string, name: string, gracePeriod: number): Promise<void> {
  const path = resourcePath(resolveResource('pods')!, { namespace, name, subresource: 'eviction' });
  const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, ...(gracePeriod >= 0 ? { deleteOptions: { gracePeriodSeconds: gracePeriod } } : {}) };
  const res = await s.transport.request('POST', path, { body: JSON.stringify(body) });
  if (res.status < 200 || res.status > 299) throw statusErrorFromResponse(res.status, res.body);
}
