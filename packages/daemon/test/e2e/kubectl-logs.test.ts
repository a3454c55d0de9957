/**
 * The real kubectl against a daemon with simulated nodes: pods bound to a node run without
 * a scheduler, `kubectl get pods` shows what a kubelet reports, and `kubectl logs` (with
 * -c, --tail, -p, -f, --timestamps) reads container logs through pods/log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the kubectl end-to-end tests !!!\n');
}

const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: worker-1
  containers:
  - {name: nginx, image: nginx:1.27}
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  nodeName: worker-2
  restartPolicy: Never
  containers:
  - {name: first, image: busybox, command: [sh, -c, 'echo one; echo two; echo three']}
  - {name: second, image: busybox, command: [sh, -c, 'for i in 1 2 3; do echo "tick $i"; sleep 0.2; done']}
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  nodeName: worker-1
  containers:
  - {name: app, image: busybox, command: [sh, -c, 'echo "exiting with 3"; exit 3']}
`;

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!ok)('kubectl with simulated nodes', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, scheduler: false });
    await cluster.ok(['apply', '-f', '-'], { input: PODS });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('lists the nodes Ready with their version and runtime', async () => {
    const out = await cluster.ok(['get', 'nodes', '-o', 'wide', '--no-headers']);
    const rows = out.trim().split('\n').map((l) => l.split(/\s+/));
    expect(rows.map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      ['worker-1', 'Ready', 'v1.32.0', '172.18.0.3'],
      ['worker-2', 'Ready', 'v1.32.0', '172.18.0.4'],
    ]);
    expect(out).toContain('containerd://1.7.24');
  });

  it('shows the pods as a kubelet reports them: Running 1/1, Completed, an IP in the node podCIDR', async () => {
    const table = await until(async () => {
      const out = await cluster.ok(['get', 'pods', '-o', 'wide', '--no-headers']);
      return /web\s+1\/1\s+Running/.test(out) && /two\s+0\/2\s+Completed/.test(out) ? out : undefined;
    });
    expect(table).toMatch(/web\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.1\.\d+\s+worker-1/);
  });

  it('kubectl logs shows nginx start-up lines; --tail and --timestamps', async () => {
    const logs = await until(async () => {
      const out = await cluster.ok(['logs', 'web']);
      return out.includes('start worker process') ? out : undefined;
    });
    expect(logs.split('\n')[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(logs).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    const tail = await cluster.ok(['logs', 'web', '--tail=1', '--timestamps']);
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*\[notice\] 1#1: start worker process 29\n$/);
  });

  it('kubectl logs -c picks a container; without it kubectl defaults to the first', async () => {
    expect(await cluster.ok(['logs', 'two', '-c', 'second'])).toBe('tick 1\ntick 2\ntick 3\n');
    const r = await cluster.kubectl(['logs', 'two']);
    expect(r.stdout).toBe('one\ntwo\nthree\n');
    expect(r.stderr).toContain('Defaulted container "first" out of: first, second');
  });

  it('kubectl logs -p shows the instance before the restart; -f follows to the end', async () => {
    await until(async () => ((await cluster.ok(['get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])) >= '1' ? true : undefined));
    expect(await cluster.ok(['logs', 'crash', '-p'])).toBe('exiting with 3\n');
    const followed = await cluster.ok(['logs', 'two', '-c', 'second', '-f']);
    expect(followed).toBe('tick 1\ntick 2\ntick 3\n');
    const missing = await cluster.kubectl(['logs', 'web', '-p']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('previous terminated container "nginx" in pod "web" not found');
  });
});
