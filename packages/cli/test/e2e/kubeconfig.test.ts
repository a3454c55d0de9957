import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt } from '../support/lab.js';

let lab: Lab;

beforeAll(assertBuilt);
afterEach(async () => lab?.cleanup());

const theirs = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.invalid:6443
users:
- name: admin
  user:
    token: prod-token
contexts:
- name: prod
  context:
    cluster: prod
    user: admin
current-context: prod
`;

describe('kubelab kubeconfig', () => {
  it('prints the path of the kubeconfig, and fails with a hint before the first up', async () => {
    lab = new Lab();
    expect(await lab.kubelab('kubeconfig')).toMatchObject({
      code: 1,
      stderr: `error: no kubeconfig at ${join(lab.dataDir, 'kubeconfig')} yet (start kubelab first with: kubelab up)\n`,
    });
    expect((await lab.kubelab('up')).code).toBe(0);
    expect(await lab.kubelab('kubeconfig')).toMatchObject({ code: 0, stdout: `${join(lab.dataDir, 'kubeconfig')}\n` });
  });

  it('--merge adds kubelab to ~/.kube/config beside the other contexts, and plain kubectl then reaches kubelab', async () => {
    lab = new Lab();
    mkdirSync(join(lab.home, '.kube'));
    writeFileSync(join(lab.home, '.kube', 'config'), theirs);
    expect((await lab.kubelab('up')).code).toBe(0);
    const merge = await lab.kubelab('kubeconfig', '--merge');
    expect(merge.stdout).toBe(
      `Merged context "kubelab" into ${join(lab.home, '.kube', 'config')} and made it the current context (it was "prod"; switch back with: kubectl config use-context prod).\n`,
    );
    const contexts = await lab.kubectl(undefined, 'config', 'get-contexts', '-o', 'name');
    expect(contexts.stdout.split('\n').filter(Boolean).sort()).toEqual(['kubelab', 'prod']);
    const ns = await lab.kubectl(undefined, 'get', 'ns', 'default', '-o', 'name');
    expect(ns).toMatchObject({ code: 0, stdout: 'namespace/default\n' });
  });
});
