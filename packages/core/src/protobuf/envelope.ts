/**
 * The envelope every Kubernetes protobuf body comes in: the four bytes `k8s\0`, then a
 * runtime.Unknown message holding the object's typeMeta {apiVersion, kind}, its raw bytes
 * (the object's own message), a contentEncoding (always empty today) and a contentType
 * (empty or the protobuf media type). See k8s.io/apimachinery/pkg/runtime/serializer/protobuf.
 */
import { ProtobufDecodeError } from './errors.js';
import { readFields } from './read-fields.js';
import type { Schema } from './schema.js';

export const KUBERNETES_PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function readEnvelope(schema: Schema, body: Uint8Array): Envelope {
  if (body.length < 4 || !KUBERNETES_PROTOBUF_MAGIC.every((b, i) => body[i] === b)) {
    throw new ProtobufDecodeError('protobuf: the body does not start with the Kubernetes protobuf prefix "k8s\\x00"');
  }
  const unknown = values(schema, 'runtime.Unknown', body.subarray(4));
  const typeMeta = values(schema, 'runtime.TypeMeta', (unknown['typeMeta'] as Uint8Array | undefined) ?? new Uint8Array(0));
  return {
    apiVersion: (typeMeta['apiVersion'] as string | undefined) ?? '',
    kind: (typeMeta['kind'] as string | undefined) ?? '',
    raw: (unknown['raw'] as Uint8Array | undefined) ?? new Uint8Array(0),
    contentEncoding: (unknown['contentEncoding'] as string | undefined) ?? '',
    contentType: (unknown['contentType'] as string | undefined) ?? '',
  };
}

/** A message's singular fields by name: scalars as read, messages as their bytes. */
function values(schema: Schema, name: string, bytes: Uint8Array): Record<string, unknown> {
  const msg = schema.message(name);
  if (!msg) throw new Error(`protobuf schema: ${name} is missing`);
  const out: Record<string, unknown> = {};
  for (const [field, got] of readFields(msg, bytes)) {
    if (got.kind === 'scalar') out[field.json] = got.value;
    else if (got.kind === 'message') out[field.json] = got.chunks[got.chunks.length - 1];
  }
  return out;
}
