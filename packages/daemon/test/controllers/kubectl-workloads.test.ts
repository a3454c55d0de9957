/**
 * The real kubectl with DaemonSets and StatefulSets on a kubelabd that runs two simulated
 * nodes (its own kubelets and kube-scheduler run the pods): rollout status, set image,
 * rollout history and undo through ControllerRevisions, scale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from '../e2e/cluster.js';

const ok = kubectlAvailable();
const NS = 'workloads';

const manifests = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ${NS}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: ${NS}}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;

describe.skipIf(!ok)('kubectl with DaemonSets and StatefulSets', () => {
  let c: TestCluster;
  const k = (...args: string[]) => c.ok(['-n', NS, ...args]);
  const images = async (selector: string) =>
    (await k('get', 'pods', '-l', selector, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image}{"\\n"}{end}'))
      .split('\n')
      .filter(Boolean)
      .sort();

  beforeAll(async () => {
    c = await startCluster({ nodes: 2 });
    await c.ok(['create', 'namespace', NS]);
    await c.ok(['apply', '-f', '-'], { input: manifests });
  });

  afterAll(async () => {
    await c?.stop();
  });

  it('a DaemonSet runs on every node; rollout status, set image, history and undo', async () => {
    expect(await k('rollout', 'status', 'ds/agent', '--timeout=90s')).toContain('daemon set "agent" successfully rolled out');
    expect(await images('app=agent')).toHaveLength(2);
    expect(await k('set', 'image', 'ds/agent', 'nginx=nginx:1.26')).toBe('daemonset.apps/agent image updated\n');
    expect(await k('rollout', 'status', 'ds/agent', '--timeout=90s')).toContain('daemon set "agent" successfully rolled out');
    expect((await images('app=agent')).map((p) => p.split('=')[1])).toEqual(['nginx:1.26', 'nginx:1.26']);
    expect(await k('rollout', 'history', 'ds/agent')).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    expect(await k('rollout', 'undo', 'ds/agent')).toBe('daemonset.apps/agent rolled back\n');
    expect(await k('rollout', 'status', 'ds/agent', '--timeout=90s')).toContain('successfully rolled out');
    expect((await images('app=agent')).map((p) => p.split('=')[1])).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(await k('rollout', 'history', 'ds/agent')).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
  });

  it('a StatefulSet: ordered pods web-0, web-1; scale; a rolling update kubectl waits for', async () => {
    // apps/v1 defaulting gives updateStrategy {type: RollingUpdate, rollingUpdate: {partition: 0}},
    // and kubectl's StatefulSetStatusViewer reports a set with rollingUpdate as partitioned.
    expect(await k('rollout', 'status', 'sts/web', '--timeout=90s')).toContain('partitioned roll out complete: 2 new pods have been updated...');
    expect((await images('app=web')).map((p) => p.split('=')[0])).toEqual(['web-0', 'web-1']);
    expect(await k('scale', 'sts/web', '--replicas=3')).toBe('statefulset.apps/web scaled\n');
    expect(await k('rollout', 'status', 'sts/web', '--timeout=90s')).toContain('partitioned roll out complete: 3 new pods have been updated...');
    // Without rollingUpdate kubectl compares currentRevision with updateRevision instead.
    await k('patch', 'sts/web', '--type=json', '-p', '[{"op":"remove","path":"/spec/updateStrategy/rollingUpdate"}]');
    expect(await k('set', 'image', 'sts/web', 'nginx=nginx:1.26')).toBe('statefulset.apps/web image updated\n');
    const status = await k('rollout', 'status', 'sts/web', '--timeout=120s');
    expect(status).toMatch(/statefulset rolling update complete 3 pods at revision web-\w+\.\.\./);
    expect(await images('app=web')).toEqual(['web-0=nginx:1.26', 'web-1=nginx:1.26', 'web-2=nginx:1.26']);
    const revisions = await k('get', 'controllerrevisions', '-l', 'app=web', '-o', 'jsonpath={.items[*].revision}');
    expect(revisions.split(' ').sort()).toEqual(['1', '2']);
  });
});
