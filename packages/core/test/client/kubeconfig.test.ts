import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError, loadConnection, parseKubeconfig, resolveConnection } from '../../src/client/kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** The shape kubelabd writes (kubelabd/credentials.ts). */
const KUBELAB = `apiVersion: v1
kind: Config
clusters:
  - name: kubelab
    cluster:
      server: https://127.0.0.1:6443
      certificate-authority-data: ${Buffer.from(CA).toString('base64')}
users:
  - name: kubelab
    user:
      token: s3cret
contexts:
  - name: kubelab
    context:
      cluster: kubelab
      user: kubelab
      namespace: default
  - name: other
    context:
      cluster: kubelab
      user: nobody
      namespace: team-a
current-context: kubelab
preferences: {}
`;

describe('kubeconfig', () => {
  it('resolves the current context to server, CA, token and namespace', () => {
    const conn = resolveConnection(parseKubeconfig(KUBELAB));
    expect(conn).toEqual({ context: 'kubelab', server: 'https://127.0.0.1:6443', caPem: CA, token: 's3cret', namespace: 'default' });
  });

  it('honours a context, namespace and token chosen on the command line', () => {
    const conn = resolveConnection(parseKubeconfig(KUBELAB), { context: 'other', namespace: 'team-b' });
    expect(conn.namespace).toBe('team-b');
    expect(conn.token).toBeUndefined();
    expect(resolveConnection(parseKubeconfig(KUBELAB), { token: 't2' }).token).toBe('t2');
  });

  it('says which context is missing', () => {
    expect(() => resolveConnection(parseKubeconfig(KUBELAB), { context: 'nope' })).toThrow(new KubeconfigError('kubeconfig: context "nope" does not exist'));
  });

  it('merges several files with the first definition of a name winning, and reads relative CA and token files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    writeFileSync(join(dir, 'ca.crt'), CA);
    writeFileSync(join(dir, 'token'), 'from-file\n');
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    writeFileSync(
      first,
      `clusters: [{name: c, cluster: {server: "https://first:1", certificate-authority: ca.crt}}]
users: [{name: u, user: {tokenFile: token}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
current-context: ctx
`,
    );
    writeFileSync(second, `clusters: [{name: c, cluster: {server: "https://second:2"}}]\ncurrent-context: other\n`);
    const conn = await loadConnection([first, join(dir, 'missing'), second]);
    expect(conn).toEqual({ context: 'ctx', server: 'https://first:1', caPem: CA, token: 'from-file', namespace: 'default' });
  });
});
