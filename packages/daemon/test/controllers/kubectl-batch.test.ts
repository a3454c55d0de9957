/**
 * The real kubectl with Jobs and CronJobs on a real kubelabd whose clock is a FakeClock: a
 * Job runs to completion (`kubectl wait --for=condition=complete`), and a CronJob fires when
 * the test moves the clock past its schedule. A loop in the test plays scheduler and kubelet
 * (pods run, then exit 0) and moves fake time forward while it does.
 */
import { FakeClock } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from '../e2e/cluster.js';
import { JOBS, type Obj, finishPod, kubeletStep, listPods } from './workloads.js';

const ok = kubectlAvailable();
const NS = 'batch-e2e';

describe.skipIf(!ok)('kubectl with Jobs and CronJobs', () => {
  let c: TestCluster;
  let client: KubeClient;
  const clock = new FakeClock(Date.UTC(2025, 0, 1, 0, 0, 0));
  let running = true;
  let loop: Promise<void>;
  const k = (...args: string[]) => c.ok(['-n', NS, ...args]);

  beforeAll(async () => {
    c = await startCluster({ clock });
    client = new KubeClient(new InProcessTransport((req) => c.daemon.api.handle(req), { userAgent: 'kubelet/v1.32.0' }));
    await c.ok(['create', 'namespace', NS]);
    loop = (async () => {
      while (running) {
        try {
          await kubeletStep(client, clock, NS);
          for (const p of await listPods(client, NS)) {
            if (p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp) await finishPod(client, clock, p, 'Succeeded');
          }
        } catch {
          // Pods come and go under the loop.
        }
        clock.advance(200);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  });

  afterAll(async () => {
    running = false;
    await loop;
    await c?.stop();
  });

  it('kubectl create job runs to completion, and kubectl wait sees it complete', async () => {
    expect(await k('create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi')).toBe('job.batch/hello created\n');
    expect(await k('wait', '--for=condition=complete', 'job/hello', '--timeout=60s')).toBe('job.batch/hello condition met\n');
    const table = await k('get', 'job', 'hello');
    expect(table).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nhello\s+Complete\s+1\/1\s+/);
    const describe = await k('describe', 'job', 'hello');
    expect(describe).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
    expect(describe).toMatch(/Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/);
  });

  it('kubectl create cronjob fires once the clock passes its schedule', async () => {
    expect(await k('create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date')).toBe('cronjob.batch/tick created\n');
    const due = Math.ceil((clock.now() + 1) / 300_000) * 300_000;
    clock.advance(due - clock.now() - 1000);
    const deadline = Date.now() + 30_000;
    let jobs: Obj[] = [];
    while (Date.now() < deadline) {
      jobs = ((await client.list(JOBS, { namespace: NS })).items as Obj[]).filter((j) => j.metadata?.name?.startsWith('tick-'));
      if (jobs.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(jobs.map((j) => j.metadata.name)).toEqual([`tick-${due / 60_000}`]);
    expect(await k('wait', '--for=condition=complete', `job/tick-${due / 60_000}`, '--timeout=60s')).toContain('condition met');
    const cj = await k('get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastScheduleTime} {.status.lastSuccessfulTime}');
    expect(cj.split(' ')[0]).toBe(new Date(due).toISOString().replace('.000Z', 'Z'));
    expect(cj.split(' ')[1]).not.toBe('');
    const events = await k('get', 'events', '--field-selector', 'involvedObject.name=tick', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}');
    expect(events.split('\n')).toEqual(expect.arrayContaining(['SuccessfulCreate', 'SawCompletedJob']));
  });
});
