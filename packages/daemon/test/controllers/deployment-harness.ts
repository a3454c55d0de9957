/**
 * What the Deployment controller tests share: a cluster running the ReplicaSet and
 * Deployment controllers with one namespace, reads of its Deployments and ReplicaSets, and
 * a kubelet played until a rollout completes.
 */
import { afterEach, expect } from 'vitest';
import { NAMESPACES, type TestCluster, startCluster } from './cluster.js';
import { DEPLOYMENTS, type Obj, REPLICA_SETS, condition, kubeletStep } from './workloads.js';

export interface DeploymentHarness {
  cluster: TestCluster;
  getDeployment(name: string): Promise<Obj>;
  replicaSets(): Promise<Obj[]>;
  /** Plays kubelet until the Deployment reports its rollout complete. */
  rolledOut(name: string): Promise<Obj>;
}

export async function deploymentHarness(ns: string, extraControllers: string[] = []): Promise<DeploymentHarness> {
  const cluster = await startCluster({ controllers: ['replicaset-controller', 'deployment-controller', ...extraControllers] });
  await cluster.client.create(NAMESPACES, { metadata: { name: ns } });
  const getDeployment = async (name: string) => (await cluster.client.get(DEPLOYMENTS, name, { namespace: ns })) as Obj;
  return {
    cluster,
    getDeployment,
    replicaSets: async () => (await cluster.client.list(REPLICA_SETS, { namespace: ns })).items as Obj[],
    rolledOut: (name) =>
      cluster.eventually(async () => {
        await kubeletStep(cluster.client, cluster.clock, ns);
        const d = await getDeployment(name);
        expect(condition(d, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
        expect(d.status.observedGeneration).toBe(d.metadata.generation);
        const want = d.spec.replicas;
        expect([d.status.replicas, d.status.updatedReplicas, d.status.availableReplicas]).toEqual([want, want, want]);
        return d;
      }),
  };
}

/**
 * A test file's harness: start() brings up a fresh cluster for a test (stopped after it);
 * the reads go to the current one.
 */
export function deploymentSuite(ns: string) {
  let h: DeploymentHarness | undefined;
  afterEach(async () => {
    await h?.cluster.stop();
    h = undefined;
  });
  const current = () => {
    if (!h) throw new Error('deploymentSuite: start() a cluster first');
    return h;
  };
  return {
    start: async (extraControllers: string[] = []) => (h = await deploymentHarness(ns, extraControllers)).cluster,
    get cluster(): TestCluster {
      return current().cluster;
    },
    getDeployment: (name: string) => current().getDeployment(name),
    replicaSets: () => current().replicaSets(),
    rolledOut: (name: string) => current().rolledOut(name),
  };
}
