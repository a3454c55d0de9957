/**
 * The real kubectl's `exec` against kubelabd: kubectl 1.32 opens a WebSocket on pods/exec and
 * speaks the v5.channel.k8s.io remote command protocol — output on its channels, standard
 * input until closed, the exit code in the final Status, and a terminal for `-it` (given a
 * pty by util-linux's `script`, as a user's terminal would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';
import { hasScript, ptySession } from './pty.js';

const ok = kubectlAvailable();

const POD = `apiVersion: v1
kind: Pod
metadata: {name: shell, namespace: default}
spec:
  nodeName: worker-1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    env: [{name: GREETING, value: hello}]
`;

describe.skipIf(!ok)('kubectl exec', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    await c.ok(['apply', '-f', '-'], { input: POD });
    await c.ok(['wait', '--for=condition=Ready', 'pod/shell', '--timeout=60s']);
  }, 90_000);

  afterAll(async () => c?.stop());

  it('runs a command and prints its output, exiting 0', async () => {
    const r = await c.kubectl(['exec', 'shell', '--', 'sh', '-c', 'echo $GREETING from $(hostname)']);
    expect(r).toMatchObject({ status: 0, stdout: 'hello from shell\n', stderr: '' });
  });

  it('keeps stdout and stderr apart and ends with the command\'s exit code, in kubectl\'s words', async () => {
    const r = await c.kubectl(['exec', 'shell', '-c', 'main', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\ncommand terminated with exit code 3\n');
  });

  it('passes standard input with -i, until it ends', async () => {
    const r = await c.kubectl(['exec', '-i', 'shell', '--', 'cat'], { input: 'line one\nline two\n' });
    expect(r).toMatchObject({ status: 0, stdout: 'line one\nline two\n' });
  });

  it('reports a container that does not exist', async () => {
    const r = await c.kubectl(['exec', 'shell', '-c', 'nope', '--', 'true']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('container nope is not valid for pod shell');
  });

  it.skipIf(!hasScript)('gives -it a shell on a terminal: prompt, echo, output, exit code', async () => {
    const out = await ptySession('kubectl exec -it shell -- sh', { KUBECONFIG: c.kubeconfig }, [
      { after: '/ # ', send: 'echo typed $GREETING\r' },
      { after: 'typed hello', send: 'exit 4\r' },
    ]);
    expect(out.text).toContain('/ # echo typed $GREETING\r\ntyped hello\r\n/ # exit 4');
    expect(out.code).toBe(4);
  });
});
