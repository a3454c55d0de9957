/**
 * The real kubectl's `attach` and `run -i/-it` against kubelabd: kubectl 1.32 opens a
 * WebSocket on pods/attach (v5.channel.k8s.io). An attach shows PID 1's output from the
 * moment it joins until the container exits; with `stdin: true` and a shell as PID 1 the
 * session is that shell's input, and `exit N` ends the container with N — which
 * `kubectl run --rm` reports and returns, after deleting the pod.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';
import { hasScript, ptySession } from './pty.js';

const ok = kubectlAvailable();

const TALKER = `apiVersion: v1
kind: Pod
metadata: {name: talker, namespace: default}
spec:
  nodeName: worker-1
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: [sh, -c, "echo early; until [ -f /tmp/go ]; do echo tick; sleep 0.3; done; echo late; sleep 1; echo later"]
`;

describe.skipIf(!ok)('kubectl attach and run -i', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
  }, 90_000);

  afterAll(async () => c?.stop());

  it('attach shows what PID 1 prints from then on, and ends when the container exits', async () => {
    await c.ok(['apply', '-f', '-'], { input: TALKER });
    await c.ok(['wait', '--for=condition=Ready', 'pod/talker', '--timeout=60s']);
    // PID 1 ticks until /tmp/go exists; the file is made once the attach has shown a tick,
    // so the attach has surely joined before the container ends.
    const attach = spawn('kubectl', ['attach', 'talker'], { env: { ...process.env, KUBECONFIG: c.kubeconfig } });
    let stdout = '';
    let stderr = '';
    attach.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let released = false;
    attach.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!released && stdout.includes('tick\n')) {
        released = true;
        void c.ok(['exec', 'talker', '--', 'touch', '/tmp/go']);
      }
    });
    const code = await new Promise<number | null>((resolve) => attach.on('close', resolve));
    expect(code).toBe(0);
    // Nothing from before it joined ("early"): that is what kubectl logs is for.
    expect(stdout).toMatch(/^(tick\n)+late\nlater\n$/);
    expect(stderr).toBe('If you don\'t see a command prompt, try pressing enter.\n');
    expect(await c.ok(['get', 'pod', 'talker', '-o', 'jsonpath={.status.phase}'])).toBe('Succeeded');
  });

  it('attach and exec to a pod not yet scheduled say so, in kube-apiserver\'s words', async () => {
    const pending = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unplaced' }, spec: { nodeSelector: { nowhere: 'true' }, containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] } };
    await c.ok(['apply', '-f', '-'], { input: JSON.stringify(pending) });
    // kubectl falls back from WebSocket to SPDY on a failed upgrade; both answers name the pod's problem.
    for (const args of [['attach', 'unplaced'], ['exec', 'unplaced', '--', 'true']]) {
      const r = await c.kubectl(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Error from server (BadRequest): pod unplaced does not have a host assigned\n');
    }
  });

  it('run -i --rm feeds standard input to the shell, deletes the pod, and returns its exit code', async () => {
    const r = await c.kubectl(['run', 'piped', '-i', '--rm', '--restart=Never', '--image=busybox:1.36', '--', 'sh'], {
      input: 'echo from stdin\nhostname\nexit 3\n',
    });
    expect(r.stdout).toBe('from stdin\npiped\npod "piped" deleted\n');
    expect(r.stderr).toContain('pod default/piped terminated (Error)');
    expect(r.status).toBe(3);
    expect((await c.kubectl(['get', 'pod', 'piped'])).stderr).toBe('Error from server (NotFound): pods "piped" not found\n');
  });

  it.skipIf(!hasScript)('run -it gives the container\'s shell a terminal; exit N ends the pod with N', async () => {
    const out = await ptySession('kubectl run term -it --rm --restart=Never --image=busybox:1.36 -- sh', { KUBECONFIG: c.kubeconfig }, [
      { after: '/ # ', send: 'echo I am $(hostname)\r' },
      { after: 'I am term', send: 'exit 5\r' },
    ]);
    expect(out.text).toContain('/ # echo I am $(hostname)\r\nI am term\r\n/ # exit 5');
    expect(out.text).toContain('pod "term" deleted');
    expect(out.code).toBe(5);
  });

  it('run -i without --rm: the shell exits when its input ends (stdinOnce), and the pod stays, Succeeded', async () => {
    const r = await c.kubectl(['run', 'kept', '-i', '--restart=Never', '--image=busybox:1.36', '--', 'sh'], { input: 'echo done\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('done\n');
    await c.ok(['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/kept', '--timeout=30s']);
  });
});
