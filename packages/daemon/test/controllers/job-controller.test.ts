import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, type TestCluster, find, startCluster } from './cluster.js';
import { JOBS, type Obj, active, condition, eventsOf, finishPod, kubeletStep, listPods, setRunning, settle } from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

const NS = 'jobs';

async function jobCluster(extra: string[] = []): Promise<TestCluster> {
  cluster = await startCluster({ controllers: ['job-controller', ...extra] });
  await cluster.client.create(NAMESPACES, { metadata: { name: NS } });
  return cluster;
}

function job(name: string, spec: Record<string, unknown> = {}, restartPolicy = 'Never'): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'work', image: 'busybox', command: ['true'] }] } }, ...spec },
  };
}

const getJob = (name: string) => cluster.client.get(JOBS, name, { namespace: NS }) as Promise<Obj>;
/** Job pods reach the controller in one-second batches: step the clock by 100 ms. */
const slowly = { stepMs: 100, rounds: 600 };

/** Plays kubelet: pods start, and the running ones exit with `phase` when `finish` says so. */
async function kubelet(finish: (p: Obj) => 'Succeeded' | 'Failed' | undefined): Promise<void> {
  await kubeletStep(cluster.client, cluster.clock, NS);
  for (const p of await listPods(cluster.client, NS)) {
    const phase = p.status?.phase === 'Running' && !p.metadata.deletionTimestamp ? finish(p) : undefined;
    if (phase) await finishPod(cluster.client, cluster.clock, p, phase);
  }
}

