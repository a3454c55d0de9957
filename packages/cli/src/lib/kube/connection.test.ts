import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConnection } from './connection.js';

const dir = mkdtempSync(join(tmpdir(), 'conn-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const first = file(
  'a.yaml',
  `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${Buffer.from('CA-PEM').toString('base64')}
users:
- name: admin
  user:
    token: t0k3n
contexts:
- name: lab
  context:
    cluster: lab
    user: admin
    namespace: dev
current-context: lab
`,
);
const second = file(
  'b.yaml',
  `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: https://shadowed.invalid
- name: other
  cluster:
    server: https://other.invalid:443
users:
- name: admin
  user:
    token: not-this
contexts:
- name: other
  context:
    cluster: other
    user: admin
current-context: other
`,
);

describe('which cluster a command talks to, decided as kubectl decides', () => {
  it('merges $KUBECONFIG files, the first to name an entry winning, and takes the context namespace', async () => {
    const c = await resolveConnection({}, { KUBECONFIG: `${first}:${second}:${join(dir, 'missing.yaml')}` });
    expect(c).toMatchObject({ server: 'https://127.0.0.1:6443', caPem: 'CA-PEM', token: 't0k3n', namespace: 'dev', context: 'lab', explicitNamespace: false, local: false });
  });

  it('lets --context, --server, --token and -n override, and --kubeconfig replace $KUBECONFIG', async () => {
    const c = await resolveConnection({ kubeconfig: second, context: 'other', token: 'x', namespace: 'ns1' }, { KUBECONFIG: first });
    expect(c).toMatchObject({ server: 'https://other.invalid:443', token: 'x', namespace: 'ns1', explicitNamespace: true });
    expect((await resolveConnection({ server: 'https://10.0.0.1:6443' }, { KUBECONFIG: first })).server).toBe('https://10.0.0.1:6443');
  });

  it("fails in kubectl's words for an unknown context and a missing explicit file", async () => {
    await expect(resolveConnection({ context: 'nope' }, { KUBECONFIG: first })).rejects.toThrow('context was not found for specified context: nope');
    await expect(resolveConnection({ kubeconfig: join(dir, 'none.yaml') }, {})).rejects.toThrow(`stat ${join(dir, 'none.yaml')}: no such file or directory`);
  });

  it("with nothing chosen, uses kubelab's own kubeconfig — and says kubelab is not running when it is not", async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    await expect(resolveConnection({ 'data-dir': dataDir }, {})).rejects.toThrow('kubelab is not running (start it with: kubelab up)');
  });
});
