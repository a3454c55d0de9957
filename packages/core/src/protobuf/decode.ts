/**
 * Decodes a protobuf message into the JSON the same Go object marshals to, so a body sent as
 * protobuf becomes exactly what the client would have sent as JSON. The Go object is what
 * gogo-generated Unmarshal fills in: fields on the wire get their values, every other field
 * keeps its Go zero value. encoding/json then prints it field by field:
 *
 *   - a scalar prints its value, unless the tag says omitempty and the value is zero
 *     (go-to-protobuf writes non-pointer scalars even when zero, so the wire cannot tell
 *     "unset" from "zero"; omitempty is what decides, as it does in Go);
 *   - a pointer (`*T`) prints when it was on the wire, even when zero (`replicas: 0`);
 *     when absent it is nil: left out under omitempty, else null;
 *   - a struct always prints (omitempty never drops structs in Go), decoded from the empty
 *     message when absent: `"status": {}`, `"creationTimestamp": null`;
 *   - lists and maps print when not empty; an empty one is nil: left out under omitempty,
 *     else null (`"containers": null`);
 *   - an inline struct's fields print in the parent;
 *   - bytes print as base64, int64 as numbers, well-known types as ./well-known.ts says.
 */
import { ProtobufDecodeError } from './errors.js';
import { type Collected, type ScalarValue, readFields, zeroScalar } from './read-fields.js';
import type { FieldSchema, Schema } from './schema.js';
import { WELL_KNOWN } from './well-known.js';

/** Deeper than any Kubernetes object nests; guards the stack against hostile bodies. */
const MAX_DEPTH = 100;
const EMPTY = new Uint8Array(0);

export class MessageDecoder {
  constructor(private readonly schema: Schema) {}

  /** The JSON value of a message: an object, or a well-known type's own form. */
  decode(messageName: string, bytes: Uint8Array, depth = 0): unknown {
    const msg = this.schema.message(messageName);
    if (!msg) throw new ProtobufDecodeError(`protobuf: no schema for message ${messageName}`, 'unsupported');
    if (depth > MAX_DEPTH) throw new ProtobufDecodeError(`protobuf: ${messageName} is nested more than ${MAX_DEPTH} deep`);
    const fields = readFields(msg, bytes);
    const wellKnown = WELL_KNOWN.get(msg.name);
    if (wellKnown) return wellKnown(wireValues(fields), bytes.length);
    const out: Record<string, unknown> = {};
    for (const field of msg.fields) this.put(out, field, fields.get(field), depth);
    return out;
  }

  private put(out: Record<string, unknown>, field: FieldSchema, got: Collected | undefined, depth: number): void {
    const { value } = field;
    if ('message' in value) {
      if (field.shape === 'single') {
        const decoded = this.decode(value.message, got?.kind === 'message' ? concat(got.chunks) : EMPTY, depth + 1);
        if (field.inline) Object.assign(out, decoded);
        else out[field.json] = decoded;
        return;
      }
      if (field.shape === 'pointer' && got?.kind === 'message') {
        out[field.json] = this.decode(value.message, concat(got.chunks), depth + 1);
        return;
      }
    } else if (field.shape === 'single') {
      // A bytes field never set is a nil slice, which prints as null; other scalars are zero.
      const v = got?.kind === 'scalar' ? got.value : value.scalar === 'bytes' ? undefined : zeroScalar(value.scalar);
      if (v === undefined || isZero(v)) {
        if (!field.omitempty) out[field.json] = v === undefined ? null : scalarJson(v);
        return;
      }
      out[field.json] = scalarJson(v);
      return;
    } else if (field.shape === 'pointer' && got?.kind === 'scalar') {
      out[field.json] = scalarJson(got.value);
      return;
    }
    if (got?.kind === 'list' && got.items.length > 0) {
      out[field.json] = got.items.map((item) => this.element(field, item, depth));
      return;
    }
    if (got?.kind === 'map' && got.entries.size > 0) {
      const obj: Record<string, unknown> = {};
      // encoding/json prints map keys sorted.
      for (const key of [...got.entries.keys()].sort()) obj[key] = this.element(field, got.entries.get(key)!, depth);
      out[field.json] = obj;
      return;
    }
    // A nil pointer, list or map.
    if (!field.omitempty) out[field.json] = null;
  }

  private element(field: FieldSchema, item: ScalarValue | Uint8Array, depth: number): unknown {
    if ('message' in field.value) return this.decode(field.value.message, item as Uint8Array, depth + 1);
    return scalarJson(item);
  }
}

/** A well-known message's fields by proto name, as wire values (absent ones undefined). */
function wireValues(fields: Map<FieldSchema, Collected>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, got] of fields) {
    if (got.kind === 'scalar') values[field.json] = got.value;
    else if (got.kind === 'message') values[field.json] = concat(got.chunks);
    else if (got.kind === 'list') values[field.json] = got.items;
    else values[field.json] = got.entries;
  }
  return values;
}

function isZero(v: ScalarValue): boolean {
  if (v instanceof Uint8Array) return v.length === 0;
  return v === '' || v === 0 || v === 0n || v === false;
}

function scalarJson(v: ScalarValue | Uint8Array): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  // Beyond ±2^53 a JSON number cannot be exact anyway; a JSON body would have been read the same.
  if (typeof v === 'bigint') return Number(v);
  return v;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
