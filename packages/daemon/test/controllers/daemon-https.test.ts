import { RealClock } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { HttpTransport } from '@kubelab/core/client/http';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { loadConnection } from '@kubelab/core/client/kubeconfig';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { type RunningHttpServer, startHttpServer } from '../../src/apiserver/http-server.js';
import { ControllerManager, defaultIdentity } from '../../src/controllers/manager.js';
import { writeKubeconfig } from '../../src/kubelabd/credentials.js';
import { type Daemon, startDaemon } from '../../src/kubelabd/daemon.js';
import { loadOrCreateServingCert } from '../../src/kubelabd/pki/serving-cert.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';
import { tempDir } from '../support/store.js';
import { CONFIG_MAPS, LEASES, NAMESPACES, SERVICE_ACCOUNTS, configMap, find } from './cluster.js';

let daemon: Daemon | undefined;
let transport: HttpTransport | undefined;
let dir: { path: string; remove: () => void } | undefined;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await transport?.close();
  transport = undefined;
  await daemon?.stop();
  daemon = undefined;
  for (const c of cleanups.splice(0).reverse()) await c();
  dir?.remove();
});

/** Polls in real time (the daemon runs on the wall clock). */
async function until<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('kubelabd controllers over HTTPS', () => {
  it('are driven by a client on the HTTPS transport, kubeconfig, CA and token included', async () => {
    dir = tempDir('kubelab-controllers-');
    const tls = loadOrCreateServingCert(dir.path, Date.now());
    const backend = openMemoryBackend();
    const api = new ApiServer({ backend });
    const http: RunningHttpServer = await startHttpServer({ api, token: 'test-token', port: 0, cert: tls.certPem, key: tls.keyPem });
    cleanups.push(() => backend.close(), () => http.close());
    const local = new KubeClient(new InProcessTransport((req) => api.handle(req)));
    for (const name of ['default', 'kube-system']) await local.create(NAMESPACES, { metadata: { name } });
    const manager = new ControllerManager({ handler: (req) => api.handle(req), clock: new RealClock(), rootCaPem: tls.certPem, leaderElection: { identity: 'test-manager' } });
    manager.start();
    cleanups.push(() => manager.stop());

    const path = writeKubeconfig(dir.path, `https://127.0.0.1:${http.port}`, 'test-token', tls.certPem);
    transport = new HttpTransport(await loadConnection(path));
    const client = new KubeClient(transport);
    await client.create(NAMESPACES, { metadata: { name: 'over-https' } });
    const ca = await until(() => client.get(CONFIG_MAPS, 'kube-root-ca.crt', { namespace: 'over-https' }));
    expect((ca['data'] as Record<string, string>)['ca.crt']).toBe(tls.certPem);
    await until(async () => expect(await find(client, SERVICE_ACCOUNTS, 'default', 'over-https')).toBeDefined());
    await client.create(CONFIG_MAPS, configMap('over-https', 'settings'));

    // A watch over HTTPS sees the namespace go.
    const watch = await client.watch(NAMESPACES, { resourceVersion: (await client.list(NAMESPACES)).metadata.resourceVersion });
    await client.delete(NAMESPACES, 'over-https');
    const seen: string[] = [];
    for await (const ev of watch) {
      seen.push(ev.type);
      if (ev.type === 'DELETED') break;
    }
    expect(seen[0]).toBe('MODIFIED');
    expect(seen.at(-1)).toBe('DELETED');
    expect((await client.list(CONFIG_MAPS, { namespace: 'over-https' })).items).toEqual([]);
    const lease = await client.get(LEASES, 'kube-controller-manager', { namespace: 'kube-system' });
    expect((lease['spec'] as { holderIdentity: string }).holderIdentity).toBe('test-manager');
  });

  it('run in the daemon: a namespace gets its defaults and, once deleted, empties and disappears', async () => {
    dir = tempDir('kubelab-controllers-');
    daemon = await startDaemon({ dataDir: dir.path, unsafeNoFsync: true });
    // Connect the way the CLI does: from the kubeconfig the daemon wrote.
    const conn = await loadConnection(daemon.kubeconfigPath);
    transport = new HttpTransport(conn);
    const client = new KubeClient(transport);

    await client.create(NAMESPACES, { metadata: { name: 'over-https' } });
    await until(async () => expect(await find(client, SERVICE_ACCOUNTS, 'default', 'over-https')).toBeDefined());
    const ca = await until(() => client.get(CONFIG_MAPS, 'kube-root-ca.crt', { namespace: 'over-https' }));
    expect((ca['data'] as Record<string, string>)['ca.crt']).toBe(daemon.caPem);
    await client.create(CONFIG_MAPS, configMap('over-https', 'settings'));

    await client.delete(NAMESPACES, 'over-https');
    await until(async () => expect(await find(client, NAMESPACES, 'over-https')).toBeUndefined());
    expect((await client.list(CONFIG_MAPS, { namespace: 'over-https' })).items).toEqual([]);

    const lease = await client.get(LEASES, 'kube-controller-manager', { namespace: 'kube-system' });
    expect((lease['spec'] as { holderIdentity: string }).holderIdentity).toBe(defaultIdentity());
  });
});
