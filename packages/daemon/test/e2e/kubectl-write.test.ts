/**
 * The real kubectl against kubelab, writing: apply (client- and server-side), the patch
 * types, label/annotate/edit/scale, optimistic concurrency, oversized bodies, and a
 * restart that keeps everything.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the kubectl end-to-end tests !!!\n');
}

const manifest = (color: string, replicas: number) => `
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
data:
  color: ${color}
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: shop
type: Opaque
data:
  password: aHVudGVyMg==
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
`;

describe.skipIf(!ok)('kubectl writes to kubelab', () => {
  let c: TestCluster;
  let dir: string;
  beforeAll(async () => {
    c = await startCluster();
    dir = c.dataDir;
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('applies a multi-document file: created, then unchanged, then configured', async () => {
    const file = join(dir, 'shop.yaml');
    writeFileSync(file, manifest('blue', 2));
    const first = await c.ok(['apply', '-f', file]);
    expect(first).toBe(
      'namespace/shop created\nconfigmap/settings created\nsecret/creds created\ndeployment.apps/web created\nservice/web created\n',
    );
    expect(await c.ok(['apply', '-f', file])).toBe(
      'namespace/shop unchanged\nconfigmap/settings unchanged\nsecret/creds unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n',
    );
    writeFileSync(file, manifest('green', 3));
    expect(await c.ok(['apply', '-f', file])).toBe(
      'namespace/shop unchanged\nconfigmap/settings configured\nsecret/creds unchanged\ndeployment.apps/web configured\nservice/web unchanged\n',
    );
    expect(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}'])).toBe('green');
    expect(await c.ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'])).toBe('3 2');
  });

  it('applies server-side, reports a conflict with another manager, and takes over with --force-conflicts', async () => {
    const file = join(dir, 'ssa.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: shop}\ndata: {a: "1"}\n');
    expect(await c.ok(['apply', '--server-side', '-f', file])).toBe('configmap/ssa serverside-applied\n');
    await c.ok(['patch', 'cm', 'ssa', '-n', 'shop', '--type=merge', '-p', '{"data":{"a":"2"}}', '--field-manager=someone-else']);
    const conflict = await c.kubectl(['apply', '--server-side', '-f', file]);
    expect(conflict.status).toBe(1);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "someone-else"');
    expect(conflict.stderr).toContain('.data.a');
    await c.ok(['apply', '--server-side', '--force-conflicts', '-f', file]);
    expect(await c.ok(['get', 'cm', 'ssa', '-n', 'shop', '-o', 'jsonpath={.data.a}'])).toBe('1');
    const managers = await c.ok(['get', 'cm', 'ssa', '-n', 'shop', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}']);
    expect(managers.split(' ')).toContain('kubectl');
  });

  it('labels, annotates and patches with every patch type', async () => {
    expect(await c.ok(['label', 'cm', 'settings', '-n', 'shop', 'env=prod'])).toBe('configmap/settings labeled\n');
    expect(await c.ok(['annotate', 'cm', 'settings', '-n', 'shop', 'note=hello'])).toBe('configmap/settings annotated\n');
    await c.ok(['patch', 'deploy', 'web', '-n', 'shop', '-p', '{"spec":{"replicas":4}}']);
    await c.ok(['patch', 'deploy', 'web', '-n', 'shop', '--type=merge', '-p', '{"spec":{"replicas":5}}']);
    await c.ok(['patch', 'deploy', 'web', '-n', 'shop', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":6}]']);
    const out = await c.ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']);
    expect(out).toBe('6');
    expect(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.metadata.labels.env},{.metadata.annotations.note}'])).toBe(
      'prod,hello',
    );
    // A strategic merge patch keyed by container name changes one container, keeps the rest.
    await c.ok(['patch', 'deploy', 'web', '-n', 'shop', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}']);
    expect(await c.ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}'])).toBe('nginx:1.27 80');
  });

  it('scales through the scale subresource', async () => {
    expect(await c.ok(['scale', 'deploy', 'web', '-n', 'shop', '--replicas=2'])).toBe('deployment.apps/web scaled\n');
    expect(await c.ok(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
  });

  it('edits with $EDITOR', async () => {
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/color: green/color: purple/" "$1"\n', { mode: 0o755 });
    expect(await c.ok(['edit', 'cm', 'settings', '-n', 'shop'], { env: { EDITOR: editor } })).toBe('configmap/settings edited\n');
    expect(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}'])).toBe('purple');
  });

  it('refuses a stale update with 409 Conflict and keeps the newer object', async () => {
    const stale = await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'json']);
    await c.ok(['patch', 'cm', 'settings', '-n', 'shop', '--type=merge', '-p', '{"data":{"color":"teal"}}']);
    const replaced = stale.replace('"purple"', '"orange"');
    const r = await c.kubectl(['replace', '-f', '-'], { input: replaced });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}'])).toBe('teal');
  });

  it('refuses a body over 3 MiB with 413 and stores nothing', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge, namespace: shop}\ndata:\n  blob: "${'x'.repeat(3.2 * 1024 * 1024)}"\n`;
    const file = join(dir, 'big.yaml');
    writeFileSync(file, big);
    const r = await c.kubectl(['create', '-f', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Request entity too large: limit is 3145728');
    expect((await c.kubectl(['get', 'cm', 'huge', '-n', 'shop'])).status).toBe(1);
  });

  it('reports a malformed manifest without contacting the server', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [oops\n' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error (converting YAML to JSON|parsing)/);
  });

  it('warns about unknown fields by default and refuses them with --validate=strict', async () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: shop}\ndatta: {a: "1"}\n';
    const strict = await c.kubectl(['create', '-f', '-'], { input: doc });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('unknown field "datta"');
    const warn = await c.kubectl(['create', '-f', '-', '--validate=warn'], { input: doc });
    expect(warn.status).toBe(0);
    expect(warn.stderr).toContain('Warning: unknown field "datta"');
    expect(await c.ok(['get', 'cm', 'typo', '-n', 'shop', '-o', 'json'])).not.toContain('datta');
  });

  it('keeps every object across a daemon restart', async () => {
    const before = await c.ok(['get', 'cm,secret,deploy,svc', '-n', 'shop', '-o', 'name']);
    await c.restart();
    expect(await c.ok(['get', 'cm,secret,deploy,svc', '-n', 'shop', '-o', 'name'])).toBe(before);
    expect(await c.ok(['get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}'])).toBe('teal');
  });
});
