import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError } from './errors.js';
import { WireReader, toBool, toInt32, toInt64, toUint64 } from './wire.js';

const reader = (...b: number[]) => new WireReader(Uint8Array.from(b), 'test.Message');

describe('WireReader', () => {
  it('reads a one-byte varint and a multi-byte varint (300 = ac 02)', () => {
    expect(toInt64(reader(0x05).varint())).toBe(5);
    expect(toInt64(reader(0xac, 0x02).varint())).toBe(300);
  });

  it('reads a negative int32, which arrives sign-extended as a 10-byte varint', () => {
    const r = reader(0xf6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    const v = r.varint();
    expect(toInt32(v)).toBe(-10);
    expect(toInt64(v)).toBe(-10);
    expect(r.done).toBe(true);
  });

  it('reads int64 values within ±2^53 as numbers and beyond as exact bigints', () => {
    // 2^40 = 80 80 80 80 80 20
    expect(toInt64(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x20).varint())).toBe(2 ** 40);
    // 2^63 - 1
    expect(toInt64(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).varint())).toBe(9223372036854775807n);
    // the largest uint64
    expect(toUint64(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint())).toBe(18446744073709551615n);
  });

  it('reads bools as any non-zero varint', () => {
    expect(toBool(reader(0x00).varint())).toBe(false);
    expect(toBool(reader(0x01).varint())).toBe(true);
  });

  it('reads a tag as field number and wire type (field 17, length-delimited = 8a 01)', () => {
    expect(reader(0x8a, 0x01).tag()).toEqual({ fieldNumber: 17, wireType: 2 });
  });

  it('reads little-endian fixed32, fixed64 and double', () => {
    expect(reader(0x78, 0x56, 0x34, 0x12).fixed32()).toBe(0x12345678);
    expect(reader(1, 0, 0, 0, 2, 0, 0, 0).fixed64()).toEqual({ lo: 1, hi: 2 });
    expect(new WireReader(Uint8Array.from(Buffer.from('000000000000f83f', 'hex')), 'd').double()).toBe(1.5);
  });

  it('reads a length-delimited run as a view of its bytes', () => {
    const r = reader(0x03, 0x61, 0x62, 0x63, 0x07);
    expect(Buffer.from(r.lengthDelimited()).toString()).toBe('abc');
    expect(toInt64(r.varint())).toBe(7);
  });

  it('refuses a varint longer than 10 bytes', () => {
    expect(() => reader(...Array<number>(10).fill(0xff), 0x01).varint()).toThrow(/varint longer than 10 bytes/);
  });

  it('refuses data that ends inside a value, naming what was being read', () => {
    expect(() => reader(0x80).varint()).toThrow(ProtobufDecodeError);
    expect(() => reader(0x80).varint()).toThrow(/test\.Message: unexpected end of data/);
    expect(() => reader(0x05, 0x61).lengthDelimited()).toThrow(/length 5 runs past the end/);
    expect(() => reader(0x01, 0x02).fixed32()).toThrow(/unexpected end of data/);
  });

  it('refuses a tag with field number 0', () => {
    expect(() => reader(0x02).tag()).toThrow(/invalid field number/);
  });
});
