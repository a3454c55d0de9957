import { describe, expect, it } from 'vitest';
import { type TestCluster, find } from './cluster.js';
import { deploymentSuite } from './deployment-harness.js';
import {
  DEPLOYMENTS,
  type Obj,
  REPLICA_SETS,
  active,
  condition,
  deployment,
  kubeletStep,
  listPods,
  settle,
} from './workloads.js';

const NS = 'rollout';

const suite = deploymentSuite(NS);
const { start: deploymentCluster, getDeployment, replicaSets, rolledOut } = suite;

const setImage = (image: string) => ({ spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });

describe('Deployment rollouts', () => {
  it('rolls back the way kubectl rollout undo does: the old ReplicaSet comes back as the next revision', async () => {
    const { client } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 2));
    await rolledOut('web');
    await client.patch(DEPLOYMENTS, 'web', 'strategic', setImage('nginx:1.28'), { namespace: NS });
    await rolledOut('web');
    // kubectl's DeploymentRollbacker: the previous revision's template, without its hash
    // label, and its annotations, as a JSON patch.
    const first = (await replicaSets()).find((r) => r.metadata!.annotations!['deployment.kubernetes.io/revision'] === '1')!;
    const template = structuredClone(first.spec.template);
    delete template.metadata.labels['pod-template-hash'];
    const current = await getDeployment('web');
    const annotations = { 'deployment.kubernetes.io/revision': current.metadata.annotations['deployment.kubernetes.io/revision'] };
    const rollback = [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ];
    await client.patch(DEPLOYMENTS, 'web', 'json', rollback, { namespace: NS });
    const done = await rolledOut('web');
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const rss = await replicaSets();
    expect(rss).toHaveLength(2);
    const revived = rss.find((r) => r.metadata!.name === first.metadata!.name)!;
    expect(revived.spec.replicas).toBe(2);
    expect(revived.metadata!.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(active(await listPods(suite.cluster.client, NS)).every((p) => p.spec.containers[0].image === 'nginx:1.27')).toBe(true);
  });

  it('does not roll out while paused, says so in Progressing, and rolls out once resumed', async () => {
    const { client, clock } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 2));
    await rolledOut('web');
    await client.patch(DEPLOYMENTS, 'web', 'merge', { spec: { paused: true } }, { namespace: NS });
    await suite.cluster.eventually(async () => {
      expect(condition(await getDeployment('web'), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    });
    await client.patch(DEPLOYMENTS, 'web', 'strategic', setImage('nginx:1.28'), { namespace: NS });
    await settle(clock, 30);
    expect(await replicaSets()).toHaveLength(1);
    const paused = await getDeployment('web');
    expect(paused.status.observedGeneration).toBe(paused.metadata.generation);

    await client.patch(DEPLOYMENTS, 'web', 'merge', { spec: { paused: false } }, { namespace: NS });
    const done = await rolledOut('web');
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(await replicaSets()).toHaveLength(2);
  });

  it('marks Progressing=False ProgressDeadlineExceeded when pods never become ready in time', async () => {
    const { client, clock } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 2, { progressDeadlineSeconds: 60 }));
    const progressing = await suite.cluster.eventually(async () => {
      await kubeletStep(client, clock, NS, { ready: false });
      const d = await getDeployment('web');
      expect(d.status.updatedReplicas).toBe(2);
      expect(condition(d, 'Progressing')?.reason).toBe('ReplicaSetUpdated');
      return d;
    });
    const rsName = (await replicaSets())[0]!.metadata!.name;
    expect(condition(progressing, 'Progressing')!.message).toBe(`ReplicaSet "${rsName}" is progressing.`);
    expect(condition(progressing, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    // Nothing else happens: the controller looks again by itself once the deadline passes.
    const timedOut = await suite.cluster.eventually(
      async () => {
        const d = await getDeployment('web');
        expect(condition(d, 'Progressing')).toMatchObject({
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${rsName}" has timed out progressing.`,
        });
        return d;
      },
      { stepMs: 1000, rounds: 200 },
    );
    expect(Date.parse(condition(timedOut, 'Progressing')!.lastUpdateTime)).toBeGreaterThanOrEqual(Date.parse(condition(progressing, 'Progressing')!.lastUpdateTime) + 60_000);
  });

  it('deleted with propagation Orphan, leaves its ReplicaSet and pods behind, released', async () => {
    const { client } = await deploymentCluster(['garbage-collector-controller']);
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 2));
    await rolledOut('web');
    await client.delete(DEPLOYMENTS, 'web', { namespace: NS, propagationPolicy: 'Orphan' });
    await suite.cluster.eventually(async () => {
      expect(await find(client, DEPLOYMENTS, 'web', NS)).toBeUndefined();
      const [rs] = await replicaSets();
      expect(rs!.metadata!.ownerReferences ?? []).toEqual([]);
    });
    expect(active(await listPods(client, NS))).toHaveLength(2);
  });

  it('a new Deployment selecting the orphaned ReplicaSet adopts it instead of making another', async () => {
    const { client } = await deploymentCluster(['garbage-collector-controller']);
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 2));
    await rolledOut('web');
    const [rs] = await replicaSets();
    await client.delete(DEPLOYMENTS, 'web', { namespace: NS, propagationPolicy: 'Orphan' });
    await suite.cluster.eventually(async () => expect((await replicaSets())[0]!.metadata!.ownerReferences ?? []).toEqual([]));
    const again = await client.create(DEPLOYMENTS, deployment(NS, 'web', 2));
    await rolledOut('web');
    const rss = await replicaSets();
    expect(rss.map((r) => r.metadata!.name)).toEqual([rs!.metadata!.name]);
    expect(rss[0]!.metadata!.ownerReferences![0]).toMatchObject({ kind: 'Deployment', uid: again.metadata!.uid, controller: true });
  });
});
