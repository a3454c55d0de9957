import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_MAPS, type NodeCluster, PODS, condition, podOn, startNodeCluster } from './node-cluster.js';

let cluster: NodeCluster;

afterEach(async () => {
  await cluster?.stop();
});

async function gone(name: string): Promise<void> {
  await cluster.eventually(async () => expect(await cluster.client.get(PODS, name, { namespace: 'default' }).catch((e: { code?: number }) => e.code)).toBe(404));
}

describe('kubelet: deleting pods', () => {
  it('deletes an nginx pod quickly: nginx handles SIGTERM and exits 0', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    await eventually(async () => expect((await cluster.pod('web')).status?.phase).toBe('Running'));
    const marked = await client.delete(PODS, 'web', { namespace: 'default' });
    expect((marked as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp).toBeDefined();
    const t0 = cluster.clock.now();
    await gone('web');
    expect(cluster.clock.now() - t0).toBeLessThan(5000);
    expect(await cluster.events('web')).toContain('Killing: Stopping container nginx');
  });

  it('keeps a `sleep 3600` pod Terminating for its whole grace period: sleep as PID 1 ignores SIGTERM', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'sleepy', { terminationGracePeriodSeconds: 20, containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }] }));
    await eventually(async () => expect((await cluster.pod('sleepy')).status?.phase).toBe('Running'));
    await client.delete(PODS, 'sleepy', { namespace: 'default' });
    await cluster.advance(19_000, 500);
    expect((await cluster.pod('sleepy')).metadata?.deletionTimestamp).toBeDefined();
    await gone('sleepy');
  });
});

describe('kubelet: preStop hooks', () => {
  it('runs the preStop hook before SIGTERM, within the grace period', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'drain', { containers: [{ name: 'nginx', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 8'] } } } }] }),
    );
    await eventually(async () => expect((await cluster.pod('drain')).status?.phase).toBe('Running'));
    await client.delete(PODS, 'drain', { namespace: 'default' });
    const t0 = cluster.clock.now();
    await cluster.advance(7000, 500);
    expect((await cluster.pod('drain')).metadata?.deletionTimestamp).toBeDefined();
    await gone('drain');
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(8000);
  });
});

describe('kubelet: probes, limits and failing images', () => {
  it('marks a pod Ready only once its readiness probe passes, and never when it fails', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'ready', { containers: [{ name: 'nginx', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }] }));
    await client.create(PODS, podOn('worker-1', 'unready', { containers: [{ name: 'nginx', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 } }] }));
    await eventually(async () => expect(condition(await cluster.pod('ready'), 'Ready')).toBe('True'));
    await cluster.advance(30_000, 1000);
    const unready = await cluster.pod('unready');
    expect(unready.status?.phase).toBe('Running');
    expect(unready.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
    expect(await cluster.events('unready')).toContain('Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404');
  });

  it('OOM-kills a container that allocates over its memory limit (the stress example of the docs)', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'memory-demo', {
        containers: [{ name: 'stress', image: 'polinux/stress', resources: { limits: { memory: '100Mi' }, requests: { memory: '50Mi' } }, command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'] }],
      }),
    );
    const p = await eventually(async () => {
      const pod = await cluster.pod('memory-demo');
      expect(pod.status?.containerStatuses?.[0]?.lastState.terminated ?? pod.status?.containerStatuses?.[0]?.state.terminated).toBeDefined();
      return pod;
    });
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.lastState.terminated ?? cs.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(p.status!.qosClass).toBe('Burstable');
  });

  it('crash-loops postgres without POSTGRES_PASSWORD, and its log says why', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'db', { containers: [{ name: 'postgres', image: 'postgres:17' }] }));
    await eventually(async () => expect((await cluster.pod('db')).status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('CrashLoopBackOff'));
    const log = await cluster.raw('GET', '/api/v1/namespaces/default/pods/db/log');
    expect(log.status).toBe(200);
    expect(log.body).toContain('Error: Database is uninitialized and superuser password is not specified.');
  });

  it('waits in CreateContainerConfigError for a missing ConfigMap key, and starts once it exists', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'configured', {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'echo "color=$COLOR"; cat /etc/config/app.properties; sleep 3600'],
            env: [{ name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } }],
            volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
          },
        ],
        volumes: [{ name: 'config', configMap: { name: 'settings' } }],
      }),
    );
    await eventually(async () => expect(await cluster.events('configured')).toContain('FailedMount: MountVolume.SetUp failed for volume "config" : configmap "settings" not found'));
    await client.create(CONFIG_MAPS, { metadata: { name: 'settings', namespace: 'default' }, data: { 'app.properties': 'size=large\n' } });
    const waiting = await eventually(async () => {
      const w = (await cluster.pod('configured')).status?.containerStatuses?.[0]?.state.waiting;
      expect(w?.reason).toBe('CreateContainerConfigError');
      return w;
    });
    expect(waiting?.message).toBe("couldn't find key color in ConfigMap default/settings");
    await client.patch(CONFIG_MAPS, 'settings', 'merge', { data: { color: 'blue' } }, { namespace: 'default' });
    await eventually(async () => expect((await cluster.pod('configured')).status?.phase).toBe('Running'));
    await eventually(async () => expect((await cluster.raw('GET', '/api/v1/namespaces/default/pods/configured/log')).body).toBe('color=blue\nsize=large\n'));
  });

  it('runs init containers one after another before the app container', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'with-init', {
        initContainers: [
          { name: 'first', image: 'busybox', command: ['sh', '-c', 'sleep 2; echo first done'] },
          { name: 'second', image: 'busybox', command: ['sh', '-c', 'sleep 3; echo second done'] },
        ],
        containers: [{ name: 'app', image: 'nginx:1.27' }],
      }),
    );
    const pending = await eventually(async () => {
      const p = await cluster.pod('with-init');
      expect(p.status?.initContainerStatuses?.[0]?.state.running).toBeDefined();
      return p;
    });
    expect(pending.status!.phase).toBe('Pending');
    expect(pending.status!.initContainerStatuses![1]!.state.waiting?.reason).toBe('PodInitializing');
    expect(pending.status!.containerStatuses![0]!.state.waiting?.reason).toBe('PodInitializing');
    expect(pending.status!.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });
    const running = await eventually(async () => {
      const p = await cluster.pod('with-init');
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    const [first, second] = running.status!.initContainerStatuses!;
    expect(first!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(second!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(Date.parse(second!.state.terminated!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(first!.state.terminated!.finishedAt!));
    expect(condition(running, 'Initialized')).toBe('True');
  });
});
