import type { KubeObject } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeManager } from '../../src/node/node-manager.js';
import { LEASES, NODES, type NodeCluster, PODS, podOn, startNodeCluster } from './node-cluster.js';

let cluster: NodeCluster;

afterEach(async () => {
  await cluster?.stop();
});

type Node = KubeObject & {
  spec: { podCIDR?: string; podCIDRs?: string[]; taints?: Array<{ key: string; effect: string }> };
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    conditions: Array<{ type: string; status: string; reason: string; message: string; lastHeartbeatTime: string }>;
    nodeInfo: Record<string, string>;
    addresses: Array<{ type: string; address: string }>;
    images: Array<{ names: string[]; sizeBytes: number }>;
  };
};

describe('kubelet: the Node it registers', () => {
  it('registers with capacity, allocatable, labels, conditions, nodeInfo, addresses and podCIDR', async () => {
    cluster = await startNodeCluster({ nodes: 2, defaults: { cpu: '2', memory: '4Gi', pods: 50, ephemeralStorage: '20Gi' } });
    const node = await cluster.client.get<Node>(NODES, 'worker-2');
    expect(node.metadata!.labels).toMatchObject({ 'kubernetes.io/hostname': 'worker-2', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
    expect(node.spec.podCIDR).toBe('10.244.2.0/24');
    expect(node.spec.podCIDRs).toEqual(['10.244.2.0/24']);
    // Quantities as the API server keeps them: canonical (4194304Ki is 4Gi).
    expect(node.status.capacity).toEqual({ cpu: '2', 'ephemeral-storage': '20Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4Gi', pods: '50' });
    // Allocatable: less the hard eviction thresholds (memory.available<100Mi, nodefs.available<10%).
    expect(node.status.allocatable).toMatchObject({ cpu: '2', memory: '3996Mi', pods: '50', 'ephemeral-storage': String(Math.floor(20 * 2 ** 30 * 0.9)) });
    expect(node.status.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(node.status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.0', containerRuntimeVersion: 'containerd://1.7.24', operatingSystem: 'linux', architecture: 'amd64' });
    expect(node.status.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.4' },
      { type: 'Hostname', address: 'worker-2' },
    ]);
    // The pause image is on every node from the start.
    expect(node.status.images.flatMap((i) => i.names)).toContain('registry.k8s.io/pause:3.10');
  });

  it('renews its Lease every 10 s but writes unchanged node status only every 5 minutes', async () => {
    cluster = await startNodeCluster();
    const { client } = cluster;
    const lease0 = await client.get(LEASES, 'worker-1', { namespace: 'kube-node-lease' });
    expect(lease0['spec']).toMatchObject({ holderIdentity: 'worker-1', leaseDurationSeconds: 40 });
    expect(lease0.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: 'Node', name: 'worker-1' })]);
    const node0 = await client.get<Node>(NODES, 'worker-1');
    await cluster.advance(60_000, 1000);
    const lease1 = await client.get(LEASES, 'worker-1', { namespace: 'kube-node-lease' });
    const renewed = (Date.parse((lease1['spec'] as { renewTime: string }).renewTime) - Date.parse((lease0['spec'] as { renewTime: string }).renewTime)) / 1000;
    expect(renewed).toBeGreaterThanOrEqual(59);
    const node1 = await client.get<Node>(NODES, 'worker-1');
    expect(node1.metadata!.resourceVersion).toBe(node0.metadata!.resourceVersion);
    await cluster.advance(250_000, 5000);
    const node2 = await client.get<Node>(NODES, 'worker-1');
    expect(node2.metadata!.resourceVersion).not.toBe(node0.metadata!.resourceVersion);
    expect(Date.parse(node2.status.conditions[3]!.lastHeartbeatTime)).toBeGreaterThan(Date.parse(node0.status.conditions[3]!.lastHeartbeatTime));
  });

  it('reports images pulled onto the node in its status', async () => {
    cluster = await startNodeCluster();
    const { client, eventually } = cluster;
    await client.create(PODS, podOn('worker-1', 'cache', { containers: [{ name: 'redis', image: 'redis:7.4' }] }));
    await eventually(async () => {
      const node = await client.get<Node>(NODES, 'worker-1');
      expect(node.status.images.find((i) => i.names.includes('docker.io/library/redis:7.4'))?.sizeBytes).toBe(45_000_000);
    });
  });

  it('reports the runtime of the node in its version and container IDs (CRI-O, cri-dockerd)', async () => {
    cluster = await startNodeCluster({ nodes: 0 });
    await cluster.nodes.addNode({ name: 'crio-1', runtime: 'cri-o' });
    await cluster.nodes.addNode({ name: 'docker-1', runtime: 'cri-dockerd' });
    const { client, eventually } = cluster;
    expect((await client.get<Node>(NODES, 'crio-1')).status.nodeInfo['containerRuntimeVersion']).toBe('cri-o://1.32.1');
    expect((await client.get<Node>(NODES, 'docker-1')).status.nodeInfo['containerRuntimeVersion']).toBe('docker://27.4.1');
    await client.create(PODS, podOn('crio-1', 'a', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    await client.create(PODS, podOn('docker-1', 'b', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    await eventually(async () => {
      const a = (await cluster.pod('a')).status?.containerStatuses?.[0];
      const b = (await cluster.pod('b')).status?.containerStatuses?.[0];
      expect(a?.containerID).toMatch(/^cri-o:\/\/[0-9a-f]{64}$/);
      expect(a?.image).toBe('docker.io/library/nginx:1.27');
      expect(b?.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
      expect(b?.image).toBe('nginx:1.27');
      expect(b?.imageID).toMatch(/^docker-pullable:\/\/nginx@sha256:[0-9a-f]{64}$/);
    });
  });
});

describe('kubelet: stopped and started again', () => {
  it('stops renewing the lease when stopped, and adopts its running containers when started again', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, nodes } = cluster;
    await client.create(PODS, podOn('worker-1', 'web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    const before = await eventually(async () => {
      const p = await cluster.pod('web');
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    await nodes.stopNode('worker-1');
    const renewTime = async () => ((await client.get(LEASES, 'worker-1', { namespace: 'kube-node-lease' }))['spec'] as { renewTime: string }).renewTime;
    const frozen = await renewTime();
    await cluster.advance(60_000, 1000);
    expect(await renewTime()).toBe(frozen);
    // pods/log needs the kubelet: the API server cannot reach it now.
    const log = await cluster.raw('GET', '/api/v1/namespaces/default/pods/web/log');
    expect(log.status).toBe(500);
    expect(log.body).toContain('dial tcp 172.18.0.3:10250: connect: connection refused');
    await nodes.startNode('worker-1');
    await cluster.advance(1000);
    expect(await renewTime()).not.toBe(frozen);
    const after = await cluster.pod('web');
    expect(after.status!.containerStatuses![0]!.containerID).toBe(before.status!.containerStatuses![0]!.containerID);
    expect(after.status!.containerStatuses![0]!.restartCount).toBe(0);
    expect(after.status!.podIP).toBe(before.status!.podIP);
  });

  it('removing a node deletes its Node object and stops its containers', async () => {
    cluster = await startNodeCluster({ nodes: 2 });
    const { client, nodes } = cluster;
    await nodes.removeNode('worker-2');
    expect(await client.get(NODES, 'worker-2').catch((e: { code?: number }) => e.code)).toBe(404);
    expect(nodes.list().map((n) => n.spec.name)).toEqual(['worker-1']);
  });
});

describe('kubelet: after the daemon restarts', () => {
  it('recreates the sandboxes its runtime lost: same pod IPs, one more restart each', async () => {
    cluster = await startNodeCluster();
    const { client, eventually, api, clock } = cluster;
    await client.create(PODS, podOn('worker-1', 'web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    const before = await eventually(async () => {
      const p = await cluster.pod('web');
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    await cluster.nodes.stop();
    // A new daemon process: new kubelets and runtimes, the same API server state.
    const nodes = new NodeManager({ handler: (req) => api.handle(req), clock, log: { info: () => undefined, error: () => undefined } });
    cluster.nodes = nodes;
    let up = false;
    void nodes.start(1).then(() => (up = true));
    await eventually(() => expect(up).toBe(true));
    const after = await eventually(async () => {
      const p = await cluster.pod('web');
      const cs = p.status?.containerStatuses?.[0];
      expect(cs?.containerID).not.toBe(before.status!.containerStatuses![0]!.containerID);
      expect(cs?.state.running).toBeDefined();
      return p;
    });
    expect(after.status!.podIP).toBe(before.status!.podIP);
    expect(after.status!.containerStatuses![0]!.restartCount).toBe(1);
  });
});
