/**
 * The real kubectl 1.32 creates objects through its typed clients, which send protobuf. For
 * each command: the protobuf body kubectl sent decodes to exactly the JSON kubectl prints for
 * the same object with --dry-run=client -o json, the daemon accepts it, and the object read
 * back keeps everything kubectl sent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeKubernetesProtobuf } from '@kubelab/core/protobuf/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protobufRequests } from './kubectl-bodies.js';
import { type KubelabdProcess, kubectlPresent, startKubelabd } from './kubelabd-process.js';
import { lostOrChanged } from './server-kept.js';

const NS = 'pb';
let k: KubelabdProcess;
let files: string;

interface Case {
  /** What the test says kubectl does. */
  does: string;
  args: string[];
  /** The object to read back: resource, name, and whether it lives in NS. */
  get: [resource: string, name: string, namespaced: boolean];
}

const ns = (args: string[]) => withFlags(args, '-n', NS);

/** Flags go before a `--`, after which everything is the container's command. */
function withFlags(args: string[], ...flags: string[]): string[] {
  const dash = args.indexOf('--');
  return dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)];
}

const CASES: Case[] = [
  { does: 'creates a namespace', args: ['create', 'namespace', NS], get: ['namespace', NS, false] },
  {
    does: 'creates a config map with text and binary data',
    args: ns(['create', 'configmap', 'settings', '--from-literal=color=blue', '--from-literal=size=10', `--from-file=blob=${'FILES'}/blob.bin`]),
    get: ['configmap', 'settings', true],
  },
  {
    does: 'creates a generic secret, its data as base64 bytes',
    args: ns(['create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2', '--from-literal=empty=', '--type=Opaque']),
    get: ['secret', 'creds', true],
  },
  {
    does: 'creates a docker-registry secret',
    args: ns(['create', 'secret', 'docker-registry', 'pull', '--docker-server=registry.example', '--docker-username=u', '--docker-password=p']),
    get: ['secret', 'pull', true],
  },
  {
    does: 'creates a deployment with replicas and a port',
    args: ns(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80']),
    get: ['deployment', 'web', true],
  },
  {
    does: 'creates a deployment with zero replicas, keeping the zero',
    args: ns(['create', 'deployment', 'idle', '--image=nginx:1.25', '--replicas=0']),
    get: ['deployment', 'idle', true],
  },
  {
    does: 'creates a ClusterIP service with numeric and named target ports',
    args: ns(['create', 'service', 'clusterip', 'api', '--tcp=80:8080', '--tcp=443:https']),
    get: ['service', 'api', true],
  },
  {
    does: 'creates a headless service',
    args: ns(['create', 'service', 'clusterip', 'headless', '--clusterip=None', '--tcp=5432']),
    get: ['service', 'headless', true],
  },
  {
    does: 'creates a NodePort service with a fixed node port',
    args: ns(['create', 'service', 'nodeport', 'edge', '--tcp=80:8080', '--node-port=30080']),
    get: ['service', 'edge', true],
  },
  {
    does: 'creates a job with a command',
    args: ns(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi']),
    get: ['job', 'once', true],
  },
  {
    does: 'creates a cron job',
    args: ns(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'date']),
    get: ['cronjob', 'tick', true],
  },
  { does: 'creates a service account', args: ns(['create', 'serviceaccount', 'robot']), get: ['serviceaccount', 'robot', true] },
  {
    does: 'creates a resource quota with quantities and scopes',
    args: ns(['create', 'quota', 'limits', '--hard=pods=10,cpu=2500m,memory=1Gi', '--scopes=NotTerminating']),
    get: ['resourcequota', 'limits', true],
  },
  {
    does: 'creates a role',
    args: ns(['create', 'role', 'reader', '--verb=get,list,watch', '--resource=pods,configmaps', '--resource-name=settings']),
    get: ['role', 'reader', true],
  },
  {
    does: 'creates a role binding to a service account and a user',
    args: ns(['create', 'rolebinding', 'read', '--role=reader', `--serviceaccount=${NS}:robot`, '--user=alice']),
    get: ['rolebinding', 'read', true],
  },
  {
    does: 'creates a cluster role with resource and non-resource rules',
    args: ['create', 'clusterrole', 'pb-node-reader', '--verb=get', '--resource=nodes', '--non-resource-url=/healthz'],
    get: ['clusterrole', 'pb-node-reader', false],
  },
  {
    does: 'creates an aggregated cluster role',
    args: ['create', 'clusterrole', 'pb-aggregate', '--aggregation-rule=pb.example.com/aggregate=true'],
    get: ['clusterrole', 'pb-aggregate', false],
  },
  {
    does: 'creates a cluster role binding to a user and a group',
    args: ['create', 'clusterrolebinding', 'pb-bob', '--clusterrole=pb-node-reader', '--user=bob', '--group=devs'],
    get: ['clusterrolebinding', 'pb-bob', false],
  },
  {
    does: 'creates a pod disruption budget with a percentage',
    args: ns(['create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=50%']),
    get: ['pdb', 'web-pdb', true],
  },
  {
    does: 'creates a pod disruption budget with a count',
    args: ns(['create', 'pdb', 'idle-pdb', '--selector=app=idle', '--max-unavailable=1']),
    get: ['pdb', 'idle-pdb', true],
  },
  {
    does: 'creates a priority class',
    args: ['create', 'priorityclass', 'pb-high', '--value=1000000', '--description=important', '--preemption-policy=Never'],
    get: ['priorityclass', 'pb-high', false],
  },
  {
    does: 'creates a priority class with a negative value',
    args: ['create', 'priorityclass', 'pb-low', '--value=-10'],
    get: ['priorityclass', 'pb-low', false],
  },
];

describe.skipIf(!kubectlPresent())('kubectl typed clients send protobuf, and kubelab decodes it', () => {
  beforeAll(async () => {
    k = await startKubelabd();
    files = mkdtempSync(join(tmpdir(), 'kubelab-pb-files-'));
    // Bytes that are not UTF-8 make kubectl put the file in binaryData.
    writeFileSync(join(files, 'blob.bin'), Buffer.from([0xff, 0x00, 0xfe, 0x10, 0x80]));
  });

  afterAll(async () => {
    await k?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`kubectl ${c.does}`, async () => {
      const args = c.args.map((a) => a.replace('FILES', files));
      const expected = JSON.parse(await k.ok(withFlags(args, '--dry-run=client', '-o', 'json'))) as Record<string, unknown>;
      const run = await k.kubectl(withFlags(args, '-v=10'));
      const sent = protobufRequests(run.stderr).filter((r) => r.method === 'POST');
      expect(sent).toHaveLength(1);
      expect(decodeKubernetesProtobuf(sent[0]!.body)).toEqual(expected);
      expect(run.status, run.stderr.slice(-3000)).toBe(0);
      const [resource, name, namespaced] = c.get;
      const kept = JSON.parse(await k.ok(['get', resource, name, ...(namespaced ? ['-n', NS] : []), '-o', 'json'])) as unknown;
      expect(lostOrChanged(expected, kept)).toEqual([]);
    });
  }
});
