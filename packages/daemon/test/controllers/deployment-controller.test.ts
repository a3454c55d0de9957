import { describe, expect, it } from 'vitest';
import { deploymentSuite } from './deployment-harness.js';
import {
  DEPLOYMENTS,
  type Obj,
  REPLICA_SETS,
  active,
  condition,
  deployment,
  eventsOf,
  kubeletStep,
  listPods,
  settle,
} from './workloads.js';

const NS = 'deploy';

const suite = deploymentSuite(NS);
const { start: deploymentCluster, getDeployment, replicaSets, rolledOut } = suite;

describe('Deployment controller', () => {
  it('creates a ReplicaSet named by pod-template-hash, revision 1, and reports the rollout complete', async () => {
    const { client } = await deploymentCluster();
    const d = await client.create(DEPLOYMENTS, deployment(NS, 'web', 3));
    const done = await rolledOut('web');
    const [rs] = await replicaSets();
    const hash = rs!.metadata!.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs!.metadata!.name).toBe(`web-${hash}`);
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata!.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(rs!.metadata!.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(done.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(done.status.unavailableReplicas).toBeUndefined();
    expect(condition(done, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(condition(done, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    });
    await suite.cluster.eventually(async () => {
      const events = await eventsOf(client, NS, 'web');
      expect(events.filter((e) => e.kind === 'Deployment')).toEqual([
        expect.objectContaining({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} from 0 to 3` }),
      ]);
    });
  });

  it('rolls out a new template without ever having fewer than replicas - maxUnavailable ready pods', async () => {
    const { client, clock, eventually } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    await rolledOut('web');
    const [oldRs] = await replicaSets();
    await client.patch(DEPLOYMENTS, 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, { namespace: NS });

    let minReady = Infinity;
    let maxPods = 0;
    const done = await eventually(async () => {
      // One pod becomes ready per round: the rollout has to go step by step.
      let readied = 0;
      await kubeletStep(client, clock, NS, { hold: (p) => p.spec?.nodeName && p.status?.phase === 'Pending' && readied++ > 0 });
      const pods = await listPods(client, NS);
      const ready = active(pods).filter((p) => (p.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True'));
      minReady = Math.min(minReady, ready.length);
      maxPods = Math.max(maxPods, active(pods).length);
      const d = await getDeployment('web');
      expect(condition(d, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
      expect(d.status).toMatchObject({ observedGeneration: 2, replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
      return d;
    });
    expect(minReady).toBeGreaterThanOrEqual(3);
    expect(maxPods).toBeLessThanOrEqual(5);
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    const rss = await replicaSets();
    const newRs = rss.find((r) => r.metadata!.name !== oldRs!.metadata!.name)!;
    expect(rss.find((r) => r.metadata!.name === oldRs!.metadata!.name)!.spec.replicas).toBe(0);
    expect(newRs.spec.replicas).toBe(4);
    expect(newRs.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    await eventually(async () => {
      const scaling = (await eventsOf(client, NS, 'web')).filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
      expect(scaling[1]).toBe(`Scaled up replica set ${newRs.metadata!.name} from 0 to 1`);
      expect(scaling).toContain(`Scaled down replica set ${oldRs!.metadata!.name} from 4 to 3`);
      // The new set reaches 4 and the old one 0 last (reconcileNewReplicaSet, then
      // reconcileOldReplicaSets), in either order of time; how many pods each last step moves
      // depends on how many became ready between syncs (with maxSurge 1 it may be 2 → 4).
      expect(scaling.slice(-2)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^Scaled up replica set ${newRs.metadata!.name} from [23] to 4$`)),
          expect.stringMatching(new RegExp(`^Scaled down replica set ${oldRs!.metadata!.name} from \\d to 0$`)),
        ]),
      );
    });
  });

  it('Recreate removes every old pod before the new ReplicaSet gets any', async () => {
    const { client, clock, eventually } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'db', 2, { strategy: { type: 'Recreate' } }));
    await rolledOut('db');
    const [oldRs] = await replicaSets();
    await client.patch(DEPLOYMENTS, 'db', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, { namespace: NS });
    // Old pods are terminating; no kubelet has finished them yet, so no new ReplicaSet.
    await eventually(async () => expect(active(await listPods(client, NS))).toHaveLength(0));
    await settle(clock);
    expect((await replicaSets()).map((r) => r.metadata!.name)).toEqual([oldRs!.metadata!.name]);
    const done = await rolledOut('db');
    expect(done.status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    const images = active(await listPods(client, NS)).map((p) => p.spec.containers[0].image);
    expect(images).toEqual(['nginx:1.28', 'nginx:1.28']);
  });

  it('scales the only ReplicaSet when replicas change, with a ScalingReplicaSet event', async () => {
    const { client } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 2));
    await rolledOut('web');
    await client.patch(DEPLOYMENTS, 'web', 'merge', { spec: { replicas: 5 } }, { namespace: NS });
    const d = await suite.cluster.eventually(async () => {
      await kubeletStep(client, suite.cluster.clock, NS);
      const x = await getDeployment('web');
      expect(x.status.availableReplicas).toBe(5);
      return x;
    });
    const [rs] = await replicaSets();
    expect(rs!.metadata!.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('5');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    await suite.cluster.eventually(async () => {
      const messages = (await eventsOf(client, NS, 'web')).map((e) => e.message);
      expect(messages).toContain(`Scaled up replica set ${rs!.metadata!.name} from 2 to 5`);
    });
  });

  it('keeps revisionHistoryLimit old ReplicaSets and deletes older empty ones', async () => {
    const { client } = await deploymentCluster();
    await client.create(DEPLOYMENTS, deployment(NS, 'web', 1, { revisionHistoryLimit: 1 }));
    for (const image of ['nginx:1.25', 'nginx:1.26', 'nginx:1.27-alpine']) {
      await rolledOut('web');
      await client.patch(DEPLOYMENTS, 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }, { namespace: NS });
    }
    await rolledOut('web');
    const rss = await suite.cluster.eventually(async () => {
      const list = await replicaSets();
      expect(list).toHaveLength(2);
      return list;
    });
    const revisions = rss.map((r) => r.metadata!.annotations!['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['3', '4']);
  });
});
