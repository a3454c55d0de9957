import { bytes, fixed64, int, lengthDelimited, message, str } from '../../test/protobuf/wire-builder.js';
import { describe, expect, it } from 'vitest';
import { MessageDecoder } from './decode.js';
import { Schema } from './schema.js';
import { ALL_TABLES } from './tables/index.js';

const decoder = new MessageDecoder(new Schema(ALL_TABLES));
const decode = (name: string, ...fields: number[][]) => decoder.decode(name, bytes(...fields));
const json = (text: string) => [...Buffer.from(text)];

describe('well-known types print in their JSON form', () => {
  it('prints a Time as RFC 3339 in UTC to the second, as metav1.Time does', () => {
    expect(decode('meta.v1.Time', int(1, 1714557600))).toBe('2024-05-01T10:00:00Z');
    // metav1.Time keeps only seconds from protobuf.
    expect(decode('meta.v1.Time', int(1, 1714557600), int(2, 999_000_000))).toBe('2024-05-01T10:00:00Z');
    expect(decode('meta.v1.Time', int(1, 0))).toBe('1970-01-01T00:00:00Z');
  });

  it('prints an empty Time, and the zero time, as null', () => {
    expect(decode('meta.v1.Time')).toBeNull();
    expect(decode('meta.v1.Time', int(1, -62135596800))).toBeNull();
  });

  it('refuses a Time outside the years Go prints', () => {
    expect(() => decode('meta.v1.Time', int(1, 253402300800))).toThrow(/outside the years 0 to 9999/);
  });

  it('prints a MicroTime with six fractional digits', () => {
    expect(decode('meta.v1.MicroTime', int(1, 1714557600), int(2, 123_456_789))).toBe('2024-05-01T10:00:00.123456Z');
    expect(decode('meta.v1.MicroTime', int(1, 1714557600))).toBe('2024-05-01T10:00:00.000000Z');
    expect(decode('meta.v1.MicroTime')).toBeNull();
  });

  it('prints a Duration as Go does', () => {
    expect(decode('meta.v1.Duration', int(1, 90_000_000_000))).toBe('1m30s');
    expect(decode('meta.v1.Duration')).toBe('0s');
  });

  it('prints a Quantity as its string, and an empty one as "0"', () => {
    expect(decode('resource.Quantity', str(1, '500m'))).toBe('500m');
    expect(decode('resource.Quantity')).toBe('0');
  });

  it('prints an IntOrString as the number or the string its type names', () => {
    expect(decode('intstr.IntOrString', int(1, 0), int(2, 8080))).toBe(8080);
    expect(decode('intstr.IntOrString', int(1, 1), str(3, '50%'))).toBe('50%');
    expect(decode('intstr.IntOrString')).toBe(0);
    expect(() => decode('intstr.IntOrString', int(1, 2))).toThrow(/impossible type 2/);
  });

  it('embeds a RawExtension\'s JSON, and prints an empty one as null', () => {
    expect(decode('runtime.RawExtension', lengthDelimited(1, json('{"a":[1,2]}')))).toEqual({ a: [1, 2] });
    expect(decode('runtime.RawExtension')).toBeNull();
    expect(() => decode('runtime.RawExtension', lengthDelimited(1, [0x0a, 0x01]))).toThrow(/runtime\.RawExtension holds bytes that are not JSON/);
  });

  it('embeds managed fields\' FieldsV1 JSON', () => {
    const entry = decode('meta.v1.ManagedFieldsEntry', str(1, 'kubectl'), str(2, 'Update'), message(4, int(1, 1714557600)), message(7, lengthDelimited(1, json('{"f:data":{}}'))));
    expect(entry).toEqual({ manager: 'kubectl', operation: 'Update', time: '2024-05-01T10:00:00Z', fieldsV1: { 'f:data': {} } });
  });

  it('prints an absent non-pointer Time field as null and a pointer one not at all', () => {
    // creationTimestamp is a struct (always printed); deletionTimestamp is *Time, omitempty.
    expect(decode('meta.v1.ObjectMeta', str(1, 'x'))).toEqual({ name: 'x', creationTimestamp: null });
    expect(decode('meta.v1.ObjectMeta', str(1, 'x'), message(9, int(1, 1714557600)))).toEqual({
      name: 'x',
      creationTimestamp: null,
      deletionTimestamp: '2024-05-01T10:00:00Z',
    });
  });

  it('reads fixed64 fields where a table says double', () => {
    const d = new MessageDecoder(new Schema([{ package: 't', messages: { F: ['1 ratio double'] } }]));
    expect(d.decode('t.F', bytes(fixed64(1, 0, 0x3ff80000)))).toEqual({ ratio: 1.5 });
  });
});
