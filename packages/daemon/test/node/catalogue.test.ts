/**
 * Every image of the catalogue (fixtures/images) run with its own default command for a
 * while: what it does there is part of the data's contract — servers listen on their ports,
 * shells with no terminal exit 0, databases refuse to start unconfigured.
 */
import { FakeClock } from '@kubelab/core';
import { describe, expect, it } from 'vitest';
import { HostLocalIpam } from '../../src/node/cni.js';
import { PodNetwork } from '../../src/node/network/pod-network.js';
import { SimulatedRuntime } from '../../src/node/runtime/engine.js';
import { ImageCatalogue } from '../../src/node/runtime/image-catalogue.js';
import { SHIMS } from '../../src/node/runtime/shims.js';
import { HostPaths } from '../../src/node/runtime/volumes.js';

/** image → what it does within 10 s of starting with its default command and no env. */
const EXPECTED: Record<string, { exitCode?: number; listens?: number[] }> = {
  'nginx:1.27': { listens: [80] },
  'httpd:2.4': { listens: [80] },
  'redis:7.4': { listens: [6379] },
  'busybox:1.37': { exitCode: 0 },
  'alpine:3.21': { exitCode: 0 },
  'ubuntu:24.04': { exitCode: 0 },
  'postgres:17': { exitCode: 1 },
  'mysql:9.1': { exitCode: 1 },
  'registry.k8s.io/pause:3.10': { listens: [] },
  'traefik/whoami:v1.10': { listens: [80] },
  'gcr.io/google-samples/hello-app:1.0': { listens: [8080] },
  'hashicorp/http-echo:1.0': { exitCode: 127 },
  'registry.k8s.io/e2e-test-images/agnhost:2.40': { exitCode: 1 },
  'polinux/stress:1.0.4': { exitCode: 1 },
  'python:3.13': { exitCode: 0 },
  'node:22': { exitCode: 0 },
  'curlimages/curl:8.11.1': { exitCode: 2 },
  'nicolaka/netshoot:v0.13': { exitCode: 0 },
  'registry.k8s.io/coredns/coredns:v1.11.3': { listens: [53, 9153, 8080, 8181] },
  'registry.k8s.io/kube-proxy:v1.32.0': { listens: [10256, 10249] },
  'registry.k8s.io/kube-apiserver:v1.32.0': { listens: [6443] },
  'registry.k8s.io/etcd:3.5.16-0': { listens: [2379, 2380, 2381] },
  'registry.k8s.io/kube-scheduler:v1.32.0': { listens: [10259] },
  'registry.k8s.io/kube-controller-manager:v1.32.0': { listens: [10257] },
};

interface Started {
  clock: FakeClock;
  network: PodNetwork;
  rt: SimulatedRuntime;
  id: string;
  ip: string;
  advance(ms: number): Promise<void>;
  get(path: string, port: number): Promise<{ status: number; body: string } | string>;
}

/** Pulls image, starts it in a pod "p" (with command/args/env), and lets 2 s pass. */
async function start(image: string, config: { command?: string[]; args?: string[]; env?: Record<string, string> } = {}): Promise<Started> {
  const clock = new FakeClock();
  const network = new PodNetwork();
  const rt = new SimulatedRuntime({
    nodeName: 'n',
    nodeIP: '172.18.0.3',
    clock,
    catalogue: ImageCatalogue.load(),
    shim: SHIMS.containerd,
    network,
    podNetwork: network,
    cni: new HostLocalIpam('10.244.1.0/24'),
    hostPaths: new HostPaths(),
    cpus: 2,
    sandboxStartMs: 0,
  });
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 50) {
      await new Promise((r) => setImmediate(r));
      clock.advance(50);
    }
  };
  const pull = rt.pullImage({ image });
  await advance(10_000);
  await pull;
  const sandboxConfig = { metadata: { name: 'p', namespace: 'default', uid: 'u', attempt: 0 }, hostname: 'p', labels: {}, annotations: {} };
  const sandbox = await rt.runPodSandbox(sandboxConfig);
  const envs = Object.entries(config.env ?? {}).map(([key, value]) => ({ key, value }));
  const id = await rt.createContainer(sandbox, { metadata: { name: 'c', attempt: 0 }, image: { image }, command: config.command ?? [], args: config.args ?? [], envs, mounts: [], labels: {}, annotations: {}, logPath: '' }, sandboxConfig);
  await rt.startContainer(id);
  await advance(2000);
  const ip = (await rt.podSandboxStatus(sandbox)).network.ip;
  const get = async (path: string, port: number) => {
    const r = await network.connect({ source: { nodeName: 'n', ip: '172.18.0.3' }, ip, port, protocol: 'TCP', http: { method: 'GET', path, host: ip, headers: { 'User-Agent': 'test' } } });
    return r.outcome === 'connected' && r.http ? { status: r.http.status, body: r.http.body } : r.outcome;
  };
  return { clock, network, rt, id, ip, advance, get };
}

