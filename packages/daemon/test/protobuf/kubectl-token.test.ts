/**
 * `kubectl create token` posts an authentication.k8s.io/v1 TokenRequest as protobuf to the
 * service account's token subresource; the token kubelab issues carries what was asked for.
 */
import { decodeKubernetesProtobuf } from '@kubelab/core/protobuf/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protobufRequests } from './kubectl-bodies.js';
import { type KubelabdProcess, kubectlPresent, startKubelabd } from './kubelabd-process.js';

let k: KubelabdProcess;

describe.skipIf(!kubectlPresent())('kubectl create token', () => {
  beforeAll(async () => {
    k = await startKubelabd();
    await k.ok(['create', 'serviceaccount', 'robot']);
  });

  afterAll(async () => {
    await k?.stop();
  });

  it('sends a TokenRequest whose audiences and duration the issued token carries', async () => {
    const run = await k.kubectl(['create', 'token', 'robot', '--audience=vault', '--audience=api', '--duration=30m', '-v=10']);
    const sent = protobufRequests(run.stderr);
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /api/v1/namespaces/default/serviceaccounts/robot/token']);
    // What encoding/json prints for the TokenRequest kubectl builds.
    expect(decodeKubernetesProtobuf(sent[0]!.body)).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { creationTimestamp: null },
      spec: { audiences: ['vault', 'api'], expirationSeconds: 1800, boundObjectRef: null },
      status: { token: '', expirationTimestamp: null },
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const claims = JSON.parse(Buffer.from(run.stdout.trim().split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims['aud']).toEqual(['vault', 'api']);
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(1800);
    expect(claims['sub']).toBe('system:serviceaccount:default:robot');
  });
});
