import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { mergeIntoUserKubeconfig, mergeKubeconfig, userKubeconfigPath } from './kubeconfig-merge.js';

const kubelab = (server: string) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubelab', cluster: { server, 'certificate-authority-data': 'Q0E=' } }],
    users: [{ name: 'kubelab', user: { token: 'secret' } }],
    contexts: [{ name: 'kubelab', context: { cluster: 'kubelab', user: 'kubelab', namespace: 'default' } }],
    'current-context': 'kubelab',
    preferences: {},
  });

const theirs = `# my clusters
apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example:6443
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

type Config = Record<string, { name: string }[]> & { 'current-context': string };
const names = (c: Config, section: string) => c[section]?.map((e) => e.name);

describe('merging kubelab into a kubeconfig', () => {
  it('keeps the other clusters, users and contexts and switches to kubelab', () => {
    const r = mergeKubeconfig(theirs, kubelab('https://127.0.0.1:6443'));
    const merged = parse(r.text) as Config;
    expect(names(merged, 'contexts')).toEqual(['prod', 'kubelab']);
    expect(names(merged, 'clusters')).toEqual(['prod', 'kubelab']);
    expect(names(merged, 'users')).toEqual(['admin', 'kubelab']);
    expect(merged['current-context']).toBe('kubelab');
    expect(r.previousContext).toBe('prod');
    expect(r.text).toContain('# my clusters');
  });

  it("replaces only kubelab's own entries, in place, when merged again", () => {
    const once = mergeKubeconfig(theirs, kubelab('https://127.0.0.1:6443')).text;
    const twice = parse(mergeKubeconfig(once, kubelab('https://127.0.0.1:7443')).text) as Config;
    expect(names(twice, 'clusters')).toEqual(['prod', 'kubelab']);
    expect(JSON.stringify(twice)).toContain('https://127.0.0.1:7443');
    expect(JSON.stringify(twice)).not.toContain('https://127.0.0.1:6443');
    expect(JSON.stringify(twice)).toContain('prod-token');
  });

  it('makes a whole kubeconfig when there is none', () => {
    const r = mergeKubeconfig('', kubelab('https://127.0.0.1:6443'));
    const merged = parse(r.text) as Config;
    expect(merged['current-context']).toBe('kubelab');
    expect(names(merged, 'users')).toEqual(['kubelab']);
    expect(r.previousContext).toBeUndefined();
  });

  it('refuses to touch a kubeconfig that is not valid YAML', () => {
    expect(() => mergeKubeconfig('clusters: [unclosed', kubelab('https://127.0.0.1:6443'), '/home/u/.kube/config')).toThrow(
      /\/home\/u\/\.kube\/config is not valid YAML, so it was left alone/,
    );
  });
});

describe("the user's kubeconfig file", () => {
  it("is $KUBECONFIG's first entry, else ~/.kube/config", () => {
    expect(userKubeconfigPath({ KUBECONFIG: '/a/one:/b/two' })).toBe('/a/one');
    expect(userKubeconfigPath({ KUBECONFIG: '' })).toMatch(/\.kube\/config$/);
  });

  it('is written private, next to nothing lost, with the merge result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-merge-'));
    const source = join(dir, 'kubelab.kubeconfig');
    writeFileSync(source, kubelab('https://127.0.0.1:6443'));
    const target = join(dir, 'home', '.kube', 'config');
    mkdirSync(join(dir, 'home', '.kube'), { recursive: true });
    writeFileSync(target, theirs, { mode: 0o644 });
    const r = mergeIntoUserKubeconfig(source, { KUBECONFIG: target });
    expect(r).toEqual({ path: target, context: 'kubelab', previousContext: 'prod' });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(names(parse(readFileSync(target, 'utf8')) as Config, 'contexts')).toEqual(['prod', 'kubelab']);
  });

  it('is not created when kubelab has never written its kubeconfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-merge-'));
    expect(() => mergeIntoUserKubeconfig(join(dir, 'missing'), { KUBECONFIG: join(dir, 'config') })).toThrow(
      /no kubeconfig at .*missing yet \(start kubelab first with: kubelab up\)/,
    );
  });
});
