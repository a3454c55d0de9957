import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { scanKubeconfig } from './kubeconfig-scan.js';

/** What kubelabd writes: credentials.ts's kubeconfig() through yaml's stringify. */
const kubelabd = stringify({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'kubelab', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('x'.repeat(600)).toString('base64') } }],
  users: [{ name: 'kubelab', user: { token: 'a1b2c3' } }],
  contexts: [{ name: 'kubelab', context: { cluster: 'kubelab', user: 'kubelab', namespace: 'default' } }],
  'current-context': 'kubelab',
  preferences: {},
});

describe('the fast kubeconfig reader', () => {
  it("reads kubelabd's kubeconfig exactly as the YAML parser does", () => {
    expect(scanKubeconfig(kubelabd)).toEqual(parse(kubelabd));
  });

  it('reads a kubeconfig written by the real kubectl exactly as the YAML parser does', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kubelab-scan-')), 'config');
    const kubectl = (...args: string[]) => execFileSync('kubectl', ['config', ...args, '--kubeconfig', file], { stdio: 'ignore' });
    kubectl('set-cluster', 'lab', '--server=https://127.0.0.1:6443');
    kubectl('set-credentials', 'me', '--token=s3cr3t');
    kubectl('set-context', 'lab', '--cluster=lab', '--user=me', '--namespace=kube-system');
    kubectl('set-context', 'other', '--cluster=lab', '--user=me');
    kubectl('use-context', 'lab');
    const text = readFileSync(file, 'utf8');
    expect(scanKubeconfig(text)).toEqual(parse(text));
  });

  it('reads quoted scalars and skips whole-line comments', () => {
    expect(scanKubeconfig(`# mine\ncurrent-context: "a b"\nusers:\n- name: 'it''s'\n  user: {}\n`)).toEqual({
      'current-context': 'a b',
      users: [{ name: "it's", user: {} }],
    });
  });

  it.each([
    ['an anchor', 'users:\n- &u\n  name: a\n'],
    ['a flow map', 'preferences: {colors: true}\n'],
    ['a block scalar', 'token: |\n  abc\n'],
    ['an inline comment', 'current-context: lab # the lab\n'],
    ['a tab', 'users:\n\t- name: a\n'],
    ['several documents', '---\na: b\n'],
    ['a bad indent', 'a:\n    b: c\n  d: e\n'],
  ])('leaves %s to the YAML parser', (_, text) => {
    expect(scanKubeconfig(text)).toBeUndefined();
  });
});
