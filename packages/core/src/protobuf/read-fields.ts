/**
 * The first half of decoding a message: walk its bytes and collect each field's wire values
 * by the schema, without building JSON yet. Follows protobuf's parsing rules as gogo-generated
 * Unmarshal code does: a repeated scalar may arrive packed or one per tag; a singular scalar
 * seen twice keeps the last value; a singular message seen twice is merged (its chunks are
 * concatenated, which is what merging means on the wire); a map entry without a key or value
 * has the zero value there. A field number the schema does not know is an error naming the
 * message and the number, so a gap in our tables shows up rather than silently losing data.
 */
import { ProtobufDecodeError } from './errors.js';
import type { FieldSchema, MessageSchema, ScalarKind } from './schema.js';
import {
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
  WireReader,
  toBool,
  toInt32,
  toInt64,
  toUint32,
  toUint64,
} from './wire.js';

/** Invalid UTF-8 becomes U+FFFD, as encoding/json prints it. */
const UTF8 = new TextDecoder();

/** string, number, bigint (int64 beyond ±2^53), boolean, or Uint8Array for bytes. */
export type ScalarValue = string | number | bigint | boolean | Uint8Array;

/** What was read for one field; messages stay as bytes until they are turned into JSON. */
export type Collected =
  | { kind: 'scalar'; value: ScalarValue }
  | { kind: 'message'; chunks: Uint8Array[] }
  | { kind: 'list'; items: Array<ScalarValue | Uint8Array> }
  | { kind: 'map'; entries: Map<string, ScalarValue | Uint8Array> };

export function readFields(msg: MessageSchema, bytes: Uint8Array): Map<FieldSchema, Collected> {
  const out = new Map<FieldSchema, Collected>();
  const reader = new WireReader(bytes, msg.name);
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.tag();
    const field = msg.byNumber.get(fieldNumber);
    if (!field) throw reader.error(`unknown field number ${fieldNumber} (wire type ${wireType})`);
    const where = `${msg.name}.${field.json} (field ${fieldNumber})`;
    const value = field.value;
    if (field.shape === 'map') {
      const entries = ensure(out, field, () => ({ kind: 'map', entries: new Map() })).entries;
      if (wireType !== WIRE_LENGTH_DELIMITED) throw wrongWireType(reader, where, wireType);
      const [key, val] = readMapEntry(reader.lengthDelimited(), field, where);
      entries.set(key, val);
    } else if ('message' in value) {
      if (wireType !== WIRE_LENGTH_DELIMITED) throw wrongWireType(reader, where, wireType);
      const chunk = reader.lengthDelimited();
      if (field.shape === 'repeated') ensure(out, field, () => ({ kind: 'list', items: [] })).items.push(chunk);
      else ensure(out, field, () => ({ kind: 'message', chunks: [] })).chunks.push(chunk);
    } else if (field.shape === 'repeated') {
      const items = ensure(out, field, () => ({ kind: 'list', items: [] })).items;
      if (wireType === WIRE_LENGTH_DELIMITED && isPackable(value.scalar)) {
        const packed = new WireReader(reader.lengthDelimited(), where);
        while (!packed.done) items.push(readScalar(packed, value.scalar, wireTypeOf(value.scalar), where));
      } else {
        items.push(readScalar(reader, value.scalar, wireType, where));
      }
    } else {
      out.set(field, { kind: 'scalar', value: readScalar(reader, value.scalar, wireType, where) });
    }
  }
  return out;
}

function ensure<K extends Collected['kind']>(
  out: Map<FieldSchema, Collected>,
  field: FieldSchema,
  make: () => Extract<Collected, { kind: K }>,
): Extract<Collected, { kind: K }> {
  const existing = out.get(field) as Extract<Collected, { kind: K }> | undefined;
  if (existing) return existing;
  const created = make();
  out.set(field, created);
  return created;
}

/** A map entry is a message {key = 1, value = 2}; message values stay as bytes. */
function readMapEntry(bytes: Uint8Array, field: FieldSchema, where: string): [string, ScalarValue | Uint8Array] {
  const reader = new WireReader(bytes, `${where} map entry`);
  let key = '';
  let val: ScalarValue | Uint8Array | undefined;
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.tag();
    if (fieldNumber === 1) {
      key = readScalar(reader, 'string', wireType, `${where} map key`) as string;
    } else if (fieldNumber === 2) {
      if ('message' in field.value) {
        if (wireType !== WIRE_LENGTH_DELIMITED) throw wrongWireType(reader, `${where} map value`, wireType);
        val = reader.lengthDelimited();
      } else {
        val = readScalar(reader, field.value.scalar, wireType, `${where} map value`);
      }
    } else {
      throw reader.error(`unknown field number ${fieldNumber} in a map entry (only key = 1 and value = 2)`);
    }
  }
  return [key, val ?? ('message' in field.value ? new Uint8Array(0) : zeroScalar(field.value.scalar))];
}

export function readScalar(reader: WireReader, kind: ScalarKind, wireType: number, where: string): ScalarValue {
  if (wireType !== wireTypeOf(kind)) throw wrongWireType(reader, where, wireType);
  switch (kind) {
    case 'string':
      return UTF8.decode(reader.lengthDelimited());
    case 'bytes':
      return reader.lengthDelimited().slice();
    case 'bool':
      return toBool(reader.varint());
    case 'int32':
      return toInt32(reader.varint());
    case 'uint32':
      return toUint32(reader.varint());
    case 'int64':
      return toInt64(reader.varint());
    case 'uint64':
      return toUint64(reader.varint());
    case 'double':
      return reader.double();
    case 'float':
      return reader.float();
  }
}

export function zeroScalar(kind: ScalarKind): ScalarValue {
  switch (kind) {
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'bool':
      return false;
    default:
      return 0;
  }
}

function wireTypeOf(kind: ScalarKind): number {
  switch (kind) {
    case 'string':
    case 'bytes':
      return WIRE_LENGTH_DELIMITED;
    case 'double':
      return WIRE_FIXED64;
    case 'float':
      return WIRE_FIXED32;
    default:
      return WIRE_VARINT;
  }
}

function isPackable(kind: ScalarKind): boolean {
  return kind !== 'string' && kind !== 'bytes';
}

function wrongWireType(reader: WireReader, where: string, wireType: number): ProtobufDecodeError {
  return reader.error(`${where} arrived with wire type ${wireType}, which does not fit its type`);
}
