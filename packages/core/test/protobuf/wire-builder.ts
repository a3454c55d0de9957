/**
 * Hand-built protobuf bytes for the decoder's tests: each helper writes one field (tag, then
 * value) the way the protobuf encoding spec lays it out, so a test reads like the wire.
 *
 *   message(1, str(1, 'web'))     → 0a 05 0a 03 77 65 62
 */
export type Bytes = number[];

/** A base-128 varint; negative numbers as their 64-bit two's complement (10 bytes). */
export function varint(n: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: Bytes = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

export const tag = (fieldNumber: number, wireType: number): Bytes => varint((fieldNumber << 3) | wireType);

export const int = (fieldNumber: number, n: number | bigint): Bytes => [...tag(fieldNumber, 0), ...varint(n)];
export const bool = (fieldNumber: number, b: boolean): Bytes => int(fieldNumber, b ? 1 : 0);

export function lengthDelimited(fieldNumber: number, payload: Bytes | Uint8Array): Bytes {
  return [...tag(fieldNumber, 2), ...varint(payload.length), ...payload];
}

export const str = (fieldNumber: number, s: string): Bytes => lengthDelimited(fieldNumber, [...Buffer.from(s, 'utf8')]);
export const message = (fieldNumber: number, ...fields: Bytes[]): Bytes => lengthDelimited(fieldNumber, fields.flat());

/** A map entry: key = 1, value = 2. */
export const entry = (fieldNumber: number, key: string, value: Bytes): Bytes => message(fieldNumber, str(1, key), value);

export function fixed64(fieldNumber: number, lo: number, hi: number): Bytes {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(lo >>> 0, 0);
  b.writeUInt32LE(hi >>> 0, 4);
  return [...tag(fieldNumber, 1), ...b];
}

export const bytes = (...fields: Bytes[]): Uint8Array => Uint8Array.from(fields.flat());

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw, contentEncoding, contentType}. */
export function envelope(apiVersion: string, kind: string, raw: Bytes, contentEncoding = ''): Uint8Array {
  return bytes([0x6b, 0x38, 0x73, 0x00], message(1, str(1, apiVersion), str(2, kind)), lengthDelimited(2, raw), str(3, contentEncoding), str(4, ''));
}
