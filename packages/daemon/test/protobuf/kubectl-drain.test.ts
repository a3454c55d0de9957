/**
 * `kubectl drain` removes a node's pods through its typed client: a policy/v1 Eviction per
 * pod when discovery lists pods/eviction with its group and version (kubectl 1.32 sends it as
 * JSON), else a DELETE carrying DeleteOptions as protobuf. Either body must decode to what
 * kubectl meant.
 */
import { decodeKubernetesProtobuf } from '@kubelab/core/protobuf/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoggedRequest, loggedRequests, protobufRequests } from './kubectl-bodies.js';
import { type KubelabdProcess, kubectlPresent, startKubelabd } from './kubelabd-process.js';

let k: KubelabdProcess;

async function nodeWithPods(node: string, pods: string[]): Promise<void> {
  await k.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: node } }));
  for (const pod of pods) await k.ok(['run', pod, '--image=nginx', `--overrides=${JSON.stringify({ spec: { nodeName: node } })}`]);
}

/** What kubectl sends to remove one pod with a zero grace period, by the request it chose. */
function removal(method: string, url: string): unknown {
  const path = new URL(url).pathname;
  const pod = /\/pods\/([^/]+)/.exec(path)![1]!;
  if (method === 'POST' && path.endsWith('/eviction')) {
    return {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod, namespace: 'default', creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 0 },
    };
  }
  return { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 };
}

function decodeBody(r: LoggedRequest): unknown {
  return r.contentType.startsWith('application/vnd.kubernetes.protobuf') ? decodeKubernetesProtobuf(r.body) : JSON.parse(r.body.toString('utf8'));
}

describe.skipIf(!kubectlPresent())('kubectl drain', () => {
  beforeAll(async () => {
    k = await startKubelabd();
  });

  afterAll(async () => {
    await k?.stop();
  });

  it('evicts every pod of the node with the grace period it was given', async () => {
    await nodeWithPods('pb-drain', ['one', 'two']);
    const run = await k.kubectl(['drain', 'pb-drain', '--force', '--grace-period=0', '--timeout=30s', '-v=10']);
    const sent = loggedRequests(run.stderr).filter((r) => r.url.includes('/eviction'));
    expect(sent.map((r) => /\/pods\/([^/]+)/.exec(r.url)?.[1]).sort()).toEqual(['one', 'two']);
    for (const r of sent) expect(decodeBody(r)).toEqual(removal(r.method, r.url));
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    expect(await k.ok(['get', 'pods', '-o', 'name'])).toBe('');
    expect(await k.ok(['get', 'node', 'pb-drain', '-o', 'jsonpath={.spec.unschedulable}'])).toBe('true');
  });

  it('with --disable-eviction, deletes the pods with DeleteOptions', async () => {
    await nodeWithPods('pb-drain-2', ['three']);
    const run = await k.kubectl(['drain', 'pb-drain-2', '--force', '--grace-period=0', '--disable-eviction', '--timeout=30s', '-v=10']);
    const sent = protobufRequests(run.stderr);
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['DELETE /api/v1/namespaces/default/pods/three']);
    expect(decodeKubernetesProtobuf(sent[0]!.body)).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    expect(await k.ok(['get', 'pods', '-o', 'name'])).toBe('');
  });
});
