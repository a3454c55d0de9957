/**
 * `kubectl debug` creates pods through its typed client, so as protobuf: a copy of an
 * existing pod (every field the pod has, which can be anything `kubectl run --overrides`
 * set) and a node debugging pod. The copy's decoded spec must be the original's, field for
 * field — a round trip JSON → kubectl's Go objects → protobuf → kubelab's JSON.
 */
import { decodeKubernetesProtobuf } from '@kubelab/core/protobuf/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protobufRequests } from './kubectl-bodies.js';
import { type KubelabdProcess, kubectlPresent, startKubelabd } from './kubelabd-process.js';
import { lostOrChanged } from './server-kept.js';

let k: KubelabdProcess;

/** Sets fields of many shapes: pointers set to false and zero, the largest allowed int64 deadline, quantities, named ports, inline volume sources. */
const RICH_POD = {
  metadata: { annotations: { team: 'pb' } },
  spec: {
    enableServiceLinks: false,
    automountServiceAccountToken: false,
    activeDeadlineSeconds: 2147483647,
    terminationGracePeriodSeconds: 0,
    nodeSelector: { disk: 'ssd' },
    hostAliases: [{ ip: '10.0.0.9', hostnames: ['db.local'] }],
    dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
    securityContext: { runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000, sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'pb', effect: 'NoExecute', tolerationSeconds: 60 }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'run', operator: 'In', values: ['rich'] }] } } },
        ],
      },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { run: 'rich' } } }],
    initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
    containers: [
      {
        name: 'rich',
        image: 'nginx:1.25',
        ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'EMPTY', value: '' },
        ],
        envFrom: [{ configMapRef: { name: 'settings', optional: true } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
        readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
        livenessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 3 },
        lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [
          { name: 'cfg', mountPath: '/etc/cfg', readOnly: true },
          { name: 'scratch', mountPath: '/tmp' },
        ],
        stdin: true,
        tty: true,
      },
    ],
    volumes: [
      { name: 'cfg', configMap: { name: 'settings', defaultMode: 420, items: [{ key: 'color', path: 'color.txt' }] } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      {
        name: 'proj',
        projected: {
          sources: [
            { serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 't' } },
            { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          ],
        },
      },
    ],
  },
};

describe.skipIf(!kubectlPresent())('kubectl debug sends pods as protobuf', () => {
  beforeAll(async () => {
    k = await startKubelabd();
  });

  afterAll(async () => {
    await k?.stop();
  });

  it('kubectl debug --copy-to sends a copy whose spec is the original pod spec, field for field', async () => {
    // kubectl run sends JSON; the copy kubectl debug makes of it goes out as protobuf.
    await k.ok(['run', 'rich', '--image=nginx:1.25', `--overrides=${JSON.stringify(RICH_POD)}`]);
    const original = JSON.parse(await k.ok(['get', 'pod', 'rich', '-o', 'json'])) as { spec: Record<string, unknown> };
    const run = await k.kubectl(['debug', 'rich', '--copy-to=rich-copy', '--container=dbg', '--image=busybox', '--same-node', '--keep-annotations', '--share-processes=false', '-v=10']);
    const sent = protobufRequests(run.stderr).filter((r) => r.method === 'POST');
    expect(sent).toHaveLength(1);
    const copy = decodeKubernetesProtobuf(sent[0]!.body) as { metadata: unknown; spec: { containers: unknown[] } };

    // kubectl's legacy debug profile drops the labels, so controllers do not adopt the copy.
    expect(copy.metadata).toEqual({ name: 'rich-copy', namespace: 'default', creationTimestamp: null, annotations: { team: 'pb' } });
    // --share-processes=false sets the *bool to false, which must survive as false.
    expect({ ...copy.spec, containers: copy.spec.containers.slice(0, -1) }).toEqual({ ...original.spec, shareProcessNamespace: false });
    expect(copy.spec.containers.at(-1)).toEqual({ name: 'dbg', image: 'busybox', resources: {}, terminationMessagePolicy: 'File' });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const kept = JSON.parse(await k.ok(['get', 'pod', 'rich-copy', '-o', 'json'])) as unknown;
    expect(lostOrChanged(copy, kept)).toEqual([]);
  });

  it('kubectl debug node/<name> sends a privileged pod pinned to the node', async () => {
    await k.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'pb-node' } }));
    const run = await k.kubectl(['debug', 'node/pb-node', '--image=busybox', '-v=10']);
    const sent = protobufRequests(run.stderr).filter((r) => r.method === 'POST');
    expect(sent).toHaveLength(1);
    const pod = decodeKubernetesProtobuf(sent[0]!.body) as { metadata: { name: string }; spec: Record<string, unknown> };

    expect(pod.metadata.name).toMatch(/^node-debugger-pb-node-[a-z0-9]{5}$/);
    expect(pod.spec).toEqual({
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      containers: [{ name: 'debugger', image: 'busybox', resources: {}, volumeMounts: [{ name: 'host-root', mountPath: '/host' }], terminationMessagePolicy: 'File' }],
      restartPolicy: 'Never',
      nodeName: 'pb-node',
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      tolerations: [{ operator: 'Exists' }],
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const kept = JSON.parse(await k.ok(['get', 'pod', pod.metadata.name, '-o', 'json'])) as unknown;
    expect(lostOrChanged(pod, kept)).toEqual([]);
  });
});