describe('Job controller', () => {
  it('runs completions pods, parallelism at a time, and completes with SuccessCriteriaMet then Complete', async () => {
    const { client, clock, eventually } = await jobCluster();
    const created = await client.create(JOBS, job('pi', { completions: 3, parallelism: 2 }));
    const first = await eventually(async () => {
      const p = await listPods(client, NS);
      expect(p).toHaveLength(2);
      return p;
    }, slowly);
    for (const pod of first) {
      expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
      expect(pod.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'batch.kubernetes.io/controller-uid': created.metadata!.uid });
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: created.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await settle(clock, 30, 100);
    expect(await listPods(client, NS)).toHaveLength(2);
    const done = await eventually(async () => {
      await kubelet(() => 'Succeeded');
      const j = await getJob('pi');
      expect(condition(j, 'Complete')?.status).toBe('True');
      return j;
    }, slowly);
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(done.status.active).toBeUndefined();
    expect(done.status.failed).toBeUndefined();
    expect(done.status.conditions.map((c: Obj) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(done.status.completionTime).toBe(condition(done, 'Complete')!.lastTransitionTime);
    const pods = await listPods(client, NS);
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => (p.metadata.finalizers ?? []).length === 0)).toBe(true);
    await eventually(async () => {
      const events = (await eventsOf(client, NS, 'pi')).map((e) => `${e.type} ${e.reason} ${e.message}`);
      expect(events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: pi-'))).toHaveLength(3);
      expect(events).toContain('Normal Completed Job completed');
    });
  });

  it('replaces failed pods after a backoff and fails with BackoffLimitExceeded past backoffLimit', async () => {
    const { client, clock, eventually } = await jobCluster();
    await client.create(JOBS, job('flaky', { backoffLimit: 1 }));
    await eventually(async () => {
      await kubelet(() => 'Failed');
      const j = await getJob('flaky');
      expect(j.status.failed).toBe(1);
    }, slowly);
    // The replacement waits for the 10 s pod failure backoff.
    await settle(clock, 50, 100);
    expect(active(await listPods(client, NS))).toHaveLength(0);
    const failed = await eventually(async () => {
      await kubelet(() => 'Failed');
      const j = await getJob('flaky');
      expect(condition(j, 'Failed')?.status).toBe('True');
      return j;
    }, slowly);
    expect(failed.status.failed).toBe(2);
    expect(failed.status.conditions.map((c: Obj) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    await eventually(async () =>
      expect(await eventsOf(client, NS, 'flaky')).toContainEqual(
        expect.objectContaining({ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
      ),
    );
  });

  it('with restartPolicy OnFailure counts container restarts against backoffLimit', async () => {
    const { client, clock, eventually } = await jobCluster();
    await client.create(JOBS, job('crashy', { backoffLimit: 2 }, 'OnFailure'));
    const [pod] = await eventually(async () => {
      await kubeletStep(client, clock, NS);
      const p = await listPods(client, NS);
      expect(p[0]?.status?.phase).toBe('Running');
      return p;
    }, slowly);
    await setRunning(client, clock, pod!, { ready: false, restartCount: 2 });
    await eventually(async () => {
      await kubeletStep(client, clock, NS);
      expect(condition(await getJob('crashy'), 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
    }, slowly);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds, deleting its running pod', async () => {
    const { client, clock, eventually } = await jobCluster();
    await client.create(JOBS, job('slow', { activeDeadlineSeconds: 30 }));
    await eventually(async () => {
      await kubeletStep(client, clock, NS);
      expect((await listPods(client, NS))[0]?.status?.phase).toBe('Running');
    }, slowly);
    clock.advance(31_000);
    const target = await eventually(async () => {
      const j = await getJob('slow');
      expect(condition(j, 'FailureTarget')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
      return j;
    }, slowly);
    // The terminal condition waits for the pod to be gone.
    expect(condition(target, 'Failed')).toBeUndefined();
    const failed = await eventually(async () => {
      await kubeletStep(client, clock, NS);
      const j = await getJob('slow');
      expect(condition(j, 'Failed')).toMatchObject({ status: 'True', reason: 'DeadlineExceeded' });
      return j;
    }, slowly);
    expect(failed.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(await listPods(client, NS)).toHaveLength(0);
  });

  it('Indexed: one pod per completion index, with index annotation, env and hostname, and completedIndexes', async () => {
    const { client, eventually } = await jobCluster();
    await client.create(JOBS, job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await eventually(async () => {
      const p = await listPods(client, NS);
      expect(p).toHaveLength(3);
      return p;
    }, slowly);
    const byIndex = Object.fromEntries(pods.map((p) => [p.metadata.annotations['batch.kubernetes.io/job-completion-index'], p]));
    expect(Object.keys(byIndex).sort()).toEqual(['0', '1', '2']);
    const one = byIndex['1']!;
    expect(one.metadata.name).toMatch(/^idx-1-[a-z0-9]{5}$/);
    expect(one.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(one.spec.hostname).toBe('idx-1');
    expect(one.spec.containers[0].env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
    await eventually(async () => {
      await kubelet((p) => (p.metadata.annotations['batch.kubernetes.io/job-completion-index'] === '1' ? 'Succeeded' : undefined));
      expect((await getJob('idx')).status).toMatchObject({ completedIndexes: '1', succeeded: 1, active: 2 });
    }, slowly);
    const done = await eventually(async () => {
      await kubelet(() => 'Succeeded');
      const j = await getJob('idx');
      expect(condition(j, 'Complete')?.status).toBe('True');
      return j;
    }, slowly);
    expect(done.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
  });

  it('suspended, runs nothing and says so; resumed, starts its pods', async () => {
    const { client, clock, eventually } = await jobCluster();
    await client.create(JOBS, job('later', { suspend: true }));
    await eventually(async () => expect(condition(await getJob('later'), 'Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' }), slowly);
    await settle(clock, 20, 100);
    expect(await listPods(client, NS)).toHaveLength(0);
    await client.patch(JOBS, 'later', 'merge', { spec: { suspend: false } }, { namespace: NS });
    await eventually(async () => {
      expect(await listPods(client, NS)).toHaveLength(1);
      expect(condition(await getJob('later'), 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed' });
    }, slowly);
    await eventually(async () => {
      const reasons = (await eventsOf(client, NS, 'later')).map((e) => e.reason);
      expect(reasons).toEqual(expect.arrayContaining(['Suspended', 'Resumed', 'SuccessfulCreate']));
    });
  });

  it('a deleted Job lets go of its pods: their tracking finalizers are removed', async () => {
    const { client, clock, eventually } = await jobCluster(['garbage-collector-controller']);
    await client.create(JOBS, job('gone', { parallelism: 2, completions: 2 }));
    await eventually(async () => {
      await kubeletStep(client, clock, NS);
      expect(active(await listPods(client, NS)).filter((p) => p.status?.phase === 'Running')).toHaveLength(2);
    }, slowly);
    await client.delete(JOBS, 'gone', { namespace: NS, propagationPolicy: 'Background' });
    await eventually(async () => {
      await kubeletStep(client, clock, NS);
      expect(await find(client, JOBS, 'gone', NS)).toBeUndefined();
      expect(await listPods(client, NS)).toHaveLength(0);
    }, slowly);
  });
});
