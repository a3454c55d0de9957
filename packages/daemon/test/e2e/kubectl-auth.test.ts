/**
 * `kubectl auth can-i` and `kubectl auth whoami` against kubelabd: access reviews answered
 * from RBAC (the bootstrap roles, and Roles and bindings a learner creates), impersonation
 * with --as, and the rules list of --list. RBAC is answered here, not yet enforced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();

const RBAC = `apiVersion: v1
kind: Namespace
metadata: {name: dev}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: reader, namespace: dev}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: dev}
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: dev}
subjects:
- kind: ServiceAccount
  name: reader
  namespace: dev
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: jane-edits, namespace: dev}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
`;

describe.skipIf(!ok)('kubectl auth', () => {
  let c: TestCluster;
  const SA = 'system:serviceaccount:dev:reader';

  beforeAll(async () => {
    c = await startCluster();
    await c.ok(['apply', '-f', '-'], { input: RBAC });
  }, 60_000);

  afterAll(async () => c?.stop());

  it('says yes to the admin, who is kubernetes-admin in kubeadm:cluster-admins', async () => {
    expect(await c.kubectl(['auth', 'can-i', 'create', 'deployments'])).toMatchObject({ status: 0, stdout: 'yes\n' });
    expect(await c.kubectl(['auth', 'can-i', '*', '*', '--all-namespaces'])).toMatchObject({ status: 0, stdout: 'yes\n' });
    const who = await c.kubectl(['auth', 'whoami']);
    expect(who.status).toBe(0);
    expect(who.stdout).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+kubernetes-admin\nGroups\s+\[kubeadm:cluster-admins system:authenticated\]\n$/);
  });

  it('answers for a service account through its RoleBinding, and exits 1 on no', async () => {
    expect(await c.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'dev', `--as=${SA}`])).toMatchObject({ status: 0, stdout: 'yes\n' });
    expect(await c.kubectl(['auth', 'can-i', 'get', 'pods/log', '-n', 'dev', `--as=${SA}`])).toMatchObject({ status: 0, stdout: 'yes\n' });
    expect(await c.kubectl(['auth', 'can-i', 'delete', 'pods', '-n', 'dev', `--as=${SA}`])).toMatchObject({ status: 1, stdout: 'no\n' });
    expect(await c.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'default', `--as=${SA}`])).toMatchObject({ status: 1, stdout: 'no\n' });
    expect(await c.kubectl(['auth', 'can-i', 'list', 'secrets', '-n', 'dev', `--as=${SA}`])).toMatchObject({ status: 1, stdout: 'no\n' });
  });

  it('resolves a ClusterRole bound in a namespace, for a user', async () => {
    expect(await c.kubectl(['auth', 'can-i', 'create', 'deployments.apps', '-n', 'dev', '--as=jane'])).toMatchObject({ status: 0, stdout: 'yes\n' });
    expect(await c.kubectl(['auth', 'can-i', 'create', 'roles', '-n', 'dev', '--as=jane'])).toMatchObject({ status: 1, stdout: 'no\n' });
    expect(await c.kubectl(['auth', 'can-i', 'create', 'deployments', '-n', 'default', '--as=jane'])).toMatchObject({ status: 1, stdout: 'no\n' });
  });

  it('lists what a subject may do with --list', async () => {
    const r = await c.kubectl(['auth', 'can-i', '--list', '-n', 'dev', `--as=${SA}`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
    expect(r.stdout).toMatch(/\npods\s+\[\]\s+\[\]\s+\[get list watch\]\n/);
    expect(r.stdout).toMatch(/\npods\/log\s+\[\]\s+\[\]\s+\[get list watch\]\n/);
    expect(r.stdout).toMatch(/selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
  });
});
