import { afterEach, describe, expect, it } from 'vitest';
import { type NodeCluster, PODS, podOn, startNodeCluster } from './node-cluster.js';

let cluster: NodeCluster;

afterEach(async () => {
  await cluster?.stop();
});

const LOG = '/api/v1/namespaces/default/pods';

describe('pods/log through the API server and the kubelet connection', () => {
  it('serves the start-up log of nginx, with tailLines, timestamps and sinceSeconds', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, raw } = cluster;
    await client.create(PODS, podOn('worker-1', 'web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    await eventually(async () => expect((await cluster.pod('web')).status?.phase).toBe('Running'));
    const all = await eventually(async () => {
      const r = await raw('GET', `${LOG}/web/log`);
      expect(r.body).toContain('start worker process');
      return r;
    });
    expect(all.status).toBe(200);
    const lines = all.body.trimEnd().split('\n');
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(lines[lines.length - 1]).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker process 29$/);
    expect((await raw('GET', `${LOG}/web/log?tailLines=2`)).body.trimEnd().split('\n')).toEqual(lines.slice(-2));
    const stamped = (await raw('GET', `${LOG}/web/log?tailLines=1&timestamps=true`)).body;
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d{4}\/\d\d\/\d\d .* start worker process 29\n$/);
    await cluster.advance(120_000, 5000);
    expect((await raw('GET', `${LOG}/web/log?sinceSeconds=60`)).body).toBe('');
  });

  it('answers previous with the instance before a restart, and refuses what does not exist', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, raw } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'counter', { containers: [{ name: 'count', image: 'busybox', command: ['sh', '-c', 'echo "run at $(date +%s)"; sleep 2; exit 3'] }] }),
    );
    await eventually(async () => {
      const cs = (await cluster.pod('counter')).status?.containerStatuses?.[0];
      expect(cs?.restartCount).toBeGreaterThanOrEqual(2);
      expect(cs?.state.running).toBeDefined();
    });
    const current = await eventually(async () => {
      const body = (await raw('GET', `${LOG}/counter/log?container=count`)).body;
      expect(body).not.toBe('');
      return body;
    });
    const previous = (await raw('GET', `${LOG}/counter/log?container=count&previous=true`)).body;
    expect(current).toMatch(/^run at \d+\n$/);
    expect(previous).toMatch(/^run at \d+\n$/);
    // The running instance started after the previous one had run for its 2 s.
    expect(Number(current.split(' ')[2]) - Number(previous.split(' ')[2])).toBeGreaterThanOrEqual(2);
    const missing = await raw('GET', `${LOG}/counter/log?container=nope`);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).message).toBe('container nope is not valid for pod counter');
    const invalid = await raw('GET', `${LOG}/counter/log?tailLines=-1`);
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.body).message).toBe('PodLogOptions "counter" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
  });

  it('says a container that is still pulling has no logs yet', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, raw } = cluster;
    await client.create(PODS, podOn('worker-1', 'typo', { containers: [{ name: 'web', image: 'nginx:no-such-tag' }] }));
    await eventually(async () => expect((await cluster.pod('typo')).status?.containerStatuses?.[0]?.state.waiting?.reason).toMatch(/ImagePull/));
    const r = await raw('GET', `${LOG}/typo/log`);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toBe('container "web" in pod "typo" is waiting to start: trying and failing to pull image');
  });

  it('follows a log until the container exits', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, api, clock } = cluster;
    await client.create(
      PODS,
      podOn('worker-1', 'ticker', { restartPolicy: 'Never', containers: [{ name: 'tick', image: 'busybox', command: ['sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 1; done'] }] }),
    );
    await eventually(async () => expect((await cluster.pod('ticker')).status?.phase).toBe('Running'), { stepMs: 10 });
    const res = await api.handle({ method: 'GET', url: `${LOG}/ticker/log?follow=true`, headers: {} });
    expect('stream' in res).toBe(true);
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const c of (res as { stream: AsyncIterable<string> }).stream) chunks.push(c);
    })();
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(100);
    }
    await reading;
    expect(chunks.join('')).toBe('tick 1\ntick 2\ntick 3\n');
  });
});

describe('pods/exec', () => {
  it('runs a command in the container: its hostname, env and mounted files', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, raw } = cluster;
    await client.create(PODS, podOn('worker-1', 'shell', { containers: [{ name: 'sh', image: 'busybox', command: ['sleep', '3600'], env: [{ name: 'GREETING', value: 'hello' }] }] }));
    await eventually(async () => expect((await cluster.pod('shell')).status?.phase).toBe('Running'));
    const exec = async (...command: string[]) => {
      const q = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
      const r = await raw('POST', `${LOG}/shell/exec?${q}`, '');
      expect(r.status).toBe(200);
      return JSON.parse(r.body) as { stdout: string; stderr: string; exitCode: number };
    };
    expect(await exec('hostname')).toMatchObject({ stdout: 'shell\n', exitCode: 0 });
    expect(await exec('sh', '-c', 'echo $GREETING from $(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)')).toMatchObject({ stdout: 'hello from default\n' });
    const pod = await cluster.pod('shell');
    expect((await exec('cat', '/etc/hosts')).stdout).toContain(`${pod.status!.podIP}\tshell\n`);
    expect(await exec('sh', '-c', 'exit 4')).toMatchObject({ exitCode: 4 });
    expect(await exec('curl', 'http://example.com')).toMatchObject({ exitCode: 126 });
  });

  it('reaches another pod by IP with wget, as the pod network carries it', async () => {
    cluster = await startNodeCluster({ nodes: 2 });
    const { client, eventually, raw } = cluster;
    await client.create(PODS, podOn('worker-1', 'client', { containers: [{ name: 'sh', image: 'busybox', command: ['sleep', '3600'] }] }));
    await client.create(PODS, podOn('worker-2', 'whoami', { containers: [{ name: 'whoami', image: 'traefik/whoami' }] }));
    const server = await eventually(async () => {
      const p = await cluster.pod('whoami');
      expect(p.status?.phase).toBe('Running');
      expect((await cluster.pod('client')).status?.phase).toBe('Running');
      return p;
    });
    const ip = server.status!.podIP!;
    const r = await raw('POST', `${LOG}/client/exec?command=wget&command=-qO-&command=http://${ip}/`, '');
    const out = JSON.parse(r.body) as { stdout: string; exitCode: number };
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('Hostname: whoami\n');
    expect(out.stdout).toContain(`IP: ${ip}\n`);
    const svc = JSON.parse((await raw('POST', `${LOG}/client/exec?command=wget&command=-qO-&command=http://web.default.svc.cluster.local/`, '')).body);
    expect(svc).toMatchObject({ exitCode: 1, stderr: "wget: bad address 'web.default.svc.cluster.local'\n" });
  });
});
