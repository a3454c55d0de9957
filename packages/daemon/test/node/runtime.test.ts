import { FakeClock } from '@kubelab/core';
import { describe, expect, it } from 'vitest';
import { HostLocalIpam } from '../../src/node/cni.js';
import { PodNetwork } from '../../src/node/network/pod-network.js';
import type { ContainerConfig, PodSandboxConfig } from '../../src/node/runtime/cri.js';
import { SimulatedRuntime } from '../../src/node/runtime/engine.js';
import { ImageCatalogue } from '../../src/node/runtime/image-catalogue.js';
import { SHIMS, type RuntimeName } from '../../src/node/runtime/shims.js';
import { HostPaths } from '../../src/node/runtime/volumes.js';

function runtime(shim: RuntimeName = 'containerd') {
  const clock = new FakeClock();
  const network = new PodNetwork();
  const rt = new SimulatedRuntime({
    nodeName: 'worker-1',
    nodeIP: '172.18.0.3',
    clock,
    catalogue: ImageCatalogue.load(),
    shim: SHIMS[shim],
    network,
    podNetwork: network,
    cni: new HostLocalIpam('10.244.1.0/24'),
    hostPaths: new HostPaths(),
    cpus: 4,
    sandboxStartMs: 0,
  });
  /** Lets promises settle while moving the clock. */
  const run = async <T>(p: Promise<T>, stepMs = 10): Promise<T> => {
    let done = false;
    void p.finally(() => (done = true)).catch(() => undefined);
    for (let i = 0; i < 100_000 && !done; i++) {
      await new Promise((r) => setImmediate(r));
      if (!done) clock.advance(stepMs);
    }
    return p;
  };
  return { clock, network, rt, run };
}

const SANDBOX: PodSandboxConfig = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-1', attempt: 0 },
  hostname: 'web',
  labels: { 'io.kubernetes.pod.uid': 'uid-1' },
  annotations: {},
};

function container(name: string, image: string, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return { metadata: { name, attempt: 0 }, image: { image }, command: [], args: [], envs: [], mounts: [], labels: {}, annotations: {}, logPath: `/var/log/pods/${name}/0.log`, ...extra };
}

async function started(r: ReturnType<typeof runtime>, config: ContainerConfig) {
  await r.run(r.rt.pullImage(config.image));
  const sandbox = await r.rt.runPodSandbox(SANDBOX);
  const id = await r.rt.createContainer(sandbox, config, SANDBOX);
  await r.rt.startContainer(id);
  return { sandbox, id };
}

async function logText(r: ReturnType<typeof runtime>, id: string): Promise<string> {
  return (await r.rt.containerLogs(id, {})).entries.map((e) => e.text).join('\n');
}

describe('container runtime: images', () => {
  it('pulls in registry time plus size over bandwidth, and names images as its shim does', async () => {
    const r = runtime();
    const t0 = r.clock.now();
    const ref = await r.run(r.rt.pullImage({ image: 'nginx:1.27' }));
    // 150 ms round trip + 72 MB at 200 MB/s.
    expect(r.clock.now() - t0).toBeGreaterThanOrEqual(510);
    expect(r.clock.now() - t0).toBeLessThan(600);
    expect(ref).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    const t1 = r.clock.now();
    await r.run(r.rt.pullImage({ image: 'nginx:latest' }));
    expect(r.clock.now() - t1).toBeLessThan(200);
    const images = await r.rt.listImages();
    expect(images.find((i) => i.repoTags.includes('docker.io/library/nginx:latest'))?.repoTags).toEqual(['docker.io/library/nginx:1.27', 'docker.io/library/nginx:latest']);
    expect(images.find((i) => i.repoTags.includes('registry.k8s.io/pause:3.10'))?.pinned).toBe(true);
  });

  it('fails unknown tags, repositories and registries in each runtime own words', async () => {
    const errors = async (shim: RuntimeName, image: string) => {
      const r = runtime(shim);
      return r.run(r.rt.pullImage({ image })).then(
        () => 'pulled',
        (e: Error) => e.message,
      );
    };
    expect(await errors('containerd', 'nginx:1.99')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
    );
    expect(await errors('containerd', 'ngnix')).toContain('pull access denied, repository does not exist or may require authorization');
    expect(await errors('containerd', 'registry.example.internal/team/app:v1')).toContain('lookup registry.example.internal on 10.96.0.10:53: no such host');
    expect(await errors('cri-o', 'nginx:1.99')).toBe('rpc error: code = Unknown desc = reading manifest 1.99 in docker.io/library/nginx: manifest unknown');
    expect(await errors('cri-dockerd', 'nginx:1.99')).toBe('Error response from daemon: manifest for nginx:1.99 not found: manifest unknown: manifest unknown');
  });
});

