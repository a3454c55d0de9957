/**
 * `kubelab up --wait`: after the API answers, wait until the cluster is usable — the nodes it
 * was started with registered and Ready, kube-system's DaemonSets (kube-proxy) and
 * Deployments (CoreDNS) reporting every replica ready, and every kube-system pod Ready
 * (CoreDNS above all: a lab script's first `wget web.default.svc.cluster.local` needs it). kind's `create cluster --wait` waits for
 * the control-plane node; minikube's default `--wait=apiserver,system_pods` also waits for
 * the system pods. kubelab waits for both, because its workers and its DNS come up with it.
 *
 * A daemon restarted on an existing data directory finds the statuses its previous run
 * wrote — Ready nodes and pods from before — so readiness also needs fresh evidence: each
 * node's Ready heartbeat, and each system pod's containers, started after this daemon did.
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

const NOT_OBSERVED = 'its controller has not acted on its latest spec yet';

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

/** What is known of the daemon being waited for. */
export interface DaemonStart {
  /** How many nodes it was started with (they register a moment after the API serves); 0: unknown. */
  expectNodes: number;
  /** When it started (ms since the epoch), if this `up` started it: statuses older are stale. */
  startedAt?: number;
}

export async function waitClusterReady(dataDir: string, timeoutMs: number, start: DaemonStart): Promise<ClusterReadiness & { elapsedMs: number }> {
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
      const readiness = clusterReadiness({ nodes, daemonSets, deployments, systemPods }, start);
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
export function clusterReadiness({ nodes, daemonSets, deployments, systemPods }: ClusterObjects, { expectNodes, startedAt }: DaemonStart): ClusterReadiness {
  const waitingFor: string[] = [];
  // API times have whole seconds.
  const since = startedAt === undefined ? undefined : Math.floor(startedAt / 1000) * 1000;
  const stale = (time: string | undefined) => since !== undefined && (time === undefined || Date.parse(time) < since);
  if (nodes.length < expectNodes) waitingFor.push(`${nodes.length} of ${expectNodes} nodes registered`);
  for (const node of nodes) {
    const ready = condition(node, 'Ready');
    if (ready?.status !== 'True') waitingFor.push(`node ${node.metadata?.name} is NotReady`);
    else if (stale(ready.lastHeartbeatTime)) waitingFor.push(`node ${node.metadata?.name} has not reported since kubelab started`);
  }
  for (const ds of daemonSets) {
    const st = (ds.status ?? {}) as { observedGeneration?: number; desiredNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number };
    const desired = st.desiredNumberScheduled ?? 0;
    // Upstream's `kubectl rollout status ds` test: the controller has seen the spec and every
    // scheduled pod is updated and ready.
    if ((st.observedGeneration ?? 0) < (ds.metadata?.generation ?? 1)) waitingFor.push(`daemonset kube-system/${ds.metadata?.name}: ${NOT_OBSERVED}`);
    else if ((st.updatedNumberScheduled ?? 0) < desired || (st.numberReady ?? 0) < desired) {
      waitingFor.push(`daemonset kube-system/${ds.metadata?.name}: ${st.numberReady ?? 0} of ${desired} pods ready`);
    }
  }
  for (const deploy of deployments) {
    const want = (deploy.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    const st = (deploy.status ?? {}) as { observedGeneration?: number; readyReplicas?: number };
    if ((st.observedGeneration ?? 0) < (deploy.metadata?.generation ?? 1)) waitingFor.push(`deployment kube-system/${deploy.metadata?.name}: ${NOT_OBSERVED}`);
    else if ((st.readyReplicas ?? 0) < want) waitingFor.push(`deployment kube-system/${deploy.metadata?.name}: ${st.readyReplicas ?? 0} of ${want} replicas ready`);
  }
  let counted = 0;
  for (const pod of systemPods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
    if (phase === 'Succeeded') continue;
    counted++;
    if (condition(pod, 'Ready')?.status !== 'True') waitingFor.push(`pod kube-system/${pod.metadata?.name} is not Ready (${phase})`);
    else if (containerStarts(pod).some(stale)) waitingFor.push(`pod kube-system/${pod.metadata?.name} has not restarted since kubelab started`);
  }
  return { nodes: nodes.length, systemPods: counted, waitingFor };
}

interface Condition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
}

function condition(obj: KubeObject, type: string): Condition | undefined {
  return (obj.status as { conditions?: Condition[] } | undefined)?.conditions?.find((c) => c.type === type);
}

/** When each of the pod's containers started running (undefined: not running). */
function containerStarts(pod: KubeObject): Array<string | undefined> {
  const statuses = (pod.status as { containerStatuses?: Array<{ state?: { running?: { startedAt?: string } } }> } | undefined)?.containerStatuses ?? [];
  return statuses.map((s) => s.state?.running?.startedAt);
}
