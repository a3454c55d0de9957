/**
 * The scheduling queue on a FakeClock: priority order, backoff, and unschedulable pods
 * coming back only for cluster events that the plugins which rejected them registered.
 */
import { FakeClock } from '@kubelab/core';
import type { Pod } from '@kubelab/core/scheduler/api/types';
import { defaultConfiguration } from '@kubelab/core/scheduler/config/parse';
import { ActionType } from '@kubelab/core/scheduler/framework/events';
import { buildFramework } from '@kubelab/core/scheduler/framework/framework-build';
import type { QueuedPodInfo } from '@kubelab/core/scheduler/framework/interface';
import { Snapshot } from '@kubelab/core/scheduler/framework/snapshot';
import { IN_TREE_REGISTRY } from '@kubelab/core/scheduler/plugins/registry';
import { describe, expect, it } from 'vitest';
import { SchedulingQueue } from '../../src/scheduler/scheduling-queue.js';

let n = 0;
function pod(name: string, o: { priority?: number; gates?: string[]; tolerations?: Pod['spec'] extends infer S ? (S extends { tolerations?: infer T } ? T : never) : never } = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}-${++n}` },
    spec: { schedulerName: 'default-scheduler', priority: o.priority ?? 0, containers: [{ name: 'c' }], schedulingGates: o.gates?.map((g) => ({ name: g })), tolerations: o.tolerations },
  };
}

function setup() {
  const clock = new FakeClock();
  const fwk = buildFramework(
    defaultConfiguration().profiles[0]!,
    {
      clock,
      snapshot: () => Snapshot.fromObjects([]),
      listers: {} as never,
      api: {} as never,
      nominator: { nominatedPodsForNode: () => [] },
      random: Math.random,
      event: () => undefined,
    },
    IN_TREE_REGISTRY,
  );
  const queue = new SchedulingQueue({ clock, frameworkFor: () => fwk, less: (a, b) => fwk.less(a, b) });
  // The periodic flushes (backoffQ every second, unschedulable every 30 s) run on the FakeClock.
  queue.run();
  return { clock, queue };
}

async function popName(q: SchedulingQueue): Promise<string | undefined> {
  return (await q.pop())?.podInfo.pod.metadata?.name;
}

/** Pops the pod and hands it back as rejected by plugins. */
async function failWith(q: SchedulingQueue, ...plugins: string[]): Promise<QueuedPodInfo> {
  const qpi = (await q.pop())!;
  qpi.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(qpi);
  return qpi;
}

describe('the scheduling queue', () => {
  it('pops the highest priority first, then the earliest', async () => {
    const { clock, queue } = setup();
    queue.add(pod('low', { priority: 0 }));
    clock.advance(1);
    queue.add(pod('high', { priority: 100 }));
    clock.advance(1);
    queue.add(pod('low-later', { priority: 0 }));
    expect([await popName(queue), await popName(queue), await popName(queue)]).toEqual(['high', 'low', 'low-later']);
  });

  it('keeps a rejected pod aside until a node event its rejecting plugin registered', async () => {
    const { queue } = setup();
    const p = pod('p');
    queue.add(p);
    await failWith(queue, 'NodeResourcesFit');
    expect(queue.whereIs(p.metadata!.uid!)).toBe('unschedulable');
    // A pod label change on an assigned pod does not help NodeResourcesFit.
    queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.UpdatePodLabel });
    expect(queue.whereIs(p.metadata!.uid!)).toBe('unschedulable');
    // A pod leaving a node does.
    queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Delete });
    expect(queue.whereIs(p.metadata!.uid!)).toBe('backoff');
  });

  it('asks the queueing hint: a new node still tainted does not bring back a pod rejected for taints', async () => {
    const { queue } = setup();
    const p = pod('p');
    queue.add(p);
    await failWith(queue, 'TaintToleration');
    const tainted = { metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } };
    queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add }, undefined, tainted);
    expect(queue.whereIs(p.metadata!.uid!)).toBe('unschedulable');
    queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.UpdateNodeTaint }, tainted, { metadata: { name: 'n' }, spec: {} });
    expect(queue.whereIs(p.metadata!.uid!)).toBe('backoff');
  });

  it('backs off 1 s after the first attempt, doubling to 10 s', async () => {
    const { clock, queue } = setup();
    const p = pod('p');
    queue.add(p);
    const qpi = await failWith(queue, 'NodeResourcesFit');
    expect(queue.backoffDuration(qpi)).toBe(1000);
    queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Delete });
    clock.advance(999);
    expect(queue.whereIs(p.metadata!.uid!)).toBe('backoff');
    clock.advance(1);
    expect(queue.whereIs(p.metadata!.uid!)).toBe('active');
    qpi.attempts = 4;
    expect(queue.backoffDuration(qpi)).toBe(8000);
    qpi.attempts = 9;
    expect(queue.backoffDuration(qpi)).toBe(10_000);
  });

  it('retries a pod that failed with an error after its backoff, event or not', async () => {
    const { clock, queue } = setup();
    const p = pod('p');
    queue.add(p);
    const qpi = (await queue.pop())!;
    qpi.failedWithError = true;
    queue.addUnschedulableIfNotPresent(qpi);
    expect(queue.whereIs(p.metadata!.uid!)).toBe('backoff');
    clock.advance(1000);
    expect(await popName(queue)).toBe('p');
  });

  it('retries an unschedulable pod after five minutes whatever happens', async () => {
    const { clock, queue } = setup();
    const p = pod('p');
    queue.add(p);
    await failWith(queue, 'NodeAffinity');
    clock.advance(4 * 60_000);
    expect(queue.whereIs(p.metadata!.uid!)).toBe('unschedulable');
    clock.advance(90_000);
    expect(queue.whereIs(p.metadata!.uid!)).toBe('active');
    queue.close();
  });

  it('holds a pod with scheduling gates until the last gate is removed', async () => {
    const { queue } = setup();
    const gated = pod('p', { gates: ['wait-for-quota'] });
    queue.add(gated);
    expect(queue.whereIs(gated.metadata!.uid!)).toBe('unschedulable');
    queue.update(gated, { ...gated, spec: { ...gated.spec, schedulingGates: [] } });
    expect(await popName(queue)).toBe('p');
  });

  it('forgets a deleted pod wherever it waits', async () => {
    const { queue } = setup();
    const p = pod('p');
    queue.add(p);
    await failWith(queue, 'NodeResourcesFit');
    queue.delete(p);
    expect(queue.whereIs(p.metadata!.uid!)).toBeUndefined();
  });
});
