/**
 * kubelab get and describe print what the real kubectl prints for the same objects on the
 * same cluster, byte for byte (stdout, stderr with "kubectl" read as "kubelab", exit code).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt, printedKubeconfig } from '../support/lab.js';
import { sameAsKubectl } from '../support/parity.js';

const MANIFEST = fileURLToPath(new URL('./fixtures/parity.yaml', import.meta.url));
const lab = new Lab();
let kubeconfig = '';

beforeAll(async () => {
  assertBuilt();
  const up = await lab.kubelab('up', '--nodes', '2');
  expect(up.code).toBe(0);
  kubeconfig = printedKubeconfig(up.stdout);
  expect((await lab.kubectl(kubeconfig, 'apply', '-f', MANIFEST)).code).toBe(0);
  // Let the controllers settle where they can (without nodes or a scheduler they do not).
  await lab.kubectl(kubeconfig, 'rollout', 'status', 'deployment/web', '-n', 'parity', '--timeout=30s');
  await lab.kubectl(kubeconfig, 'wait', '--for=condition=Complete', 'job/once', '-n', 'parity', '--timeout=20s');
  // kubeadm's system pods too: the static ones turn Ready after their startup probes (10 s).
  await lab.kubectl(kubeconfig, 'wait', '--for=condition=Ready', 'pods', '--all', '-n', 'kube-system', '--timeout=60s');
}, 120_000);
afterAll(() => lab.cleanup());

const GET = [
  ['get', 'pods', '-n', 'parity'],
  ['get', 'all', '-n', 'parity'],
  ['get', 'all', '-A'],
  ['get', 'deploy,svc', '-n', 'parity', '-o', 'wide'],
  ['get', 'nodes'],
  ['get', 'nodes', '-o', 'wide', '--show-labels'],
  ['get', 'ns', '-L', 'purpose', '--sort-by=.metadata.name'],
  ['get', 'cm,secret', '-n', 'parity', '--no-headers'],
  ['get', 'pv,pvc', '-A'],
  ['get', 'deployment/web', 'svc/web', '-n', 'parity', '-o', 'name'],
  ['get', 'deploy', 'web', '-n', 'parity', '-o', 'yaml'],
  ['get', 'svc', '-n', 'parity', '-o', 'json'],
  ['get', 'pods', '-n', 'parity', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name}{" "}{.spec.containers[0].image}{"\\n"}{end}'],
  ['get', 'deploy', '-n', 'parity', '-o', 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[*].image'],
  ['get', 'pods', '-n', 'kube-system'],
  ['get', 'events', '-n', 'parity', '--field-selector', 'involvedObject.kind=Deployment'],
  ['get', 'pods', 'nope', 'web', '-n', 'parity'],
  ['get', 'foo'],
];

const DESCRIBE = [
  ['describe', 'deployment', 'web', '-n', 'parity'],
  ['describe', 'pods', '-n', 'parity', '-l', 'app=web'],
  ['describe', 'replicasets', '-n', 'parity'],
  ['describe', 'service', 'web', '-n', 'parity'],
  ['describe', 'nodes'],
  ['describe', 'namespace', 'parity'],
  ['describe', 'configmap', 'settings', '-n', 'parity'],
  ['describe', 'secret', 'db', '-n', 'parity'],
  ['describe', 'job', 'once', '-n', 'parity'],
  ['describe', 'daemonset', 'agent', '-n', 'parity'],
  ['describe', 'statefulset', 'store', '-n', 'parity'],
  ['describe', 'pvc', 'claim', '-n', 'parity'],
  ['describe', 'pv', 'pv-parity'],
  ['describe', 'serviceaccount', 'default', '-n', 'parity'],
  ['describe', 'pod', 'nope', '-n', 'parity'],
];

describe('kubelab get prints what kubectl get prints', () => {
  it.each(GET.map((a) => [a.join(' '), a]))('%s', async (_, args) => {
    const { ours, theirs } = await sameAsKubectl(lab, kubeconfig, args as string[]);
    expect(ours).toEqual(theirs);
  });
});

describe('kubelab describe prints what kubectl describe prints', () => {
  it.each(DESCRIBE.map((a) => [a.join(' '), a]))('%s', async (_, args) => {
    const { ours, theirs } = await sameAsKubectl(lab, kubeconfig, args as string[]);
    expect(ours).toEqual(theirs);
  });
});

describe('other read commands print what kubectl prints', () => {
  it.each([
    ['api-resources'],
    ['api-resources', '-o', 'wide', '--namespaced=false'],
    ['events', '-n', 'parity', '--for', 'deployment/web'],
    ['top', 'nodes'],
    ['config', 'get-contexts'],
    ['config', 'view', '--minify'],
    ['rollout', 'history', 'deployment/web', '-n', 'parity'],
  ])('%s', async (...args) => {
    const { ours, theirs } = await sameAsKubectl(lab, kubeconfig, args as string[]);
    expect(ours).toEqual(theirs);
  });
});
