/**
 * `kubelab up --wait`: after the API answers, wait until the cluster is usable — the nodes it
 * was started with registered and Ready, kube-system's DaemonSets (kube-proxy) and
 * Deployments (CoreDNS) reporting every replica ready, and every kube-system pod Ready
 * (CoreDNS above all: a lab script's first `wget web.default.svc.cluster.local` needs it). kind's `create cluster --wait` waits for
 * the control-plane node; minikube's default `--wait=apiserver,system_pods` also waits for
 * the system pods. kubelab waits for both, because its workers and its DNS come up with it.
 *
 * On timeout the daemon keeps running (as kind leaves the cluster it created) and the error
 * names what is still not Ready, so a script's log says why.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { resolveResource } from '@kubelab/core/api/registry';
import { humanDuration } from '@kubelab/core/print/duration';
import { KubelabError } from './errors.js';
import { withSession } from './kube/session.js';
import { sleep } from './process.js';

/** Often enough that `up --wait` returns soon after the last pod turns Ready. */
const POLL_MS = 250;

export interface ClusterReadiness {
  nodes: number;
  systemPods: number;
  /** What is not Ready yet, in kubectl's words ("node worker-1 is NotReady"); empty when ready. */
  waitingFor: string[];
}

/** What the cluster is read from: Nodes, and kube-system's workloads and pods. */
export interface ClusterObjects {
  nodes: readonly KubeObject[];
  daemonSets: readonly KubeObject[];
  deployments: readonly KubeObject[];
  systemPods: readonly KubeObject[];
}

/**
 * expectNodes: how many nodes the daemon was started with (its workers and control-plane
 * node register a moment after the API serves); 0 when unknown (a daemon already running).
 */
export async function waitClusterReady(dataDir: string, timeoutMs: number, expectNodes: number): Promise<ClusterReadiness & { elapsedMs: number }> {
  const started = Date.now();
  return withSession({ 'data-dir': dataDir }, async (s) => {
    const list = async (plural: string, namespace?: string) => (await s.client.list(resolveResource(plural)!, namespace ? { namespace } : {})).items;
    for (;;) {
      const [nodes, daemonSets, deployments, systemPods] = await Promise.all([
        list('nodes'),
        list('daemonsets', 'kube-system'),
        list('deployments', 'kube-system'),
        list('pods', 'kube-system'),
      ]);
      const readiness = clusterReadiness({ nodes, daemonSets, deployments, systemPods }, expectNodes);
      const elapsedMs = Date.now() - started;
      if (readiness.waitingFor.length === 0) return { ...readiness, elapsedMs };
      if (elapsedMs >= timeoutMs) {
        throw new KubelabError(
          `timed out after ${humanDuration(timeoutMs)} waiting for the cluster to be Ready (kubelab keeps running):\n` +
            readiness.waitingFor.map((w) => `  ${w}`).join('\n'),
        );
      }
      await sleep(Math.min(POLL_MS, timeoutMs - elapsedMs));
    }
  });
}

/** What is not Ready yet; pods that ran to completion count as done. */
export function clusterReadiness({ nodes, daemonSets, deployments, systemPods }: ClusterObjects, expectNodes: number): ClusterReadiness {
  const waitingFor: string[] = [];
  if (nodes.length < expectNodes) waitingFor.push(`${nodes.length} of ${expectNodes} nodes registered`);
  for (const node of nodes) {
    if (conditionStatus(node, 'Ready') !== 'True') waitingFor.push(`node ${node.metadata?.name} is NotReady`);
  }
  for (const ds of daemonSets) {
    const st = (ds.status ?? {}) as { observedGeneration?: number; desiredNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number };
    const desired = st.desiredNumberScheduled ?? 0;
    // Upstream's `kubectl rollout status ds` test: the controller has seen the spec and every
    // scheduled pod is updated and ready.
    if ((st.observedGeneration ?? 0) < (ds.metadata?.generation ?? 1) || (st.updatedNumberScheduled ?? 0) < desired || (st.numberReady ?? 0) < desired) {
      waitingFor.push(`daemonset kube-system/${ds.metadata?.name}: ${st.numberReady ?? 0} of ${desired} pods ready`);
    }
  }
  for (const deploy of deployments) {
    const want = (deploy.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    const st = (deploy.status ?? {}) as { observedGeneration?: number; readyReplicas?: number };
    if ((st.observedGeneration ?? 0) < (deploy.metadata?.generation ?? 1) || (st.readyReplicas ?? 0) < want) {
      waitingFor.push(`deployment kube-system/${deploy.metadata?.name}: ${st.readyReplicas ?? 0} of ${want} replicas ready`);
    }
  }
  let counted = 0;
  for (const pod of systemPods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
    if (phase === 'Succeeded') continue;
    counted++;
    if (conditionStatus(pod, 'Ready') !== 'True') waitingFor.push(`pod kube-system/${pod.metadata?.name} is not Ready (${phase})`);
  }
  return { nodes: nodes.length, systemPods: counted, waitingFor };
}

function conditionStatus(obj: KubeObject, type: string): string | undefined {
  const conditions = (obj.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  return conditions?.find((c) => c.type === type)?.status;
}
