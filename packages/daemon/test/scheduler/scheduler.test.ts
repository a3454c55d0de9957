/**
 * kube-scheduler inside the API server's process, through the API only: bindings, events,
 * conditions, the decision records, profiles, preemption — on a FakeClock.
 */
import { resourceFor } from '@kubelab/core';
import { parseSchedulerConfiguration } from '@kubelab/core/scheduler/config/parse';
import { afterEach, describe, expect, it } from 'vitest';
import { find } from '../controllers/cluster.js';
import { PODS, PRIORITY_CLASSES, type SchedulerCluster, addNode, condition, eventsOf, nodeNameOf, podSpec, startSchedulerCluster } from './cluster.js';

const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

let cluster: SchedulerCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function getPod(name: string) {
  return cluster!.client.get(PODS, name, { namespace: 'default' });
}

describe('kube-scheduler in the daemon', () => {
  it('binds a pod to the node with room and says so in a Scheduled event', async () => {
    cluster = await startSchedulerCluster();
    const { client } = cluster;
    await addNode(client, 'worker-1', { cpu: '1' });
    await addNode(client, 'worker-2', { cpu: '4' });
    await client.create(PODS, podSpec('web-1', { cpu: '2' }));
    const p = await cluster.eventually(async () => {
      const got = await getPod('web-1');
      if (!nodeNameOf(got)) throw new Error('not bound yet');
      return got;
    });
    expect(nodeNameOf(p)).toBe('worker-2');
    expect(condition(p, 'PodScheduled')?.['status']).toBe('True');
    await cluster.eventually(async () => expect(await eventsOf(client, 'web-1')).toEqual(['Scheduled: Successfully assigned default/web-1 to worker-2']));
  });

  it('leaves a pod that fits nowhere Pending, with the upstream message in the condition and a FailedScheduling event', async () => {
    cluster = await startSchedulerCluster();
    const { client } = cluster;
    await addNode(client, 'control-plane', { cpu: '4', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    for (const n of ['worker-1', 'worker-2', 'worker-3']) await addNode(client, n, { cpu: '1' });
    await client.create(PODS, podSpec('big', { cpu: '1500m' }));
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
    const c = await cluster.eventually(async () => {
      const cond = condition(await getPod('big'), 'PodScheduled');
      if (!cond) throw new Error('no condition yet');
      return cond;
    });
    expect(c).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    await cluster.eventually(async () => expect(await eventsOf(client, 'big')).toEqual([`FailedScheduling: ${message}`]));
  });

  it('retries a pending pod when a node that can take it is added', async () => {
    cluster = await startSchedulerCluster();
    const { client } = cluster;
    await addNode(client, 'small', { cpu: '1' });
    await client.create(PODS, podSpec('web', { cpu: '2' }));
    await cluster.eventually(async () => expect(condition(await getPod('web'), 'PodScheduled')?.['reason']).toBe('Unschedulable'));
    await addNode(client, 'large', { cpu: '8' });
    // The NodeAdd event moves it from the unschedulable pods; its backoff (1 s) then runs out.
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('web'))).toBe('large'), { stepMs: 50 });
  });

  it('does not touch pods for a scheduler no profile serves', async () => {
    cluster = await startSchedulerCluster();
    const { client } = cluster;
    await addNode(client, 'n1');
    await client.create(PODS, podSpec('custom', { schedulerName: 'my-scheduler' }));
    await client.create(PODS, podSpec('normal'));
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('normal'))).toBe('n1'));
    const custom = await getPod('custom');
    expect(nodeNameOf(custom)).toBeUndefined();
    expect(condition(custom, 'PodScheduled')).toBeUndefined();
    expect(await eventsOf(client, 'custom')).toEqual([]);
  });

  it('serves each profile under its own schedulerName', async () => {
    const config = parseSchedulerConfiguration(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
  plugins:
    score:
      disabled: [{name: NodeResourcesBalancedAllocation}]
`);
    cluster = await startSchedulerCluster({ config });
    const { client } = cluster;
    await addNode(client, 'empty', { cpu: '4' });
    await addNode(client, 'half', { cpu: '4' });
    await client.create(PODS, { ...podSpec('filler', { cpu: '2' }), spec: { ...(podSpec('filler', { cpu: '2' })['spec'] as object), nodeName: 'half' } });
    await client.create(PODS, podSpec('packed', { cpu: '1', schedulerName: 'bin-packer' }));
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('packed'))).toBe('half'));
    await cluster.eventually(async () => expect(await eventsOf(client, 'packed')).toEqual(['Scheduled: Successfully assigned default/packed to half']));
    const events = await client.list(resourceFor('', 'v1', 'events')!, { namespace: 'default' });
    expect(events.items.map((e) => (e['source'] as { component: string }).component)).toContain('bin-packer');
  });

  it('answers why through the API: each node, each plugin, each score', async () => {
    cluster = await startSchedulerCluster();
    const { client } = cluster;
    await addNode(client, 'tainted', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
    await addNode(client, 'free');
    await client.create(PODS, podSpec('web-1', { cpu: '100m' }));
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('web-1'))).toBe('free'));
    const res = await client.transport.request('GET', '/kubelab/scheduler/namespaces/default/pods/web-1');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body) as {
      kind: string;
      result: string;
      nodeName: string;
      nodes: Array<{ name: string; feasible: boolean; filters: Array<{ plugin: string; code: string; reasons?: string[] }> }>;
    };
    expect(doc).toMatchObject({ kind: 'SchedulingDecision', result: 'Scheduled', nodeName: 'free' });
    const tainted = doc.nodes.find((n) => n.name === 'tainted')!;
    expect(tainted.feasible).toBe(false);
    expect(tainted.filters.at(-1)).toEqual({ plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: db}'] });
    const missing = await client.transport.request('GET', '/kubelab/scheduler/namespaces/default/pods/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).message).toBe('no scheduling decision recorded for pod "default/nope"');
  });

  it('preempts a lower-priority pod for a higher one, nominating the node, and binds it there once the victim is gone', async () => {
    cluster = await startSchedulerCluster();
    const { client } = cluster;
    await client.create(PRIORITY_CLASSES, { metadata: { name: 'high' }, value: 1000 });
    await addNode(client, 'n1', { cpu: '2' });
    await client.create(PODS, podSpec('low', { cpu: '1500m' }));
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('low'))).toBe('n1'));
    await client.create(PODS, podSpec('urgent', { cpu: '1500m', priorityClassName: 'high' }));
    const victim = await cluster.eventually(async () => {
      const v = await getPod('low');
      if (!v.metadata?.deletionTimestamp) throw new Error('not preempted yet');
      return v;
    });
    expect(condition(victim, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    await cluster.eventually(async () => expect(((await getPod('urgent'))['status'] as { nominatedNodeName?: string }).nominatedNodeName).toBe('n1'));
    expect((await eventsOf(client, 'low')).some((e) => /^Preempted: Preempted by pod .+ on node n1$/.test(e))).toBe(true);
    // The kubelet would finish the graceful deletion; no kubelet runs here, so the test does.
    await client.delete(PODS, 'low', { namespace: 'default', gracePeriodSeconds: 0 });
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('urgent'))).toBe('n1'), { stepMs: 50 });
    expect(await find(client, PODS, 'low', 'default')).toBeUndefined();
  });

  it('takes the Lease kube-system/kube-scheduler before scheduling', async () => {
    cluster = await startSchedulerCluster({ identity: 'host-1_kubelabd' });
    const lease = await cluster.eventually(async () => cluster!.client.get(LEASES, 'kube-scheduler', { namespace: 'kube-system' }));
    expect((lease['spec'] as { holderIdentity?: string }).holderIdentity).toBe('host-1_kubelabd');
    await addNode(cluster.client, 'n1');
    await cluster.client.create(PODS, podSpec('p'));
    await cluster.eventually(async () => expect(nodeNameOf(await getPod('p'))).toBe('n1'));
  });
});
