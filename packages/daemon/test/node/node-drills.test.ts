/**
 * The node drills behind `kubelab node …` on the node manager's real kubelets and runtimes
 * (FakeClock, memory store): what add, stop, start and remove do to the Node, its Lease and
 * the simulated cloud; crictl's view of a node's runtime; the kubelet's journal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedCloudProvider } from '../../src/cloud/provider.js';
import { containerLogs, inspectContainer, listContainers, listImages, listSandboxes, resolveContainerId } from '../../src/node/admin/crictl.js';
import { NodeDrills } from '../../src/node/admin/node-drills.js';
import { LEASES, NODES, type NodeCluster, PODS, podOn, startNodeCluster } from './node-cluster.js';

let cluster: NodeCluster;
let cloud: SimulatedCloudProvider;
let drills: NodeDrills;

beforeEach(async () => {
  cluster = await startNodeCluster();
  cloud = new SimulatedCloudProvider();
  drills = new NodeDrills({ nodes: cluster.nodes, cloud, clock: cluster.clock });
});

afterEach(async () => cluster?.stop());

/** Runs a drill while fake time moves (a kubelet's start waits on the clock). */
async function drill<T>(work: Promise<T>): Promise<T> {
  let done = false;
  void work.finally(() => (done = true)).catch(() => undefined);
  while (!done) await cluster.advance(100, 100);
  return work;
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: number; message?: string }) => ({ code: e.code, message: e.message }));

