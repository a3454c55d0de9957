/**
 * The node admin API of a real daemon, over its real HTTPS listener: what `kubelab node …`
 * and `kubelab curl` rely on — the drills' answers, crictl's data, the journal, iptables-save
 * text, a request from outside — and that only the daemon's own token opens it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from '../../kubelabd/daemon.js';

let daemon: Daemon;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubelab-nodes-admin-'));
  daemon = await startDaemon({ dataDir, port: 0, unsafeNoFsync: true, scheduler: false, nodes: 1 });
});

afterAll(async () => {
  await daemon?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown, token = daemon.token, on: Daemon = daemon): Promise<{ status: number; text: string; json: () => any }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(`${on.server}${path}`, { method, ca: on.caPem, agent: false, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the node admin API', () => {
  it("takes the daemon's token only, and answers Statuses for what it does not serve", async () => {
    expect((await call('GET', '/kubelab/v1/nodes/worker-1/journal', undefined, 'not-the-token')).status).toBe(401);
    // A service account's token passes the API server's authentication, not this API's door.
    let issued: { status: number; json: () => any } | undefined;
    for (let i = 0; i < 100 && issued?.status !== 201; i++) {
      issued = await call('POST', '/api/v1/namespaces/default/serviceaccounts/default/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
      if (issued.status !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    const saToken = issued!.json().status.token as string;
    const forbidden = await call('GET', '/kubelab/v1/nodes/worker-1/journal', undefined, saToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json()).toMatchObject({ reason: 'Forbidden', message: "the node admin API takes only the kubelab daemon's own token (the one in its kubeconfig)" });
    const unknown = await call('GET', '/kubelab/v1/nodes/worker-1/bogus');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'no node admin endpoint /kubelab/v1/nodes/worker-1/bogus' });
    expect((await call('GET', '/kubelab/v1/nodes/worker-1/stop')).json()).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
    expect((await call('POST', '/kubelab/v1/nodes/nope/stop')).json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'nodes "nope" not found' });
    expect((await call('POST', '/kubelab/v1/network/curl', { url: 'ftp://worker-1/' })).json()).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it("answers crictl's data, the journal, iptables-save and curl from outside", async () => {
    const ps = (await call('GET', '/kubelab/v1/nodes/worker-1/crictl/ps?all=true')).json();
    expect(typeof ps.now).toBe('number');
    expect(Array.isArray(ps.containers)).toBe(true);
    const images = (await call('GET', '/kubelab/v1/nodes/worker-1/crictl/images')).json();
    expect(images.images.some((i: { repoTags: string[] }) => i.repoTags.includes('registry.k8s.io/pause:3.10'))).toBe(true);
    const journal = (await call('GET', '/kubelab/v1/nodes/worker-1/journal?lines=2')).json();
    expect(journal.entries).toHaveLength(2);
    const rules = await call('GET', '/kubelab/v1/nodes/worker-1/iptables?table=nat');
    expect(rules.status).toBe(200);
    expect(rules.text).toContain('*nat\n');
    expect(rules.text).not.toContain('*filter\n');
    const curl = (await call('POST', '/kubelab/v1/network/curl', { url: 'http://worker-1:31999/' })).json();
    expect(curl.result).toMatchObject({ outcome: 'refused', port: 31999 });
  });
});

describe('the drills across a restart', () => {
  it('keeps a joined node, a stopped kubelet and a terminated machine as they were left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-nodes-restart-'));
    const options = { dataDir: dir, port: 0, unsafeNoFsync: true, scheduler: false as const, nodes: 2 };
    let first: Daemon | undefined = await startDaemon(options);
    let second: Daemon | undefined;
    try {
      const as = (m: string, p: string, b?: unknown) => call(m, p, b, first!.token, first!);
      expect((await as('POST', '/kubelab/v1/nodes', { name: 'edge-1', labels: { tier: 'edge' } })).status).toBe(200);
      expect((await as('POST', '/kubelab/v1/nodes/worker-1/stop')).status).toBe(200);
      expect((await as('POST', '/kubelab/v1/nodes/worker-2/remove')).status).toBe(200);
      const edgeCIDR = first.nodes.get('edge-1')!.spec.podCIDR;
      await first.stop();
      first = undefined;
      second = await startDaemon(options);
      expect(second.nodes.get('edge-1')?.kubelet?.isRunning).toBe(true);
      expect(second.nodes.get('edge-1')?.spec).toMatchObject({ podCIDR: edgeCIDR, labels: { tier: 'edge' } });
      expect(second.nodes.get('worker-1')?.kubelet?.isRunning).toBe(false);
      expect(second.nodes.get('worker-2')).toBeUndefined();
      // Started again, the kubelet is forgotten by the state: the next restart runs it.
      expect((await call('POST', '/kubelab/v1/nodes/worker-1/start', undefined, second.token, second)).status).toBe(200);
      expect(second.nodes.get('worker-1')?.kubelet?.isRunning).toBe(true);
    } finally {
      await first?.stop();
      await second?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
