/**
 * Kubernetes protobuf request bodies, decoded into the JSON objects the API would have
 * received as JSON. kubectl's typed clients (create, run, drain, create token, ...) send
 * `application/vnd.kubernetes.protobuf` bodies and never fall back to JSON, so the API server
 * decodes them here and handles the result like any JSON body.
 *
 *   decodeKubernetesProtobuf(body)  → { apiVersion, kind, metadata, spec, ... }
 */
import { MessageDecoder } from './decode.js';
import { readEnvelope } from './envelope.js';
import { ProtobufDecodeError } from './errors.js';
import { messageNameFor } from './kinds.js';
import { Schema } from './schema.js';
import { ALL_TABLES } from './tables/index.js';

export { ProtobufDecodeError } from './errors.js';

export const KUBERNETES_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** True for `application/vnd.kubernetes.protobuf`, with or without parameters. */
export function isKubernetesProtobuf(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === KUBERNETES_PROTOBUF_MEDIA_TYPE;
}

let shared: { schema: Schema; decoder: MessageDecoder } | undefined;

/** The schema of every table, built on first use. */
export function protobufSchema(): Schema {
  return decoding().schema;
}

/**
 * Decodes an enveloped protobuf object. The apiVersion and kind come from the envelope, the
 * rest from the object's message. Throws ProtobufDecodeError: `malformed` for bytes that are
 * not a valid message, `unsupported` for a kind or content encoding kubelab has no table for.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  const { schema, decoder } = decoding();
  const envelope = readEnvelope(schema, body);
  if (envelope.contentEncoding !== '') {
    throw new ProtobufDecodeError(`protobuf: content encoding "${envelope.contentEncoding}" is not supported`, 'unsupported');
  }
  if (envelope.kind === '' || envelope.apiVersion === '') {
    throw new ProtobufDecodeError('protobuf: the envelope does not name the object\'s apiVersion and kind');
  }
  const name = messageNameFor(envelope.apiVersion, envelope.kind, (n) => schema.message(n) !== undefined);
  if (!name) {
    throw new ProtobufDecodeError(`protobuf: kubelab cannot decode ${envelope.kind} in ${envelope.apiVersion} from protobuf; send it as JSON`, 'unsupported');
  }
  const object = decoder.decode(name, envelope.raw) as Record<string, unknown>;
  return { apiVersion: envelope.apiVersion, kind: envelope.kind, ...object };
}

function decoding(): { schema: Schema; decoder: MessageDecoder } {
  if (!shared) {
    const schema = new Schema(ALL_TABLES);
    shared = { schema, decoder: new MessageDecoder(schema) };
  }
  return shared;
}