describe('node add', () => {
  it('registers a Node with the labels, taints, size and runtime asked for, on the next free index, with its cloud instance', async () => {
    const result = await drill(drills.add({ name: 'gpu-1', cpu: '2', memory: '4Gi', pods: 20, labels: { accelerator: 'nvidia' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], runtime: 'cri-o' }));
    expect(result).toEqual({ name: 'gpu-1', internalIP: '172.18.0.4', podCIDR: '10.244.2.0/24', runtime: 'cri-o' });
    const node = (await cluster.client.get(NODES, 'gpu-1')) as Record<string, any>;
    expect(node.metadata.labels).toMatchObject({ accelerator: 'nvidia', 'kubernetes.io/hostname': 'gpu-1' });
    expect(node.spec.taints).toContainEqual({ key: 'gpu', value: 'true', effect: 'NoSchedule' });
    expect(node.status.capacity).toMatchObject({ cpu: '2', memory: '4Gi', pods: '20' });
    expect(node.status.nodeInfo.containerRuntimeVersion).toBe('cri-o://1.32.1');
    expect(node.status.conditions.find((c: { type: string }) => c.type === 'Ready').status).toBe('True');
    expect(cloud.instance('gpu-1')?.internalIP).toBe('172.18.0.4');
  });

  it("refuses a node that exists, a name the API server would refuse, and labels it would, in the API server's words", async () => {
    expect(await failure(drills.add({ name: 'worker-1' }))).toEqual({ code: 409, message: 'nodes "worker-1" already exists' });
    const bad = await failure(drills.add({ name: 'Bad_Name' }));
    expect(bad?.code).toBe(422);
    expect(bad?.message).toMatch(/^Node "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
    const label = await failure(drills.add({ name: 'edge-1', labels: { 'bad key!': 'x' } }));
    expect(label?.code).toBe(422);
    expect(label?.message).toContain('metadata.labels: Invalid value: "bad key!"');
    expect(await failure(drills.add({ name: 'edge-1', runtime: 'rkt' }))).toEqual({ code: 400, message: 'unknown container runtime "rkt" (known: containerd, cri-o, cri-dockerd)' });
    expect(cluster.nodes.get('edge-1')).toBeUndefined();
  });
});

describe('node stop and start', () => {
  it('stops the heartbeats and starts them again, and the journal tells the story', async () => {
    const lease = async () => ((await cluster.client.get(LEASES, 'worker-1', { namespace: 'kube-node-lease' })) as Record<string, any>).spec.renewTime as string;
    expect(await drill(drills.stop('worker-1'))).toEqual({ name: 'worker-1' });
    expect(await drill(drills.stop('worker-1'))).toEqual({ name: 'worker-1', unchanged: true });
    const stoppedAt = await lease();
    await cluster.advance(60_000, 1000);
    expect(await lease()).toBe(stoppedAt);
    expect(await drill(drills.start('worker-1'))).toEqual({ name: 'worker-1' });
    await cluster.advance(15_000, 1000);
    expect(await lease()).not.toBe(stoppedAt);
    const journal = (await drills.journalOf('worker-1')).map((e) => `${e.identifier}: ${e.message}`);
    const at = (text: string, from = 0) => journal.findIndex((l, i) => i >= from && l.includes(text));
    const order = [
      at('systemd: Started kubelet.service'),
      at('"Starting kubelet"'),
      at('"Successfully registered node" node="worker-1"'),
      at('systemd: Stopping kubelet.service'),
      at('"Shutting down kubelet"'),
      at('systemd: Stopped kubelet.service'),
    ];
    order.push(at('systemd: Started kubelet.service', order[5]!), at('"Starting kubelet"', order[5]!));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((await drills.journalOf('worker-1', 2)).length).toBe(2);
  });

  it('answers NotFound for a node the cluster does not have', async () => {
    for (const action of [drills.stop('nope'), drills.start('nope'), drills.remove('nope'), drills.journalOf('nope')]) {
      expect(await failure(action)).toEqual({ code: 404, message: 'nodes "nope" not found' });
    }
  });
});

describe('node remove', () => {
  it('terminates the instance and the kubelet; the Node is left for the cloud node lifecycle controller', async () => {
    cloud.addInstance('worker-1');
    expect(await drill(drills.remove('worker-1'))).toEqual({ name: 'worker-1' });
    expect(cluster.nodes.get('worker-1')).toBeUndefined();
    expect(cloud.instance('worker-1')).toBeUndefined();
    const node = (await cluster.client.get(NODES, 'worker-1')) as Record<string, any>;
    expect(await cloud.instancesV2().instanceExists(node)).toBe(false);
    expect(await failure(drills.journalOf('worker-1'))).toMatchObject({ code: 400, message: expect.stringContaining('node "worker-1" was removed: its machine no longer exists') });
  });
});

describe('crictl on a node', () => {
  it('shows the pause sandbox, the containers, the images, logs and inspect by ID prefix', async () => {
    await cluster.client.create(PODS, podOn('worker-1', 'web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    await cluster.eventually(async () => expect((await cluster.pod('web')).status?.phase).toBe('Running'));
    const runtime = cluster.nodes.get('worker-1')!.runtime;
    const [sandbox] = await listSandboxes(runtime);
    expect(sandbox).toMatchObject({ state: 'SANDBOX_READY', name: 'web', namespace: 'default', attempt: 0 });
    const [container] = await listContainers(runtime);
    const images = await listImages(runtime);
    const nginx = images.find((i) => i.repoTags.includes('docker.io/library/nginx:1.27'));
    expect(images.some((i) => i.repoTags.includes('registry.k8s.io/pause:3.10') && i.pinned)).toBe(true);
    expect(container).toMatchObject({ state: 'CONTAINER_RUNNING', name: 'nginx', podName: 'web', podNamespace: 'default', podSandboxId: sandbox!.id, image: nginx!.id });
    const prefix = container!.id.slice(0, 6);
    expect(await resolveContainerId(runtime, prefix)).toBe(container!.id);
    const logs = await containerLogs(runtime, prefix);
    expect(logs.map((e) => e.text)).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    const inspect = (await inspectContainer(runtime, prefix)) as { status: Record<string, any>; info: Record<string, any> };
    expect(inspect.status).toMatchObject({ id: container!.id, state: 'CONTAINER_RUNNING', metadata: { name: 'nginx', attempt: 0 } });
    expect(inspect.status.createdAt).toMatch(/^\d+000000$/);
    expect(inspect.info.sandboxID).toBe(sandbox!.id);
    expect(await failure(resolveContainerId(runtime, 'zzz'))).toMatchObject({ message: 'rpc error: code = NotFound desc = an error occurred when try to find container "zzz": not found' });
  });
});

