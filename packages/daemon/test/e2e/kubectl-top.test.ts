/**
 * `kubectl top` against kubelabd: the Metrics API (metrics.k8s.io/v1beta1) served from the
 * simulated runtimes — each container's memory is what its programs hold, its CPU what its
 * image uses plus the cores a program keeps busy (stress --cpu N), capped by its CPU limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: hog, namespace: default, labels: {app: hog}}
spec:
  nodeName: worker-1
  containers:
  - name: stress
    image: polinux/stress
    command: [stress]
    args: [--cpu, "2", --vm, "1", --vm-bytes, 150M]
    resources: {limits: {cpu: 500m, memory: 200Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: quiet, namespace: default, labels: {app: quiet}}
spec:
  nodeName: worker-2
  containers:
  - {name: web, image: nginx:1.27}
`;

describe.skipIf(!ok)('kubectl top', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 2 });
    await c.ok(['apply', '-f', '-'], { input: PODS });
    await c.ok(['wait', '--for=condition=Ready', 'pod/hog', 'pod/quiet', '--timeout=60s']);
  }, 90_000);

  afterAll(async () => c?.stop());

  // stress holds 150M (143Mi) plus its image's 1Mi and asks for 2 busy cores, of which its
  // 500m limit leaves half of one; nginx's image profile is 1m and 6Mi.
  it('shows each pod\'s CPU and memory, the busy one capped by its limit', async () => {
    const r = await c.kubectl(['top', 'pod', '--sort-by=cpu']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nhog\s+500m\s+144Mi\s*\nquiet\s+1m\s+6Mi\s*\n$/);
  });

  it('shows containers, and selects pods by label', async () => {
    const r = await c.kubectl(['top', 'pod', '-l', 'app=hog', '--containers']);
    expect(r.stdout).toMatch(/^POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nhog\s+stress\s+500m\s+144Mi\s*\n$/);
  });

  // worker-1: the node's own 45m and 420Mi, and the pod (500m, 144Mi); 4 cores, 8Gi.
  it('shows nodes with their share of allocatable', async () => {
    const r = await c.kubectl(['top', 'node', 'worker-1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*\nworker-1\s+545m\s+13%\s+564Mi\s+6%\s*\n$/);
  });

  it('leaves out a node whose kubelet cannot be scraped', async () => {
    await c.daemon.nodes.stopNode('worker-2');
    const r = await c.kubectl(['top', 'node']);
    expect(r.stdout).toMatch(/\nworker-1\s+\d+m/);
    expect(r.stdout).toMatch(/\nworker-2\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>\s*\n/);
  });
});
