/**
 * The real kubectl against kubelab, reading: discovery, tables, output formats, selectors,
 * watches, and the errors it prints for what is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the kubectl end-to-end tests !!!\n');
}

const FIXTURE = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {tier: backend, app: shop}
data:
  color: blue
  size: large
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: theme
  namespace: shop
  labels: {tier: frontend, app: shop}
data:
  color: red
`;

describe.skipIf(!ok)('kubectl reads from kubelab', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
    await c.ok(['create', '-f', '-', '--validate=false'], { input: FIXTURE });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('lists the system namespaces kube-apiserver creates, as a table', async () => {
    const out = await c.ok(['get', 'namespaces']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'shop']) {
      expect(out).toMatch(new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
    }
  });

  it('answers kubectl version with a 1.32 server', async () => {
    expect(await c.ok(['version'])).toMatch(/Server Version: v1\.32\.\d+\+kubelab/);
  });

  it('lists api-resources with upstream short names and groups', async () => {
    const out = await c.ok(['api-resources']);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  });

  it('selects by label, with set-based requirements too', async () => {
    expect((await c.ok(['get', 'cm', '-n', 'shop', '-l', 'tier=backend', '-o', 'name'])).trim()).toBe('configmap/settings');
    expect((await c.ok(['get', 'cm', '-n', 'shop', '-l', 'tier in (frontend)', '-o', 'name'])).trim()).toBe('configmap/theme');
    expect((await c.ok(['get', 'cm', '-n', 'shop', '-l', 'app=shop,tier!=frontend', '-o', 'name'])).trim()).toBe('configmap/settings');
  });

  it('selects by field, and refuses a field the kind does not support', async () => {
    expect((await c.ok(['get', 'cm', '-A', '--field-selector', 'metadata.name=theme', '-o', 'name'])).trim()).toBe('configmap/theme');
    const bad = await c.kubectl(['get', 'cm', '-n', 'shop', '--field-selector', 'data.color=red']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Error from server (BadRequest)');
    expect(bad.stderr).toContain('field label not supported: data.color');
  });

  it('prints jsonpath, json and yaml with server-set metadata', async () => {
    expect(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}'])).toBe('blue');
    const json = JSON.parse(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'json'])) as {
      metadata: { uid: string; resourceVersion: string; creationTimestamp: string };
    };
    expect(json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(json.metadata.resourceVersion)).toBeGreaterThan(1);
    expect(json.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await c.ok(['get', 'cm', 'theme', '-n', 'shop', '-o', 'yaml'])).toMatch(/^kind: ConfigMap$/m);
  });

  it('shows labels as a column', async () => {
    const out = await c.ok(['get', 'cm', '-n', 'shop', '--show-labels']);
    expect(out).toMatch(/^settings\s+2\s+\S+\s+app=shop,tier=backend$/m);
  });

  it('says NotFound in kubectl words for a missing object', async () => {
    const r = await c.kubectl(['get', 'cm', 'nope', '-n', 'shop']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
  });

  it('says a namespace is missing when creating into it, and creates nothing', async () => {
    const r = await c.kubectl(['create', '-f', '-', '--validate=false'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: ghost}\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error from server (NotFound): error when creating "STDIN": namespaces "ghost" not found');
    expect((await c.kubectl(['get', 'ns', 'ghost'])).status).toBe(1);
  });

  it('refuses an invalid name with the validation message, and creates nothing', async () => {
    const r = await c.kubectl(['create', '-f', '-', '--validate=false'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name, namespace: shop}\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
    expect(await c.ok(['get', 'cm', '-n', 'shop', '-o', 'name'])).not.toContain('Bad_Name');
  });

  it('refuses an unknown kind before sending anything', async () => {
    const r = await c.kubectl(['apply', '-f', '-', '--validate=false'], { input: 'apiVersion: v1\nkind: Gizmo\nmetadata: {name: g}\n' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no matches for kind "Gizmo" in version "v1"');
  });

  it('refuses a duplicate create with AlreadyExists', async () => {
    const r = await c.kubectl(['create', '-f', '-', '--validate=false'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": configmaps "settings" already exists');
  });

  it('streams changes to kubectl get -w as they happen', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('/usr/bin/kubectl', ['get', 'cm', '-n', 'shop', '-w', '--output-watch-events'], { env: c.env() });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(re);
    };
    await waitFor(/settings/);
    await c.ok(['create', '-f', '-', '--validate=false'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: live, namespace: shop}\n' });
    await waitFor(/ADDED\s+live/);
    await c.ok(['delete', 'cm', 'live', '-n', 'shop']);
    await waitFor(/DELETED\s+live/);
    child.kill();
  });
});
