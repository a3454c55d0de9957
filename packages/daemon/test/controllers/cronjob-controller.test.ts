import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, type TestCluster, find, startCluster } from './cluster.js';
import { CRON_JOBS, JOBS, type Obj, condition, eventsOf, finishPod, kubeletStep, listPods, settle } from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

const NS = 'cron';
/** The FakeClock starts at 2025-01-01T00:00:00Z. */
const minutes = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

async function cronCluster(extra: string[] = []): Promise<TestCluster> {
  cluster = await startCluster({ controllers: ['cronjob-controller', ...extra] });
  await cluster.client.create(NAMESPACES, { metadata: { name: NS } });
  return cluster;
}

function cronJob(name: string, schedule: string, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: NS },
    spec: {
      schedule,
      jobTemplate: {
        metadata: { labels: { team: 'ops' } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'tick', image: 'busybox', command: ['date'] }] } } },
      },
      ...spec,
    },
  };
}

const jobs = async () => ((await cluster.client.list(JOBS, { namespace: NS })).items as Obj[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
const getCj = (name: string) => cluster.client.get(CRON_JOBS, name, { namespace: NS }) as Promise<Obj>;

/** Moves the clock to just past a minute boundary, letting the controller run. */
async function advanceTo(iso: string): Promise<void> {
  cluster.clock.advance(Date.parse(iso) + 200 - cluster.clock.now());
  await settle(cluster.clock, 10, 10);
}

/** The job controller and a kubelet finish the CronJob's Jobs. */
async function runJobsToCompletion(): Promise<void> {
  await kubeletStep(cluster.client, cluster.clock, NS);
  for (const p of await listPods(cluster.client, NS)) if (p.status?.phase === 'Running') await finishPod(cluster.client, cluster.clock, p, 'Succeeded');
}

describe('CronJob controller', () => {
  it('fires at each scheduled time on the clock: a Job named by the minute, owned and annotated', async () => {
    const { client, eventually } = await cronCluster();
    const cj = await client.create(CRON_JOBS, cronJob('tick', '*/5 * * * *'));
    await advanceTo('2025-01-01T00:04:00Z');
    expect(await jobs()).toHaveLength(0);
    await advanceTo('2025-01-01T00:05:00Z');
    const [job] = await eventually(async () => {
      const j = await jobs();
      expect(j).toHaveLength(1);
      return j;
    });
    expect(job!.metadata.name).toBe(`tick-${minutes('2025-01-01T00:05:00Z')}`);
    expect(job!.metadata.labels).toMatchObject({ team: 'ops' });
    expect(job!.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-01T00:05:00Z');
    expect(job!.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cj.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    const status = (await getCj('tick')).status;
    expect(status.lastScheduleTime).toBe('2025-01-01T00:05:00Z');
    expect(status.active).toEqual([expect.objectContaining({ kind: 'Job', name: job!.metadata.name, uid: job!.metadata.uid, namespace: NS })]);
    await eventually(async () => expect(await eventsOf(client, NS, 'tick')).toContainEqual(expect.objectContaining({ reason: 'SuccessfulCreate', message: `Created job ${job!.metadata.name}` })));
    await advanceTo('2025-01-01T00:10:00Z');
    await eventually(async () => expect(await jobs()).toHaveLength(2));
  });

  it('sees its Job complete: SawCompletedJob, lastSuccessfulTime, and old successes pruned to the history limit', async () => {
    const { client, eventually } = await cronCluster(['job-controller']);
    await client.create(CRON_JOBS, cronJob('tick', '* * * * *', { successfulJobsHistoryLimit: 1 }));
    for (const minute of ['00:01', '00:02']) {
      await advanceTo(`2025-01-01T${minute}:00Z`);
      await eventually(
        async () => {
          await runJobsToCompletion();
          const cj = await getCj('tick');
          expect(cj.status.active).toBeUndefined();
          expect(cj.status.lastSuccessfulTime).toBeDefined();
          expect(cj.status.lastScheduleTime).toBe(`2025-01-01T${minute}:00Z`);
        },
        { stepMs: 100, rounds: 100 },
      );
    }
    await eventually(async () => {
      expect((await jobs()).map((j) => j.metadata.name)).toEqual([`tick-${minutes('2025-01-01T00:02:00Z')}`]);
      const messages = (await eventsOf(client, NS, 'tick')).map((e) => e.message);
      expect(messages).toContain(`Saw completed job: tick-${minutes('2025-01-01T00:01:00Z')}, condition: Complete`);
      expect(messages).toContain(`Deleted job tick-${minutes('2025-01-01T00:01:00Z')}`);
    });
  });

  it('concurrencyPolicy Forbid skips a run while the last one is active; Replace deletes it and starts anew', async () => {
    const { client, eventually } = await cronCluster();
    await client.create(CRON_JOBS, cronJob('forbid', '* * * * *', { concurrencyPolicy: 'Forbid' }));
    await client.create(CRON_JOBS, cronJob('replace', '* * * * *', { concurrencyPolicy: 'Replace' }));
    await advanceTo('2025-01-01T00:01:00Z');
    await eventually(async () => expect(await jobs()).toHaveLength(2));
    await advanceTo('2025-01-01T00:02:00Z');
    await eventually(async () => {
      const names = (await jobs()).map((j) => j.metadata.name);
      expect(names).toEqual([`forbid-${minutes('2025-01-01T00:01:00Z')}`, `replace-${minutes('2025-01-01T00:02:00Z')}`]);
    });
    await eventually(async () => {
      const forbid = (await eventsOf(client, NS, 'forbid')).map((e) => `${e.reason} ${e.message}`);
      expect(forbid).toContain('JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid');
      const replace = (await eventsOf(client, NS, 'replace')).map((e) => `${e.reason} ${e.message}`);
      expect(replace).toContain(`SuccessfulDelete Deleted job replace-${minutes('2025-01-01T00:01:00Z')}`);
    });
  });

  it('starts nothing while suspended, and skips a start missed by more than startingDeadlineSeconds', async () => {
    const { client, eventually } = await cronCluster();
    await client.create(CRON_JOBS, cronJob('late', '0 * * * *', { suspend: true, startingDeadlineSeconds: 10 }));
    await advanceTo('2025-01-01T01:00:30Z');
    expect(await jobs()).toHaveLength(0);
    await client.patch(CRON_JOBS, 'late', 'merge', { spec: { suspend: false } }, { namespace: NS });
    // 01:00 is 30 s past, beyond the 10 s deadline: upstream only looks back that far.
    await eventually(async () => expect((await getCj('late')).metadata.generation).toBe(2));
    await settle(cluster.clock, 20, 100);
    expect(await jobs()).toHaveLength(0);
    expect((await getCj('late')).status?.lastScheduleTime).toBeUndefined();
    await advanceTo('2025-01-01T02:00:00Z');
    await eventually(async () => expect(await jobs()).toHaveLength(1));
  });

  it('evaluates the schedule in spec.timeZone', async () => {
    const { client, eventually } = await cronCluster();
    await client.create(CRON_JOBS, cronJob('tokyo', '30 9 * * *', { timeZone: 'Asia/Tokyo' }));
    await advanceTo('2025-01-01T00:29:00Z');
    expect(await jobs()).toHaveLength(0);
    await advanceTo('2025-01-01T00:30:00Z');
    const [job] = await eventually(async () => {
      const j = await jobs();
      expect(j).toHaveLength(1);
      return j;
    });
    expect(job!.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-01T09:30:00+09:00');
  });
});

describe('TTL-after-finished controller', () => {
  it('deletes a finished Job and its pods ttlSecondsAfterFinished after it finished', async () => {
    cluster = await startCluster({ controllers: ['job-controller', 'ttl-after-finished-controller', 'garbage-collector-controller'] });
    const { client, clock, eventually } = cluster;
    await client.create(NAMESPACES, { metadata: { name: NS } });
    await client.create(JOBS, { metadata: { name: 'once', namespace: NS }, spec: { ttlSecondsAfterFinished: 100, template: cronJob('x', '').spec.jobTemplate.spec.template } });
    const done = await eventually(
      async () => {
        await runJobsToCompletion();
        const j = (await client.get(JOBS, 'once', { namespace: NS })) as Obj;
        expect(condition(j, 'Complete')?.status).toBe('True');
        return j;
      },
      { stepMs: 100, rounds: 100 },
    );
    const finishedAt = Date.parse(condition(done, 'Complete')!.lastTransitionTime);
    clock.advance(finishedAt + 90_000 - clock.now());
    await settle(clock);
    expect(await find(client, JOBS, 'once', NS)).toBeDefined();
    clock.advance(11_000);
    await eventually(async () => {
      expect(await find(client, JOBS, 'once', NS)).toBeUndefined();
      expect(await listPods(client, NS)).toHaveLength(0);
    });
  });
});
