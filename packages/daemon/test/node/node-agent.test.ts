/**
 * The node agent in-process against a real daemon over HTTPS: its node registers through the
 * API with a podCIDR no other node has, publishes its kubelet endpoint, and that endpoint
 * answers the daemon (its own token) and no one else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceFor } from '@kubelab/core';
import { type Daemon, startDaemon } from '../../src/kubelabd/daemon.js';
import { KUBELET_ENDPOINT_ANNOTATION } from '../../src/node/admin/remote-kubelet.js';
import { type NodeAgent, startNodeAgent } from '../../src/node-agent/agent.js';

const NODES = resourceFor('', 'v1', 'nodes')!;
let daemon: Daemon;
let agent: NodeAgent;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubelab-node-agent-'));
  daemon = await startDaemon({ dataDir, port: 0, unsafeNoFsync: true, scheduler: false, nodes: 1 });
  agent = await startNodeAgent({ server: daemon.server, token: daemon.token, caPem: daemon.caPem, nodes: ['edge-1'] });
}, 30_000);

afterAll(async () => {
  await agent?.stop();
  await daemon?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function get(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kubelab node-agent', () => {
  it('registers its node on a free podCIDR and publishes where its kubelet answers', async () => {
    const nodes = (await daemon.nodes.client.list(NODES)).items;
    const cidrs = nodes.map((n) => (n['spec'] as { podCIDR?: string }).podCIDR);
    expect(new Set(cidrs).size).toBe(cidrs.length);
    const edge = nodes.find((n) => n.metadata?.name === 'edge-1')!;
    expect(edge.metadata?.annotations?.[KUBELET_ENDPOINT_ANNOTATION]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers the daemon's token, and refuses others", async () => {
    const node = await daemon.nodes.client.get(NODES, 'edge-1');
    const endpoint = node.metadata!.annotations![KUBELET_ENDPOINT_ANNOTATION]!;
    const url = `${endpoint}/containerLogs/default/none/app?node=edge-1`;
    expect(await get(url, 'not-a-token')).toBe(401);
    // The daemon's token passes; the pod does not exist on the node.
    expect(await get(url, daemon.token)).toBe(404);
  });
});
