/**
 * The protobuf wire format, read one value at a time: tags, varints (up to 10 bytes, 64 bits
 * kept as two 32-bit halves so int64 and negative int32 values survive), fixed 32- and 64-bit
 * values and length-delimited byte runs. Groups (wire types 3 and 4) are not used by any
 * Kubernetes message and are refused. See https://protobuf.dev/programming-guides/encoding/.
 */
import { ProtobufDecodeError } from './errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** A 64-bit varint or fixed64 as its low and high unsigned 32-bit halves. */
export interface Uint64Parts {
  lo: number;
  hi: number;
}

export interface Tag {
  fieldNumber: number;
  wireType: number;
}

const TWO_32 = 2 ** 32;

export class WireReader {
  private pos = 0;

  /** `context` names what is being read (a message name), for error messages. */
  constructor(
    private readonly buf: Uint8Array,
    private readonly context: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  tag(): Tag {
    const { lo, hi } = this.varint();
    const fieldNumber = lo >>> 3;
    const wireType = lo & 7;
    if (hi !== 0 || fieldNumber === 0) throw this.error(`invalid field number in tag ${hi * TWO_32 + lo}`);
    return { fieldNumber, wireType };
  }

  varint(): Uint64Parts {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      const bits = b & 0x7f;
      const shift = 7 * i;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >> 4;
      } else hi |= bits << (shift - 32);
      if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw this.error('varint longer than 10 bytes');
  }

  fixed32(): number {
    const view = this.take(4);
    return new DataView(view.buffer, view.byteOffset, 4).getUint32(0, true);
  }

  fixed64(): Uint64Parts {
    const view = this.take(8);
    const dv = new DataView(view.buffer, view.byteOffset, 8);
    return { lo: dv.getUint32(0, true), hi: dv.getUint32(4, true) };
  }

  float(): number {
    const view = this.take(4);
    return new DataView(view.buffer, view.byteOffset, 4).getFloat32(0, true);
  }

  double(): number {
    const view = this.take(8);
    return new DataView(view.buffer, view.byteOffset, 8).getFloat64(0, true);
  }

  /** A length-delimited run: a varint length, then that many bytes (a view, not a copy). */
  lengthDelimited(): Uint8Array {
    const { lo, hi } = this.varint();
    if (hi !== 0 || lo > this.buf.length - this.pos) throw this.error(`length ${hi * TWO_32 + lo} runs past the end of the data`);
    return this.take(lo);
  }

  /** An error naming what was being read and where. */
  error(message: string): ProtobufDecodeError {
    return new ProtobufDecodeError(`protobuf: ${this.context}: ${message} (at byte ${this.pos})`);
  }

  private byte(): number {
    const b = this.buf[this.pos];
    if (b === undefined) throw this.error('unexpected end of data');
    this.pos++;
    return b;
  }

  private take(n: number): Uint8Array {
    if (n > this.buf.length - this.pos) throw this.error('unexpected end of data');
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }
}

/**
 * Two's complement: the int64 a varint or fixed64 holds, as a number when it is exactly one
 * (within ±2^53, as JSON numbers are) and as a bigint otherwise.
 */
export function toInt64(parts: Uint64Parts): number | bigint {
  return exact(BigInt.asIntN(64, (BigInt(parts.hi) << 32n) | BigInt(parts.lo)));
}

export function toUint64(parts: Uint64Parts): number | bigint {
  return exact((BigInt(parts.hi) << 32n) | BigInt(parts.lo));
}

function exact(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

export function toInt32({ lo }: Uint64Parts): number {
  return lo | 0;
}

export function toUint32({ lo }: Uint64Parts): number {
  return lo >>> 0;
}

export function toBool({ lo, hi }: Uint64Parts): boolean {
  return lo !== 0 || hi !== 0;
}