describe('container runtime: containers', () => {
  it('runs nginx: start-up log, its page on the sandbox IP, and a graceful stop on SIGTERM', async () => {
    const r = runtime();
    const { sandbox, id } = await started(r, container('nginx', 'nginx:1.27'));
    const ip = (await r.rt.podSandboxStatus(sandbox)).network.ip;
    expect(ip).toBe('10.244.1.2');
    const from = { nodeName: 'worker-1', ip: '172.18.0.3' };
    expect((await r.network.connect({ source: from, ip, port: 80, protocol: 'TCP', http: { method: 'GET', path: '/', host: ip, headers: {} } })).outcome).toBe('refused');
    await r.run(new Promise<void>((res) => r.clock.setTimeout(() => res(), 100)));
    const page = await r.network.connect({ source: from, ip, port: 80, protocol: 'TCP', http: { method: 'GET', path: '/', host: ip, headers: { 'User-Agent': 'curl/8.11.1' } } });
    expect(page).toMatchObject({ outcome: 'connected', http: { status: 200, headers: { Server: 'nginx/1.27.3' } } });
    expect((page as { http: { body: string } }).http.body).toContain('<title>Welcome to nginx!</title>');
    expect(await logText(r, id)).toMatch(/"GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.11\.1" "-"$/);
    await r.run(r.rt.stopContainer(id, 30));
    const status = await r.rt.containerStatus(id);
    expect(status).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 0, reason: 'Completed' });
    expect(await logText(r, id)).toContain('[notice] 1#1: signal 3 (SIGQUIT) received, shutting down');
    expect(status.finishedAt - status.startedAt).toBeLessThan(1000);
  });

  it('waits out the grace period of a PID 1 that ignores SIGTERM, then kills it: 137', async () => {
    const r = runtime();
    const { id } = await started(r, container('app', 'busybox', { command: ['sleep', '3600'] }));
    const t0 = r.clock.now();
    await r.run(r.rt.stopContainer(id, 5), 100);
    expect(r.clock.now() - t0).toBeGreaterThanOrEqual(5000);
    expect(await r.rt.containerStatus(id)).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('fails to start a command the image does not have: StartError, 128', async () => {
    const r = runtime();
    await r.run(r.rt.pullImage({ image: 'nginx:1.27' }));
    const sandbox = await r.rt.runPodSandbox(SANDBOX);
    const id = await r.rt.createContainer(sandbox, container('app', 'nginx:1.27', { command: ['bogus-server'] }), SANDBOX);
    await expect(r.rt.startContainer(id)).rejects.toThrow('exec: "bogus-server": executable file not found in $PATH');
    expect(await r.rt.containerStatus(id)).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 128, reason: 'StartError' });
  });

  it('OOM-kills mysql under a 256Mi limit: it needs about 380Mi', async () => {
    const r = runtime();
    const { id } = await started(
      r,
      container('db', 'mysql:9.1', { envs: [{ key: 'MYSQL_ROOT_PASSWORD', value: 'secret' }], linux: { resources: { memoryLimitInBytes: 256 * 2 ** 20 } } }),
    );
    await r.run(new Promise<void>((res) => r.clock.setTimeout(() => res(), 5000)));
    expect(await r.rt.containerStatus(id)).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 137, reason: 'OOMKilled' });
    expect(await logText(r, id)).toContain('InnoDB initialization has started.');
  });

  it('execs commands in the container context and runs them through the shell', async () => {
    const r = runtime();
    const { id } = await started(r, container('app', 'alpine', { command: ['sleep', 'infinity'], envs: [{ key: 'MODE', value: 'test' }] }));
    expect(await r.rt.execSync(id, ['sh', '-c', 'echo "$HOSTNAME $MODE"; cat /etc/resolv.conf'], 0)).toEqual({ stdout: 'web test\nnameserver 10.96.0.10\n', stderr: '', exitCode: 0 });
    expect(await r.rt.execSync(id, ['ls', '/nope'], 0)).toEqual({ stdout: '', stderr: 'ls: /nope: No such file or directory\n', exitCode: 1 });
    const slow = await r.run(r.rt.execSync(id, ['sleep', '10'], 1), 100);
    expect(slow).toMatchObject({ timedOut: true, exitCode: 137 });
  });

  it('keeps the exited container and its log until removed, and reports container events', async () => {
    const r = runtime();
    const events: string[] = [];
    r.rt.getContainerEvents((e) => events.push(e.containerEventType));
    const { id } = await started(r, container('job', 'busybox', { command: ['sh', '-c', 'echo done; exit 2'] }));
    await r.run(new Promise<void>((res) => r.clock.setTimeout(() => res(), 10)));
    expect(await r.rt.containerStatus(id)).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(await logText(r, id)).toBe('done');
    await r.rt.removeContainer(id);
    expect(events).toEqual(['CONTAINER_CREATED_EVENT', 'CONTAINER_STARTED_EVENT', 'CONTAINER_STOPPED_EVENT', 'CONTAINER_DELETED_EVENT']);
    await expect(r.rt.containerStatus(id)).rejects.toThrow('not found');
  });
});

describe('CNI host-local IPAM', () => {
  it('hands out .2 onward round robin, recovers reservations, and says when the range is exhausted', () => {
    const ipam = new HostLocalIpam('10.244.7.0/29');
    const pod = (uid: string) => ({ namespace: 'default', name: uid, uid });
    expect(ipam.add('s1', pod('a'))).toBe('10.244.7.2');
    expect(ipam.add('s2', pod('b'))).toBe('10.244.7.3');
    ipam.del('s1');
    // Not reused at once: the next address after the last one handed out.
    expect(ipam.add('s3', pod('c'))).toBe('10.244.7.4');
    ipam.reserve('10.244.7.6', 'd');
    expect(ipam.add('s4', pod('d'))).toBe('10.244.7.6');
    expect(ipam.add('s5', pod('e'))).toBe('10.244.7.5');
    expect(ipam.add('s6', pod('f'))).toBe('10.244.7.2');
    expect(() => ipam.add('s7', pod('g'))).toThrow('failed to allocate for range 0: no IP addresses available in range set: 10.244.7.2-10.244.7.6');
  });
});