describe('the image catalogue', () => {
  it('has a behaviour on record for every image', () => {
    const repos = new Set(ImageCatalogue.load().list().map((i) => i.spec.repository));
    expect(repos.size).toBe(Object.keys(EXPECTED).length);
  });

  for (const [image, expected] of Object.entries(EXPECTED)) {
    it(`${image} with its default command ${expected.exitCode === undefined ? `listens on ${expected.listens?.join(', ') || 'nothing'} and keeps running` : `exits ${expected.exitCode}`}`, async () => {
      const { rt, id, ip, network, advance } = await start(image);
      await advance(8000);
      const status = await rt.containerStatus(id);
      if (expected.exitCode !== undefined) {
        expect(status.state).toBe('CONTAINER_EXITED');
        expect(status.exitCode).toBe(expected.exitCode);
        return;
      }
      expect(status.state).toBe('CONTAINER_RUNNING');
      for (const port of expected.listens ?? []) {
        const r = await network.connect({ source: { nodeName: 'n', ip: '172.18.0.3' }, ip, port, protocol: 'TCP' });
        expect(r.outcome).toBe('connected');
      }
    });
  }
});

describe('images with arguments', () => {
  it('http-echo answers with its -text on its -listen port', async () => {
    const c = await start('hashicorp/http-echo', { args: ['-text=hello from the echo', '-listen=:8080'] });
    expect(await c.get('/anything', 8080)).toEqual({ status: 200, body: 'hello from the echo\n' });
    expect(await c.get('/', 5678)).toBe('refused');
  });

  it('agnhost liveness serves /healthz 200 for ten seconds, then 500 (the HTTP liveness example of the docs)', async () => {
    const c = await start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['liveness'] });
    expect(await c.get('/healthz', 8080)).toEqual({ status: 200, body: 'ok' });
    await c.advance(9000);
    expect(await c.get('/healthz', 8080)).toMatchObject({ status: 500, body: expect.stringMatching(/^error: 1[01]\.\d{3}s$/) });
  });

  it('hello-app answers with its version and the pod name; python -m http.server lists the directory', async () => {
    const hello = await start('gcr.io/google-samples/hello-app:2.0');
    expect(await hello.get('/', 8080)).toEqual({ status: 200, body: 'Hello, world!\nVersion: 2.0.0\nHostname: p\n' });
    const py = await start('python:3.13', { command: ['python', '-m', 'http.server', '9000'] });
    const listing = await py.get('/etc/', 9000);
    expect(listing).toMatchObject({ status: 200, body: expect.stringContaining('<a href="hostname">hostname</a>') });
  });

  it('postgres with a password initialises and listens on 5432', async () => {
    const c = await start('postgres:17', { env: { POSTGRES_PASSWORD: 'secret' } });
    await c.advance(3000);
    expect((await c.rt.containerStatus(c.id)).state).toBe('CONTAINER_RUNNING');
    expect((await c.network.connect({ source: { nodeName: 'n', ip: '172.18.0.3' }, ip: c.ip, port: 5432, protocol: 'TCP' })).outcome).toBe('connected');
    const log = (await c.rt.containerLogs(c.id, {})).entries.map((e) => e.text);
    expect(log).toContain('PostgreSQL init process complete; ready for start up.');
    expect(log[log.length - 1]).toMatch(/LOG: {2}database system is ready to accept connections$/);
  });
});
