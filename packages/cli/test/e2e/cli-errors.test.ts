/**
 * Every error a user meets before or instead of a result: no kubelab running, an unknown
 * resource type, a bad flag, a missing or malformed manifest, an object that is not there —
 * in kubectl's words (its own where the real kubectl is the reference) and with exit code 1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt, printedKubeconfig, run } from '../support/lab.js';
import { sameAsKubectl } from '../support/parity.js';

const NOT_RUNNING = 'error: kubelab is not running (start it with: kubelab up)\n';

describe('without a running kubelab', () => {
  const lab = new Lab();
  beforeAll(assertBuilt);
  afterAll(() => lab.cleanup());

  it.each([['get', 'pods'], ['describe', 'nodes'], ['apply', '-f', '-'], ['delete', 'pod', 'x'], ['logs', 'x'], ['version']])('kubelab %s says to start it with kubelab up', async (...args) => {
    const r = await lab.kubelab(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(NOT_RUNNING);
  });

  it('names a stopped server in kubectl\'s words when the kubeconfig is chosen explicitly', async () => {
    const kc = join(lab.root, 'elsewhere.yaml');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.255.255.1:1\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n');
    const r = await run(process.execPath, [new URL('../../bin/run.js', import.meta.url).pathname, 'get', 'pods', '--kubeconfig', kc, '--server', 'https://127.0.0.1:1'], lab.env());
    expect(r).toMatchObject({ code: 1, stderr: 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n' });
    expect(await lab.kubelab('get', 'pods', '--kubeconfig', join(lab.root, 'missing.yaml'))).toMatchObject({ code: 1, stderr: `error: stat ${join(lab.root, 'missing.yaml')}: no such file or directory\n` });
    expect(await lab.kubelab('get', 'pods', '--kubeconfig', kc, '--context', 'nope')).toMatchObject({ code: 1, stderr: 'Error in configuration: context was not found for specified context: nope\n' });
  });

  it('a --dry-run=client generator needs no server', async () => {
    const r = await lab.kubelab('create', 'deployment', 'web', '--image=nginx', '--dry-run=client', '-o', 'name');
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web\n', stderr: '' });
  });
});

describe('with kubelab running', () => {
  const lab = new Lab();
  let kubeconfig = '';
  beforeAll(async () => {
    assertBuilt();
    kubeconfig = printedKubeconfig((await lab.kubelab('up')).stdout);
  }, 60_000);
  afterAll(() => lab.cleanup());

  it.each([
    ['get', 'foo'],
    ['get', 'pods', 'nope'],
    ['get', 'pods', '--bogus'],
    ['get', 'pods', '-o', 'foo'],
    ['get'],
    ['delete', 'configmap', 'nope'],
    ['describe', 'deployment', 'nope'],
    ['scale', 'deployment', 'nope', '--replicas=2'],
    ['apply', '-f', '/nonexistent/web.yaml'],
    ['create', 'configmap', 'kube-root-ca.crt'],
    ['logs'],
    ['delete'],
  ])('kubelab %s fails as kubectl does', async (...args) => {
    const { ours, theirs } = await sameAsKubectl(lab, kubeconfig, args as string[], 1);
    expect(ours).toEqual(theirs);
    expect(ours.code).toBe(1);
  });

  it("refuses a malformed manifest, naming the file and the line, in kubectl's words", async () => {
    const bad = join(lab.root, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n');
    const ours = await lab.kubelab('apply', '-f', bad);
    const theirs = await lab.kubectl(kubeconfig, 'apply', '-f', bad);
    expect(theirs.stderr).toMatch(new RegExp(`^error: error parsing ${bad}: error converting YAML to JSON: yaml: line \\d+: `));
    expect(ours.code).toBe(1);
    expect(ours.stdout).toBe('');
    expect(ours.stderr).toMatch(new RegExp(`^error: error parsing ${bad}: error converting YAML to JSON: yaml: line \\d+: .+\\n$`));
    const noKind = join(lab.root, 'nokind.yaml');
    writeFileSync(noKind, 'apiVersion: v1\nmetadata:\n  name: x\n');
    const a = await sameAsKubectl(lab, kubeconfig, ['apply', '-f', noKind], 1);
    expect(a.ours).toEqual(a.theirs);
  });
});
