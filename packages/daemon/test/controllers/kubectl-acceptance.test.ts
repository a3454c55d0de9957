/**
 * The real kubectl against a real kubelabd, for what the endpoints, storage, disruption
 * and cloud controllers promise end to end: `kubectl drain` cannot break a
 * PodDisruptionBudget, a LoadBalancer Service shows an EXTERNAL-IP, a claim of the default
 * `standard` class binds, and a Service's endpoints list its ready pods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from '../e2e/cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the kubectl controller tests !!!\n');
}

const NOW = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const NODE = `
apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels: {kubernetes.io/hostname: node-a}
status:
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status, lastHeartbeatTime: "${NOW}", lastTransitionTime: "${NOW}"}
`;

const pod = (name: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: web}}
spec:
  nodeName: node-a
  containers: [{name: web, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}]
`;

let cluster: TestCluster;

/** Polls kubectl until check passes (real time: the daemon runs on the wall clock). */
async function until(args: string[], check: (out: string) => boolean): Promise<string> {
  let out = '';
  for (let i = 0; i < 200; i++) {
    out = (await cluster.kubectl(args)).stdout;
    if (check(out)) return out;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`kubectl ${args.join(' ')} never satisfied the check; last output:\n${out}`);
}

describe.skipIf(!ok)('kubectl and the controllers', () => {
  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.ok(['apply', '-f', '-'], { input: NODE });
    for (const [i, name] of ['web-1', 'web-2'].entries()) {
      await cluster.ok(['apply', '-f', '-'], { input: pod(name) });
      const status = { status: { phase: 'Running', podIP: `10.244.1.${i + 2}`, podIPs: [{ ip: `10.244.1.${i + 2}` }], conditions: [{ type: 'Ready', status: 'True' }] } };
      await cluster.ok(['patch', 'pod', name, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    }
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('drain refuses to evict pods a PodDisruptionBudget protects (429), and leaves them running', async () => {
    await cluster.ok(['create', 'pdb', 'web', '--selector=app=web', '--min-available=2']);
    await until(['get', 'pdb', 'web', '-o', 'jsonpath={.status.observedGeneration}/{.status.currentHealthy}/{.status.disruptionsAllowed}'], (o) => o === '1/2/0');
    expect(await cluster.ok(['get', 'pdb', 'web'])).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nweb\s+2\s+N\/A\s+0\s+/);

    const drain = await cluster.kubectl(['drain', 'node-a', '--force', '--timeout=3s']);
    expect(drain.status).not.toBe(0);
    expect(drain.stderr).toContain(`error when evicting pods/"web-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`);
    expect(drain.stdout).toContain('node/node-a cordoned');
    const pods = await cluster.ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.deletionTimestamp}{"\\n"}{end}']);
    expect(pods).toBe('web-1=\nweb-2=\n');
    await cluster.ok(['uncordon', 'node-a']);
  });

  it('gives a LoadBalancer Service an EXTERNAL-IP', async () => {
    await cluster.ok(['create', 'service', 'loadbalancer', 'web', '--tcp=80:http']);
    await until(['get', 'service', 'web', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'], (o) => o === '172.18.255.200');
    expect(await cluster.ok(['get', 'service', 'web'])).toMatch(/\nweb\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+172\.18\.255\.200\s+80:3\d{4}\/TCP\s+/);
  });

  it('lists the ready pods behind the Service in its endpoints, each on its named port', async () => {
    const out = await until(['get', 'endpoints', 'web'], (o) => o.includes('10.244.1.3'));
    expect(out).toMatch(/\nweb\s+10\.244\.1\.2:8080,10\.244\.1\.3:8080\s+/);
    await until(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'jsonpath={.items[0].endpoints[*].addresses[0]}'], (o) => o === '10.244.1.2 10.244.1.3');
  });

  it('binds a claim of the default standard StorageClass to a provisioned volume', async () => {
    expect(await cluster.ok(['get', 'storageclass'])).toMatch(/\nstandard \(default\)\s+kubelab\.io\/hostpath\s+Delete\s+Immediate\s+false\s+/);
    const claim = `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
`;
    await cluster.ok(['apply', '-f', '-'], { input: claim });
    const out = await until(['get', 'pvc', 'data'], (o) => o.includes('Bound'));
    expect(out).toMatch(/\ndata\s+Bound\s+pvc-[0-9a-f-]{36}\s+2Gi\s+RWO\s+standard\s+/);
    // Protected while in use, as every claim and volume is.
    expect(await until(['describe', 'pvc', 'data'], (o) => o.includes('pvc-protection'))).toMatch(/\nFinalizers:\s+\[kubernetes\.io\/pvc-protection\]\n/);
    const volume = await cluster.ok(['get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}']);
    await until(['get', 'pv', volume, '-o', 'jsonpath={.metadata.finalizers}'], (o) => o === '["kubernetes.io/pv-protection"]');
  });
});
