/**
 * kubelab's write commands against a real kubelabd, checked with the real kubectl: the
 * objects they leave are the ones kubectl's commands leave (the last-applied annotation
 * byte for byte), and they say what kubectl says.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, Lab, assertBuilt, printedKubeconfig, run } from '../support/lab.js';
import { sameAsKubectl } from '../support/parity.js';

const lab = new Lab();
let kubeconfig = '';
const jsonpath = async (args: string[], path: string) => (await lab.kubectl(kubeconfig, 'get', ...args, '-o', `jsonpath=${path}`)).stdout;

const deployment = (name: string, image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: ${image}
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  assertBuilt();
  kubeconfig = printedKubeconfig((await lab.kubelab('up', '--nodes', '2')).stdout);
}, 60_000);
afterAll(() => lab.cleanup());

describe('kubelab apply', () => {
  it('creates, leaves unchanged and configures, with the same annotation kubectl writes', async () => {
    const file = join(lab.root, 'ours.yaml');
    writeFileSync(file, deployment('ours', 'nginx:1.25', 2));
    expect(await lab.kubelab('apply', '-f', file)).toEqual({ code: 0, stdout: 'deployment.apps/ours created\n', stderr: '' });
    expect((await lab.kubelab('apply', '-f', file)).stdout).toBe('deployment.apps/ours unchanged\n');
    const theirs = join(lab.root, 'theirs.yaml');
    writeFileSync(theirs, deployment('theirs', 'nginx:1.25', 2));
    expect((await lab.kubectl(kubeconfig, 'apply', '-f', theirs)).stdout).toBe('deployment.apps/theirs created\n');
    const annotation = "{.metadata.annotations['kubectl\\.kubernetes\\.io/last-applied-configuration']}";
    expect((await jsonpath(['deploy', 'ours'], annotation)).replaceAll('ours', 'X')).toBe((await jsonpath(['deploy', 'theirs'], annotation)).replaceAll('theirs', 'X'));

    // Someone scales it; a new image is applied: the replicas go back to the file's, the image changes.
    await lab.kubectl(kubeconfig, 'scale', 'deploy/ours', '--replicas=3');
    writeFileSync(file, deployment('ours', 'nginx:1.27', 2));
    expect(await lab.kubelab('apply', '-f', file, '--dry-run=server')).toMatchObject({ code: 0, stdout: 'deployment.apps/ours configured (server dry run)\n' });
    expect(await jsonpath(['deploy', 'ours'], '{.spec.template.spec.containers[0].image}')).toBe('nginx:1.25');
    expect((await lab.kubelab('apply', '-f', file)).stdout).toBe('deployment.apps/ours configured\n');
    expect(await jsonpath(['deploy', 'ours'], '{.spec.replicas} {.spec.template.spec.containers[0].image}')).toBe('2 nginx:1.27');
  });

  it('applies server-side, and reads manifests from standard input', async () => {
    const file = join(lab.root, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
    expect((await lab.kubelab('apply', '-f', file, '--server-side')).stdout).toBe('configmap/ssa serverside-applied\n');
    expect(await jsonpath(['cm', 'ssa'], '{.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}')).toBe('kubectl Apply');
  });
});

describe('generators print the manifests kubectl prints', () => {
  it.each([
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80', '--dry-run=client', '-o', 'yaml'],
    ['create', 'configmap', 'c', '--from-literal=a=1', '--from-literal=b=two', '--dry-run=client', '-o', 'yaml'],
    ['create', 'secret', 'generic', 's', '--from-literal=password=x', '--dry-run=client', '-o', 'yaml'],
    ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080', '--dry-run=client', '-o', 'yaml'],
    ['create', 'job', 'j', '--image=busybox', '--dry-run=client', '-o', 'yaml', '--', 'echo', 'hi'],
    ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--dry-run=client', '-o', 'yaml', '--', 'date'],
    ['create', 'namespace', 'lab1', '--dry-run=client', '-o', 'yaml'],
    ['create', 'serviceaccount', 'bot', '--dry-run=client', '-o', 'yaml'],
    ['run', 'p', '--image=busybox', '--restart=Never', '--env=X=1', '-l', 'a=b', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '10'],
  ])('%s %s %s', async (...args) => {
    const { ours, theirs } = await sameAsKubectl(lab, kubeconfig, args as string[], 1);
    expect(ours).toEqual(theirs);
  });

  it('creates for real and says so, and refuses what exists in kubectl\'s words', async () => {
    expect(await lab.kubelab('create', 'configmap', 'made', '--from-literal=k=v')).toEqual({ code: 0, stdout: 'configmap/made created\n', stderr: '' });
    expect(await lab.kubelab('create', 'configmap', 'made')).toEqual({ code: 1, stdout: '', stderr: 'error: failed to create configmap: configmaps "made" already exists\n' });
    expect((await lab.kubelab('expose', 'deployment', 'ours', '--port=80')).stdout).toBe('service/ours exposed\n');
    expect(await jsonpath(['svc', 'ours'], '{.spec.selector.app} {.spec.ports[0].port}')).toBe('ours 80');
  });
});

describe('changing objects', () => {
  it('labels, annotates, patches and scales with kubectl\'s messages', async () => {
    expect((await lab.kubelab('label', 'cm', 'made', 'tier=web')).stdout).toBe('configmap/made labeled\n');
    expect(await lab.kubelab('label', 'cm', 'made', 'tier=db')).toEqual({ code: 1, stdout: '', stderr: "error: 'tier' already has a value (web), and --overwrite is false\n" });
    expect((await lab.kubelab('label', 'cm', 'made', 'tier-')).stdout).toBe('configmap/made unlabeled\n');
    expect((await lab.kubelab('annotate', 'cm', 'made', 'note=hi')).stdout).toBe('configmap/made annotated\n');
    expect((await lab.kubelab('patch', 'cm', 'made', '-p', '{"data":{"k":"w"}}')).stdout).toBe('configmap/made patched\n');
    expect((await lab.kubelab('patch', 'cm', 'made', '-p', '{"data":{"k":"w"}}')).stdout).toBe('configmap/made patched (no change)\n');
    expect((await lab.kubelab('patch', 'cm', 'made', '--type', 'json', '-p', '[{"op":"remove","path":"/data/k"}]')).stdout).toBe('configmap/made patched\n');
    expect(await jsonpath(['cm', 'made'], '{.metadata.annotations.note} {.data}')).toBe('hi {}');
    expect((await lab.kubelab('scale', 'deployment/ours', '--replicas=1')).stdout).toBe('deployment.apps/ours scaled\n');
    expect(await lab.kubelab('scale', 'deployment/ours', '--replicas=2', '--current-replicas=5')).toMatchObject({ code: 1, stderr: 'error: Expected replicas to be 5, was 1\n' });
    expect((await lab.kubelab('set', 'image', 'deployment/ours', 'main=nginx:1.28')).stdout).toBe('deployment.apps/ours image updated\n');
    expect(await jsonpath(['deploy', 'ours'], '{.spec.template.spec.containers[0].image}')).toBe('nginx:1.28');
  });

  it('edits with $KUBE_EDITOR, sending only what changed', async () => {
    const editor = join(lab.root, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/^data:/data:\\n  edited: \\"yes\\"/" "$1"\n', { mode: 0o755 });
    await lab.kubectl(kubeconfig, 'create', 'configmap', 'tobeedited', '--from-literal=a=b');
    const r = await lab.kubelabWith({ KUBE_EDITOR: editor }, 'edit', 'cm/tobeedited');
    expect(r).toEqual({ code: 0, stdout: 'configmap/tobeedited edited\n', stderr: '' });
    expect(await jsonpath(['cm', 'tobeedited'], '{.data.edited}')).toBe('yes');
    expect((await lab.kubelabWith({ KUBE_EDITOR: 'true' }, 'edit', 'cm/tobeedited')).stdout).toBe('Edit cancelled, no changes made.\n');
  });

  it('deletes, waiting until the object is gone, and reports what is not there', async () => {
    expect(await lab.kubelab('delete', 'cm', 'made', 'nope')).toEqual({ code: 1, stdout: 'configmap "made" deleted\n', stderr: 'Error from server (NotFound): configmaps "nope" not found\n' });
    expect((await lab.kubectl(kubeconfig, 'get', 'cm', 'made')).code).toBe(1);
    expect(await lab.kubelab('delete', 'cm', 'nope', '--ignore-not-found')).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('rollouts and waits', () => {
  it('waits for a rollout, restarts it, and undoes it', async () => {
    const file = join(lab.root, 'roll.yaml');
    writeFileSync(file, deployment('roll', 'nginx:1.25', 2));
    await lab.kubelab('apply', '-f', file);
    const status = await lab.kubelab('rollout', 'status', 'deployment/roll', '--timeout=60s');
    expect(status.code).toBe(0);
    expect(status.stdout.endsWith('deployment "roll" successfully rolled out\n')).toBe(true);
    expect((await lab.kubelab('rollout', 'restart', 'deployment/roll')).stdout).toBe('deployment.apps/roll restarted\n');
    expect((await lab.kubelab('rollout', 'status', 'deployment/roll', '--timeout=60s')).code).toBe(0);
    expect((await lab.kubelab('rollout', 'undo', 'deployment/roll')).stdout).toBe('deployment.apps/roll rolled back\n');
    const history = await sameAsKubectl(lab, kubeconfig, ['rollout', 'history', 'deployment/roll']);
    expect(history.ours).toEqual(history.theirs);
    expect((await lab.kubelab('rollout', 'pause', 'deployment/roll')).stdout).toBe('deployment.apps/roll paused\n');
    expect(await lab.kubelab('rollout', 'pause', 'deployment/roll')).toMatchObject({ code: 1, stderr: 'error: deployments.apps "roll" is already paused\n' });
    expect((await lab.kubelab('rollout', 'resume', 'deployment/roll')).stdout).toBe('deployment.apps/roll resumed\n');
  });

  it('undoes a daemon set to its previous ControllerRevision, and says when there is nothing to undo', async () => {
    const ds = (image: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: "${image}"}]}
`;
    const file = join(lab.root, 'agent.yaml');
    writeFileSync(file, ds('nginx:1.26'));
    await lab.kubelab('apply', '-f', file);
    expect((await lab.kubelab('rollout', 'status', 'ds/agent', '--timeout=60s')).code).toBe(0);
    expect(await lab.kubelab('rollout', 'undo', 'ds/agent')).toMatchObject({ code: 1, stderr: 'error: no last revision to roll back to\n' });
    writeFileSync(file, ds('nginx:1.27'));
    await lab.kubelab('apply', '-f', file);
    expect((await lab.kubelab('rollout', 'status', 'ds/agent', '--timeout=60s')).code).toBe(0);
    expect(await lab.kubelab('rollout', 'undo', 'ds/agent')).toEqual({ code: 0, stdout: 'daemonset.apps/agent rolled back\n', stderr: '' });
    expect((await lab.kubelab('rollout', 'status', 'ds/agent', '--timeout=60s')).code).toBe(0);
    expect((await lab.kubelab('get', 'ds/agent', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).stdout).toBe('nginx:1.26');
    expect((await lab.kubelab('rollout', 'undo', 'ds/agent', '--to-revision=3')).stdout).toBe('daemonset.apps/agent skipped rollback (current template already matches revision 3)\n');
    expect(await lab.kubelab('rollout', 'undo', 'ds/agent', '--to-revision=9')).toMatchObject({ code: 1, stderr: 'error: unable to find specified revision 9 in history\n' });
    const history = await sameAsKubectl(lab, kubeconfig, ['rollout', 'history', 'ds/agent']);
    expect(history.ours).toEqual(history.theirs);
    await lab.kubelab('delete', 'ds/agent');
  });

  it('waits for conditions, and times out in kubectl\'s words', async () => {
    expect(await lab.kubelab('wait', '--for=condition=Available', 'deployment/roll', '--timeout=60s')).toEqual({ code: 0, stdout: 'deployment.apps/roll condition met\n', stderr: '' });
    expect(await lab.kubelab('wait', '--for=condition=Nope', 'deployment/roll', '--timeout=1s')).toEqual({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition on deployments/roll\n' });
    expect(await lab.kubelab('wait', '--for=delete', 'pod/never-was', '--timeout=1s')).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('watching', () => {
  it('get -w prints the list, then each change aligned with it, as kubectl does', async () => {
    await lab.kubectl(kubeconfig, 'create', 'configmap', 'watched');
    const watch = (cmd: 'kubelab' | 'kubectl') =>
      cmd === 'kubelab' ? run(process.execPath, [CLI_BIN, 'get', 'cm', 'watched', '-w'], lab.env(), 4_000) : run('kubectl', ['get', 'cm', 'watched', '-w'], lab.env({ KUBECONFIG: kubeconfig }), 4_000);
    const both = Promise.all([watch('kubelab'), watch('kubectl')]);
    await new Promise((r) => setTimeout(r, 2_000));
    await lab.kubectl(kubeconfig, 'label', 'cm', 'watched', 'seen=yes');
    const [ours, theirs] = await both;
    // The two started apart, so a line may straddle a second: AGE (the last column) aside.
    const ageless = (text: string) => text.replace(/\d+s$/gm, '<age>');
    expect(ageless(ours.stdout)).toBe(ageless(theirs.stdout));
    expect(ours.stdout).toMatch(/^NAME +DATA +AGE\nwatched +0 +\d+s\nwatched +0 +\d+s\n$/);
  });
});

describe('logs and exec', () => {
  it('prints a container\'s output as kubectl logs does, and runs commands in it', async () => {
    expect((await lab.kubelab('run', 'talker', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo one; echo two; sleep 3600')).stdout).toBe('pod/talker created\n');
    expect((await lab.kubelab('wait', '--for=condition=Ready', 'pod/talker', '--timeout=60s')).code).toBe(0);
    const logs = await sameAsKubectl(lab, kubeconfig, ['logs', 'talker']);
    expect(logs.ours).toEqual(logs.theirs);
    expect(logs.ours.stdout).toBe('one\ntwo\n');
    expect((await lab.kubelab('logs', 'talker', '--tail=1')).stdout).toBe('two\n');
    expect(await lab.kubelab('exec', 'talker', '--', 'sh', '-c', 'echo $HOSTNAME; echo oops >&2; exit 3')).toEqual({ code: 3, stdout: 'talker\n', stderr: 'oops\ncommand terminated with exit code 3\n' });
  });
});

describe('nodes', () => {
  it('cordons, taints and drains as kubectl does', async () => {
    expect((await lab.kubelab('cordon', 'worker-1')).stdout).toBe('node/worker-1 cordoned\n');
    expect((await lab.kubelab('cordon', 'worker-1')).stdout).toBe('node/worker-1 already cordoned\n');
    expect((await lab.kubelab('uncordon', 'worker-1')).stdout).toBe('node/worker-1 uncordoned\n');
    expect((await lab.kubelab('taint', 'nodes', 'worker-1', 'k=v:NoSchedule')).stdout).toBe('node/worker-1 tainted\n');
    expect(await lab.kubelab('taint', 'nodes', 'worker-1', 'k=w:NoSchedule')).toMatchObject({ code: 1, stderr: 'error: node worker-1 already has k taint(s) with same effect(s) and --overwrite is false\n' });
    expect((await lab.kubelab('taint', 'nodes', 'worker-1', 'k:NoSchedule-')).stdout).toBe('node/worker-1 untainted\n');
    const drain = await lab.kubelab('drain', 'worker-2', '--ignore-daemonsets', '--force', '--timeout=60s');
    expect(drain.code).toBe(0);
    expect(drain.stdout).toMatch(/^node\/worker-2 cordoned\n/);
    expect(drain.stdout.endsWith('node/worker-2 drained\n')).toBe(true);
    expect(await jsonpath(['pods', '--field-selector', 'spec.nodeName=worker-2'], '{.items[*].metadata.name}')).toBe('');
    await lab.kubelab('uncordon', 'worker-2');
  });
});
