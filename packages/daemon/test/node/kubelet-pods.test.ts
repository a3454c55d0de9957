import { afterEach, describe, expect, it } from 'vitest';
import { type NodeCluster, PODS, condition, podOn, startNodeCluster } from './node-cluster.js';

let cluster: NodeCluster;

afterEach(async () => {
  await cluster?.stop();
});

describe('kubelet: pods bound to a node', () => {
  it('runs nginx pods to Running and Ready, with unique IPs inside their node podCIDR', async () => {
    cluster = await startNodeCluster({ nodes: 2 });
    const { client, eventually } = cluster;
    const names = ['web-1', 'web-2', 'web-3', 'web-4'];
    for (const [i, name] of names.entries()) {
      await client.create(PODS, podOn(`worker-${(i % 2) + 1}`, name, { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    }
    const pods = await eventually(async () => {
      const ps = await Promise.all(names.map((n) => cluster.pod(n)));
      for (const p of ps) {
        expect(p.status?.phase).toBe('Running');
        expect(condition(p, 'Ready')).toBe('True');
      }
      return ps;
    });
    const ips = pods.map((p) => p.status!.podIP!);
    expect(new Set(ips).size).toBe(4);
    for (const p of pods) {
      const cidr = p.spec.nodeName === 'worker-1' ? /^10\.244\.1\.\d+$/ : /^10\.244\.2\.\d+$/;
      expect(p.status!.podIP).toMatch(cidr);
      expect(p.status!.podIPs).toEqual([{ ip: p.status!.podIP }]);
      expect(p.status!.hostIP).toBe(p.spec.nodeName === 'worker-1' ? '172.18.0.3' : '172.18.0.4');
      expect(p.status!.qosClass).toBe('BestEffort');
      expect(p.status!.startTime).toBeDefined();
      expect(p.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
        'PodReadyToStartContainers=True',
        'Initialized=True',
        'Ready=True',
        'ContainersReady=True',
        'PodScheduled=True',
      ]);
      const cs = p.status!.containerStatuses![0]!;
      expect(cs).toMatchObject({
        name: 'nginx',
        ready: true,
        started: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.27',
        lastState: {},
      });
      expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
      expect(cs.state.running?.startedAt).toBeDefined();
    }
    const events = await cluster.events('web-1');
    expect(events[0]).toBe('Pulling: Pulling image "nginx:1.27"');
    expect(events[1]).toMatch(/^Pulled: Successfully pulled image "nginx:1\.27" in \d+ms \(\d+ms including waiting\)\. Image size: 72000000 bytes\.$/);
    expect(events.slice(2)).toEqual(['Created: Created container: nginx', 'Started: Started container nginx']);
    // A pod arriving later finds the image on the node.
    await client.create(PODS, podOn('worker-1', 'web-5', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    await eventually(async () => expect((await cluster.pod('web-5')).status?.phase).toBe('Running'));
    expect(await cluster.events('web-5')).toEqual([
      'Pulled: Container image "nginx:1.27" already present on machine',
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
  });
});

describe('kubelet: container exits and restarts', () => {
  it('completes `busybox sleep 5` with restartPolicy Never: Succeeded, terminated Completed', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, clock } = cluster;
    await client.create(PODS, podOn('worker-1', 'sleeper', { restartPolicy: 'Never', containers: [{ name: 'sleep', image: 'busybox', command: ['sleep', '5'] }] }));
    const running = await eventually(async () => {
      const p = await cluster.pod('sleeper');
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    const startedAt = Date.parse(running.status!.containerStatuses![0]!.state.running!.startedAt);
    const done = await eventually(async () => {
      const p = await cluster.pod('sleeper');
      expect(p.status?.phase).toBe('Succeeded');
      return p;
    });
    const cs = done.status!.containerStatuses![0]!;
    expect(cs.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(Date.parse(cs.state.terminated!.finishedAt!) - startedAt).toBeGreaterThanOrEqual(5000);
    expect(cs.ready).toBe(false);
    expect(done.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(clock.now()).toBeGreaterThan(startedAt);
  });

  it('crash-loops `exit 1` with back-off growing 10s, 20s, 40s', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'crasher', { containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo starting; exit 1'] }] }));
    const restarts: Array<{ count: number; at: number }> = [];
    const messages = new Set<string>();
    await eventually(
      async () => {
        const p = await cluster.pod('crasher');
        const cs = p.status?.containerStatuses?.[0];
        if (cs && (restarts.length === 0 || restarts[restarts.length - 1]!.count !== cs.restartCount)) restarts.push({ count: cs.restartCount, at: cluster.clock.now() });
        if (cs?.state.waiting?.reason === 'CrashLoopBackOff') messages.add(cs.state.waiting.message!);
        expect(cs?.restartCount).toBeGreaterThanOrEqual(4);
      },
      { stepMs: 500, rounds: 1000 },
    );
    const uid = (await cluster.pod('crasher')).metadata!.uid;
    expect([...messages].slice(0, 3)).toEqual([
      `back-off 10s restarting failed container=app pod=crasher_default(${uid})`,
      `back-off 20s restarting failed container=app pod=crasher_default(${uid})`,
      `back-off 40s restarting failed container=app pod=crasher_default(${uid})`,
    ]);
    const gaps = restarts.slice(1).map((r, i) => r.at - restarts[i]!.at);
    // Restart 1 at once; then each waits out its back-off (seen within a polling step or two).
    for (const [i, backoff] of [10_000, 20_000, 40_000].entries()) {
      expect(gaps[i + 1]).toBeGreaterThanOrEqual(backoff);
      expect(gaps[i + 1]).toBeLessThan(backoff + 2000);
    }
    const p = await cluster.pod('crasher');
    expect(p.status!.phase).toBe('Running');
    expect(p.status!.containerStatuses![0]!.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(await cluster.events('crasher')).toContain('BackOff: Back-off restarting failed container app in pod crasher_default(' + uid + ')');
  });

  it('shows ErrImagePull, then ImagePullBackOff, for an image that does not exist', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'typo', { containers: [{ name: 'web', image: 'nginx:1.277' }] }));
    const seen: string[] = [];
    await eventually(async () => {
      const w = (await cluster.pod('typo')).status?.containerStatuses?.[0]?.state.waiting;
      if (w?.reason && seen[seen.length - 1] !== w.reason) seen.push(w.reason);
      expect(seen).toContain('ImagePullBackOff');
    });
    expect(seen.filter((r) => r !== 'ContainerCreating').slice(0, 2)).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    const p = await cluster.pod('typo');
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.containerStatuses![0]!.state.waiting!.message).toBe('Back-off pulling image "nginx:1.277"');
    const events = await cluster.events('typo');
    expect(events).toContain(
      'Failed: Failed to pull image "nginx:1.277": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.277": failed to resolve reference "docker.io/library/nginx:1.277": docker.io/library/nginx:1.277: not found',
    );
    expect(events).toContain('Failed: Error: ErrImagePull');
    expect(events).toContain('BackOff: Back-off pulling image "nginx:1.277"');
    expect(events).toContain('Failed: Error: ImagePullBackOff');
  });

  it('restarts a container whose liveness probe fails (the exec liveness example of the docs)', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'liveness-exec', {
        containers: [
          {
            name: 'liveness',
            image: 'registry.k8s.io/busybox',
            args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
            livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
          },
        ],
      }),
    );
    await eventually(async () => expect((await cluster.pod('liveness-exec')).status?.phase).toBe('Running'));
    const started = cluster.clock.now();
    const p = await eventually(async () => {
      const pod = await cluster.pod('liveness-exec');
      expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(1);
      return pod;
    });
    // Healthy for 30 s, then three failed probes 5 s apart; then the grace period of the shell.
    expect(cluster.clock.now() - started).toBeGreaterThanOrEqual(40_000);
    expect(p.status!.containerStatuses![0]!.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    const events = await cluster.events('liveness-exec');
    expect(events).toContain("Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(events).toContain('Killing: Container liveness failed liveness probe, will be restarted');
  });
});
