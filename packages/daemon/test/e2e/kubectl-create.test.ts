/**
 * The real kubectl's generators, describe, explain and delete against kubelab: the commands
 * a lab user types first. (kubectl's typed clients send protobuf; the API decodes it.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the kubectl end-to-end tests !!!\n');
}

describe.skipIf(!ok)('kubectl creates, describes, explains and deletes on kubelab', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('creates with every generator a lab starts with, in kubectl words', async () => {
    expect(await c.ok(['create', 'namespace', 'lab'])).toBe('namespace/lab created\n');
    expect(await c.ok(['create', 'configmap', 'cfg', '-n', 'lab', '--from-literal=color=blue'])).toBe('configmap/cfg created\n');
    expect(await c.ok(['create', 'secret', 'generic', 'pw', '-n', 'lab', '--from-literal=password=s3cret'])).toBe('secret/pw created\n');
    expect(await c.ok(['create', 'deployment', 'web', '-n', 'lab', '--image=nginx:1.25', '--replicas=2', '--port=80'])).toBe(
      'deployment.apps/web created\n',
    );
    expect(await c.ok(['create', 'service', 'clusterip', 'api', '-n', 'lab', '--tcp=80:8080'])).toBe('service/api created\n');
    expect(await c.ok(['create', 'service', 'nodeport', 'edge', '-n', 'lab', '--tcp=80:80'])).toBe('service/edge created\n');
    expect(await c.ok(['run', 'client', '-n', 'lab', '--image=busybox', '--', 'sleep', '3600'])).toBe('pod/client created\n');
    expect(await c.ok(['expose', 'deployment', 'web', '-n', 'lab', '--port=80', '--name=web'])).toBe('service/web exposed\n');

    expect(await c.ok(['get', 'secret', 'pw', '-n', 'lab', '-o', 'jsonpath={.data.password}'])).toBe(Buffer.from('s3cret').toString('base64'));
    const deploy = JSON.parse(await c.ok(['get', 'deploy', 'web', '-n', 'lab', '-o', 'json'])) as {
      spec: { replicas: number; strategy: { type: string; rollingUpdate: { maxSurge: string; maxUnavailable: string } }; revisionHistoryLimit: number; progressDeadlineSeconds: number; template: { spec: { containers: Array<{ image: string; imagePullPolicy: string }>; restartPolicy: string; dnsPolicy: string } } };
    };
    // Defaults as the real API server fills them.
    expect(deploy.spec.replicas).toBe(2);
    expect(deploy.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(deploy.spec.revisionHistoryLimit).toBe(10);
    expect(deploy.spec.progressDeadlineSeconds).toBe(600);
    expect(deploy.spec.template.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
    expect(deploy.spec.template.spec.restartPolicy).toBe('Always');
    expect(deploy.spec.template.spec.dnsPolicy).toBe('ClusterFirst');

    const svc = await c.ok(['get', 'svc', '-n', 'lab', '-o', 'wide']);
    expect(svc).toMatch(/^api\s+ClusterIP\s+10\.(9[6-9]|1[01][0-9])\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=api$/m);
    expect(svc).toMatch(/^edge\s+NodePort\s+10\.\S+\s+<none>\s+80:3\d{4}\/TCP\s/m);
    expect(svc).toMatch(/^web\s+ClusterIP\s+10\.\S+\s+<none>\s+80\/TCP\s+\S+\s+app=web$/m);
    const pod = JSON.parse(await c.ok(['get', 'pod', 'client', '-n', 'lab', '-o', 'json'])) as {
      spec: { serviceAccountName: string; tolerations: Array<{ key: string; tolerationSeconds: number }>; containers: Array<{ args: string[] }> };
    };
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.containers[0]!.args).toEqual(['sleep', '3600']);
    expect(pod.spec.tolerations.map((t) => `${t.key}:${t.tolerationSeconds}`).sort()).toEqual([
      'node.kubernetes.io/not-ready:300',
      'node.kubernetes.io/unreachable:300',
    ]);
  });

  it('refuses an invalid replica count with the API server message', async () => {
    const r = await c.kubectl(['create', 'deployment', 'bad', '-n', 'lab', '--image=nginx', '--replicas=-1']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'error: failed to create deployment: Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('lists everything with get all -A, grouped by kind', async () => {
    const out = await c.ok(['get', 'all', '-A']);
    expect(out).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(out).toMatch(/^lab\s+pod\/client\s+/m);
    expect(out).toMatch(/^lab\s+service\/web\s+ClusterIP\s+/m);
    expect(out).toMatch(/^lab\s+deployment\.apps\/web\s+/m);
  });

  it('describes a deployment, a service and a namespace', async () => {
    const d = await c.ok(['describe', 'deployment', 'web', '-n', 'lab']);
    expect(d).toMatch(/^Name:\s+web$/m);
    expect(d).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(d).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(d).toMatch(/^\s+Image:\s+nginx:1\.25$/m);
    const s = await c.ok(['describe', 'service', 'api', '-n', 'lab']);
    expect(s).toMatch(/^Type:\s+ClusterIP$/m);
    expect(s).toMatch(/^TargetPort:\s+8080\/TCP$/m);
    const n = await c.ok(['describe', 'namespace', 'lab']);
    expect(n).toMatch(/^Status:\s+Active$/m);
  });

  it('explains a field from the served OpenAPI', async () => {
    const out = await c.ok(['explain', 'pod.spec.containers.image']);
    expect(out).toMatch(/^FIELD: image <string>$/m);
    expect(out).toMatch(/^KIND:\s+Pod$/m);
  });

  it('deletes what a file created, namespace included, and waits until it is gone', async () => {
    const file = `apiVersion: v1
kind: Namespace
metadata: {name: temp}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: temp}
`;
    await c.ok(['apply', '-f', '-'], { input: file });
    const out = await c.ok(['delete', '-f', '-'], { input: file });
    expect(out).toBe('namespace "temp" deleted\nconfigmap "a" deleted\n');
    const gone = await c.kubectl(['get', 'ns', 'temp']);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): namespaces "temp" not found');
  });

  it('refuses to delete a namespace the cluster needs', async () => {
    const r = await c.kubectl(['delete', 'ns', 'kube-system']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });
});
