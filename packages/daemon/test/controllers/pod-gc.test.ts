import type { KubeObject } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerManager } from '../../src/controllers/manager.js';
import { CA_PEM, PODS, type TestCluster, find, startCluster } from './cluster.js';
import { FakeKubelet, NODES, podSpec } from './fake-kubelet.js';

let cluster: TestCluster;
let manager: ControllerManager | undefined;

afterEach(async () => {
  await manager?.stop();
  manager = undefined;
  await cluster?.stop();
});

async function advance(ms: number, stepMs = 1000): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    cluster.clock.advance(stepMs);
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 1));
  }
}

describe('pod garbage collector', () => {
  it('marks the pods of a node that no longer exists Failed (DeletionByPodGC) and deletes them, after the quarantine', async () => {
    cluster = await startCluster({ controllers: ['pod-garbage-collector-controller'] });
    const { client, clock } = cluster;
    const kubelet = new FakeKubelet(client, clock);
    await kubelet.registerNode('node-a');
    await client.create(PODS, podSpec('default', 'stays', { nodeName: 'node-a' }));
    await client.create(PODS, podSpec('default', 'orphan', { nodeName: 'node-gone' }));
    await kubelet.runPod('default', 'orphan', { ip: '10.244.9.9' });
    const seen: KubeObject[] = [];
    const watch = await client.watch(PODS, { namespace: 'default', resourceVersion: '0' });
    const collecting = (async () => {
      for await (const ev of watch) if (ev.type !== 'ERROR' && ev.object.metadata?.name === 'orphan') seen.push(ev.object);
    })();

    // The first pass (20 s) finds the missing node; it is checked again after the 40 s quarantine.
    await advance(50_000);
    expect(await find(client, PODS, 'orphan', 'default')).toBeDefined();
    await advance(20_000);
    await cluster.eventually(async () => expect(await find(client, PODS, 'orphan', 'default')).toBeUndefined());
    watch.close();
    await collecting;
    const failed = seen.find((p) => (p['status'] as { phase?: string }).phase === 'Failed');
    expect(failed?.['status']).toMatchObject({
      phase: 'Failed',
      conditions: expect.arrayContaining([expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' })]),
    });
    expect(await find(client, PODS, 'stays', 'default')).toBeDefined();
    expect(await find(client, NODES, 'node-a')).toBeDefined();
  });

  it('deletes the oldest finished pods beyond --terminated-pod-gc-threshold', async () => {
    cluster = await startCluster({ withManager: false });
    const { client, clock } = cluster;
    const kubelet = new FakeKubelet(client, clock);
    await kubelet.registerNode('node-a');
    for (const name of ['job-1', 'job-2', 'job-3', 'job-4']) {
      await client.create(PODS, podSpec('default', name, { nodeName: 'node-a' }));
      await kubelet.finishPod('default', name, 'Succeeded');
      clock.advance(1000);
    }
    await client.create(PODS, podSpec('default', 'running', { nodeName: 'node-a' }));
    manager = new ControllerManager({
      handler: (req) => cluster.api.handle(req),
      clock,
      rootCaPem: CA_PEM,
      controllers: ['pod-garbage-collector-controller'],
      flags: { terminatedPodGcThreshold: 2 },
      random: () => 0,
    });
    manager.start();
    expect(await manager.waitForSync()).toBe(true);
    await advance(21_000);
    await cluster.eventually(async () =>
      expect((await client.list(PODS, { namespace: 'default' })).items.map((p) => p.metadata?.name).sort()).toEqual(['job-3', 'job-4', 'running']),
    );
  });
});
