import { bytes, entry, envelope, int, lengthDelimited, message, str } from '../../test/protobuf/wire-builder.js';
import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError, decodeKubernetesProtobuf, isKubernetesProtobuf } from './index.js';

describe('decodeKubernetesProtobuf', () => {
  it('decodes the bytes kubectl 1.32 sends for `kubectl create configmap cmx --from-literal=a=b`', () => {
    // Captured from `kubectl create configmap cmx --from-literal=a=b -v=9`.
    const body = Buffer.from(
      '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03636d7812001a0022002a0032003800420012060a0161120162' + '1a002200',
      'hex',
    );
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cmx', creationTimestamp: null },
      data: { a: 'b' },
    });
  });

  it('takes apiVersion and kind from the envelope', () => {
    const body = envelope('apps/v1', 'Deployment', [...message(1, str(1, 'web')), ...message(2, int(1, 0))]);
    expect(decodeKubernetesProtobuf(body)).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 0 } });
  });

  it('decodes an Eviction with its DeleteOptions', () => {
    const body = envelope('policy/v1', 'Eviction', [...message(1, str(1, 'web-1'), str(3, 'shop')), ...message(2, int(1, 0), message(2, str(1, 'uid-1')))]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'shop', creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' } },
    });
  });

  it('decodes DeleteOptions sent in a group version as meta/v1 DeleteOptions', () => {
    const body = envelope('v1', 'DeleteOptions', [...int(1, 30), ...str(4, 'Foreground'), ...str(5, 'All')]);
    expect(decodeKubernetesProtobuf(body)).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 30, propagationPolicy: 'Foreground', dryRun: ['All'] });
  });

  it('decodes a Scale and a Binding', () => {
    expect(decodeKubernetesProtobuf(envelope('autoscaling/v1', 'Scale', [...message(1, str(1, 'web')), ...message(2, int(1, 5))]))).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', creationTimestamp: null },
      spec: { replicas: 5 },
      status: { replicas: 0 },
    });
    expect(decodeKubernetesProtobuf(envelope('v1', 'Binding', [...message(1, str(1, 'p')), ...message(2, str(1, 'Node'), str(3, 'node-1'))]))).toEqual({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p', creationTimestamp: null },
      target: { kind: 'Node', name: 'node-1' },
    });
  });

  it('decodes a Secret\'s data to base64, as it is in JSON', () => {
    const body = envelope('v1', 'Secret', [...message(1, str(1, 's')), ...entry(2, 'password', lengthDelimited(2, [...Buffer.from('hunter2')])), ...str(3, 'Opaque')]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', creationTimestamp: null },
      data: { password: 'aHVudGVyMg==' },
      type: 'Opaque',
    });
  });

  it('refuses a body without the k8s\\0 prefix as malformed', () => {
    const err = catchError(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}')));
    expect(err).toBeInstanceOf(ProtobufDecodeError);
    expect(err).toMatchObject({ reason: 'malformed', message: expect.stringContaining('"k8s\\x00"') });
  });

  it('refuses an envelope without a kind as malformed', () => {
    expect(catchError(() => decodeKubernetesProtobuf(envelope('v1', '', [])))).toMatchObject({ reason: 'malformed' });
  });

  it('refuses a kind kubelab has no table for as unsupported', () => {
    const err = catchError(() => decodeKubernetesProtobuf(envelope('networking.k8s.io/v1', 'Ingress', [])));
    expect(err).toMatchObject({ reason: 'unsupported', message: expect.stringContaining('Ingress in networking.k8s.io/v1') });
  });

  it('refuses a compressed body as unsupported', () => {
    expect(catchError(() => decodeKubernetesProtobuf(envelope('v1', 'Pod', [], 'gzip')))).toMatchObject({ reason: 'unsupported' });
  });

  it('refuses a truncated object as malformed, naming the message', () => {
    // metadata.name claims 5 bytes and has 3.
    const body = envelope('v1', 'Pod', lengthDelimited(1, [0x0a, 0x05, ...Buffer.from('web')]));
    expect(catchError(() => decodeKubernetesProtobuf(body))).toMatchObject({ reason: 'malformed', message: expect.stringContaining('meta.v1.ObjectMeta') });
  });
});

describe('isKubernetesProtobuf', () => {
  it('recognises the media type with or without parameters, and nothing else', () => {
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf')).toBe(true);
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf; charset=binary')).toBe(true);
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf;stream=watch')).toBe(true);
    expect(isKubernetesProtobuf('application/json')).toBe(false);
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuffer')).toBe(false);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
