/**
 * Static pods: the kubelet's file source completing manifests as upstream does, its periodic
 * re-read, and — against a real daemon with the real kubectl — a manifest dropped into a
 * node's directory running as a mirror pod, replaced when edited, gone when removed.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@kubelab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/node/kubelet/pod-types.js';
import { StaticPodSource, staticPod } from '../../src/node/kubelet/static-pods.js';
import { type TestCluster, kubectlAvailable, startCluster } from '../e2e/cluster.js';

const MANIFEST = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: static-web }
spec:
  containers:
  - name: nginx
    image: ${image}
`;

describe('the kubelet file source', () => {
  it('completes a manifest as a static pod of the node', () => {
    const pod = staticPod('/etc/kubernetes/manifests/web.yaml', MANIFEST('nginx:1.27'), 'Worker-1', Date.UTC(2025, 0, 6, 9, 5, 1, 250)) as Pod;
    expect(pod.metadata?.name).toBe('web-worker-1');
    expect(pod.metadata?.namespace).toBe('default');
    expect(pod.metadata?.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(pod.metadata?.annotations).toEqual({
      'kubernetes.io/config.hash': pod.metadata?.uid,
      'kubernetes.io/config.seen': '2025-01-06T09:05:01.250000000Z',
      'kubernetes.io/config.source': 'file',
    });
    expect(pod.spec.nodeName).toBe('Worker-1');
    expect(pod.spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
    expect(pod.spec.restartPolicy).toBe('Always');
    expect(pod.status?.phase).toBe('Pending');
    // The uid is the manifest's hash: the same file gives the same pod, an edit a new one.
    const again = staticPod('/etc/kubernetes/manifests/web.yaml', MANIFEST('nginx:1.27'), 'Worker-1', 0) as Pod;
    const edited = staticPod('/etc/kubernetes/manifests/web.yaml', MANIFEST('nginx:1.26'), 'Worker-1', 0) as Pod;
    expect(again.metadata?.uid).toBe(pod.metadata?.uid);
    expect(edited.metadata?.uid).not.toBe(pod.metadata?.uid);
  });

  it('says why a file is not a pod', () => {
    expect(staticPod('/m/x.yaml', 'kind: Service\nmetadata: { name: x }\n', 'n', 0)).toBe('invalid pod: the manifest is not a Pod');
    expect(staticPod('/m/x.yaml', 'kind: Pod\nmetadata: { name: x }\nspec: {}\n', 'n', 0)).toBe('invalid pod: spec.containers: Required value');
    expect(staticPod('/m/x.yaml', 'kind: Pod\nspec: { containers: [{ name: c, image: busybox }] }\n', 'n', 0)).toBe('invalid pod: metadata.name: Required value');
  });

  it('re-reads the directory every fileCheckFrequency, ignoring dot files and bad manifests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'static-pods-'));
    const clock = new FakeClock();
    const seen: string[][] = [];
    const logs: string[] = [];
    const source = new StaticPodSource({ dir, nodeName: 'n1', clock, checkFrequencyMs: 20_000, watch: false, random: () => 0, onChange: (pods) => seen.push(pods.map((p) => p.metadata!.name!)), log: (_l, m) => logs.push(m) });
    try {
      source.start();
      expect(seen).toEqual([]);
      writeFileSync(join(dir, 'web.yaml'), MANIFEST('nginx:1.27'));
      writeFileSync(join(dir, '.web.yaml.swp'), 'not yaml: [');
      writeFileSync(join(dir, 'broken.yaml'), 'kind: Pod\n');
      clock.advance(19_999);
      expect(seen).toEqual([]);
      clock.advance(1);
      expect(seen).toEqual([['web-n1']]);
      expect(logs).toEqual([`"Could not process manifest file" err="invalid pod: metadata.name: Required value" path="${join(dir, 'broken.yaml')}"`]);
      clock.advance(20_000);
      expect(seen).toHaveLength(1);
      unlinkSync(join(dir, 'web.yaml'));
      clock.advance(20_000);
      expect(seen).toEqual([['web-n1'], []]);
    } finally {
      source.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!kubectlAvailable())('static pods on a node of the daemon', () => {
  let cluster: TestCluster;
  let manifest: string;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1, scheduler: false });
    manifest = join(cluster.daemon.nodes.staticPodPath('worker-1')!, 'web.yaml');
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs a dropped manifest as the mirror pod <name>-<node>, replaces it when edited, deletes it when removed', async () => {
    expect(manifest).toBe(join(cluster.dataDir, 'nodes', 'worker-1', 'manifests', 'web.yaml'));
    writeFileSync(manifest, MANIFEST('nginx:1.27'));
    const row = await until(async () => {
      const out = await cluster.ok(['get', 'pod', 'web-worker-1', '--no-headers']);
      return /^web-worker-1\s+1\/1\s+Running\s+0\s/.test(out) ? out : undefined;
    });
    expect(row).toBeTruthy();
    const first = JSON.parse(await cluster.ok(['get', 'pod', 'web-worker-1', '-o', 'json'])) as Pod;
    expect(first.metadata?.annotations?.['kubernetes.io/config.mirror']).toBe(first.metadata?.annotations?.['kubernetes.io/config.hash']);
    expect(first.metadata?.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'v1', kind: 'Node', name: 'worker-1', controller: true })]);

    writeFileSync(manifest, MANIFEST('nginx:1.26'));
    await until(async () => {
      const out = await cluster.ok(['get', 'pod', 'web-worker-1', '-o', 'jsonpath={.spec.containers[0].image} {.status.containerStatuses[0].image} {.status.phase}']);
      return out === 'nginx:1.26 docker.io/library/nginx:1.26 Running' ? out : undefined;
    });

    unlinkSync(manifest);
    const gone = await until(async () => {
      const r = await cluster.kubectl(['get', 'pod', 'web-worker-1']);
      return r.status !== 0 ? r : undefined;
    });
    expect(gone.stderr).toBe('Error from server (NotFound): pods "web-worker-1" not found\n');
    const journal = cluster.daemon.nodes.get('worker-1')!.kubelet!.journalLines().join('\n');
    expect(journal).toContain('"SyncLoop ADD" source="file" pods=["default/web-worker-1"]');
    expect(journal).toContain('"SyncLoop REMOVE" source="file" pods=["default/web-worker-1"]');
  });
});
