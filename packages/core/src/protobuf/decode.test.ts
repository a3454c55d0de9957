import { bool, bytes, entry, int, lengthDelimited, message, str, tag } from '../../test/protobuf/wire-builder.js';
import { describe, expect, it } from 'vitest';
import { MessageDecoder } from './decode.js';
import { ProtobufDecodeError } from './errors.js';
import { type PackageTable, Schema } from './schema.js';
import { ALL_TABLES } from './tables/index.js';

/** A message with one field of each shape, to pin down how Go's JSON would print it. */
const TEST: PackageTable = {
  package: 't',
  messages: {
    Thing: [
      '1 name string',
      '2 note string omitempty',
      '3 count int32 omitempty',
      '4 replicas *int32 omitempty',
      '5 paused *bool',
      '6 spec Spec omitempty',
      '7 extra *Spec omitempty',
      '8 tags []string omitempty',
      '9 items []string',
      '10 labels map[string]string omitempty',
      '11 limits map[string]resource.Quantity',
      '12 ports []int32 omitempty',
      '13 big int64',
    ],
    Spec: ['1 image string', '2 args []string', '3 ready bool omitempty'],
  },
};

const decoder = new MessageDecoder(new Schema([...ALL_TABLES, TEST]));
const thing = (...fields: number[][]) => decoder.decode('t.Thing', bytes(...fields));
const EMPTY_SPEC = { image: '', args: null };
const ZERO_THING = { name: '', paused: null, spec: EMPTY_SPEC, items: null, limits: null, big: 0 };

describe('MessageDecoder prints what encoding/json prints for the Go object', () => {
  it('prints every field with its Go zero value when the message is empty', () => {
    // Non-omitempty scalars print as zero, nil lists and maps as null, structs always.
    expect(thing()).toEqual(ZERO_THING);
  });

  it('leaves out an omitempty scalar that is zero, and prints it when it is not', () => {
    expect(thing(str(2, ''), int(3, 0))).toEqual(ZERO_THING);
    expect(thing(str(2, 'hi'), int(3, 4))).toEqual({ ...ZERO_THING, note: 'hi', count: 4 });
  });

  it('prints a pointer that was on the wire even when it is zero or false', () => {
    expect(thing(int(4, 0), bool(5, false))).toEqual({ ...ZERO_THING, replicas: 0, paused: false });
  });

  it('leaves out an absent omitempty pointer and prints an absent plain pointer as null', () => {
    const got = thing(str(1, 'x')) as Record<string, unknown>;
    expect(Object.keys(got)).not.toContain('replicas');
    expect(got['paused']).toBeNull();
  });

  it('prints a struct field even under omitempty, and a pointer struct only when sent', () => {
    expect(thing(message(6, str(1, 'nginx')), message(7))).toEqual({ ...ZERO_THING, spec: { image: 'nginx', args: null }, extra: EMPTY_SPEC });
  });

  it('prints lists and maps that have items, in wire order and sorted by key', () => {
    const got = thing(str(8, 'a'), str(8, 'b'), str(9, 'c'), entry(10, 'z', str(2, '1')), entry(10, 'a', str(2, '2')), entry(11, 'cpu', message(2, str(1, '500m'))));
    expect(got).toEqual({ ...ZERO_THING, tags: ['a', 'b'], items: ['c'], labels: { a: '2', z: '1' }, limits: { cpu: '500m' } });
    expect(Object.keys((got as { labels: object }).labels)).toEqual(['a', 'z']);
  });

  it('gives a map entry without a value the zero value', () => {
    expect(thing(message(10, str(1, 'k')))).toEqual({ ...ZERO_THING, labels: { k: '' } });
  });

  it('reads repeated numbers packed or one per tag', () => {
    expect(thing(lengthDelimited(12, [1, 2, 0xac, 0x02]))).toEqual({ ...ZERO_THING, ports: [1, 2, 300] });
    expect(thing(int(12, 1), int(12, 2))).toEqual({ ...ZERO_THING, ports: [1, 2] });
  });

  it('keeps the last value of a scalar sent twice, and merges a message sent twice', () => {
    const got = thing(str(1, 'first'), str(1, 'second'), message(6, str(1, 'nginx')), message(6, str(2, 'a')));
    expect(got).toEqual({ ...ZERO_THING, name: 'second', spec: { image: 'nginx', args: ['a'] } });
  });

  it('prints int64 values beyond 2^53 as the nearest JSON number, as a JSON body would be read', () => {
    expect(thing(int(13, 2n ** 60n))).toEqual({ ...ZERO_THING, big: 2 ** 60 });
    expect(thing(int(13, -1))).toEqual({ ...ZERO_THING, big: -1 });
  });

  it('refuses a field number the table does not have, naming the message and the number', () => {
    expect(() => thing(str(99, 'x'))).toThrow(ProtobufDecodeError);
    expect(() => thing(str(99, 'x'))).toThrow(/t\.Thing: unknown field number 99 \(wire type 2\)/);
    expect(() => thing(message(6, int(9, 1)))).toThrow(/t\.Spec: unknown field number 9/);
  });

  it('refuses a value whose wire type does not fit the field', () => {
    expect(() => thing(int(1, 5))).toThrow(/t\.Thing\.name \(field 1\) arrived with wire type 0/);
    expect(() => thing([...tag(6, 0), 1])).toThrow(/t\.Thing\.spec \(field 6\) arrived with wire type 0/);
  });

  it('refuses messages nested deeper than any Kubernetes object', () => {
    const deep = new MessageDecoder(new Schema([{ package: 'r', messages: { Node: ['1 next *Node omitempty'] } }]));
    let b: number[] = [];
    for (let i = 0; i < 150; i++) b = message(1, b);
    expect(() => deep.decode('r.Node', Uint8Array.from(b))).toThrow(/nested more than 100 deep/);
  });
});

describe('MessageDecoder on Kubernetes messages', () => {
  it('prints a Secret\'s bytes as base64, an empty value as ""', () => {
    const secret = decoder.decode('core.v1.Secret', bytes(message(1, str(1, 's')), entry(2, 'bin', lengthDelimited(2, [0xff, 0x00, 0x80])), entry(2, 'empty', lengthDelimited(2, []))));
    expect(secret).toEqual({ metadata: { name: 's', creationTimestamp: null }, data: { bin: '/wCA', empty: '' } });
  });

  it('prints inline structs\' fields in their parent: a Volume\'s source, a ConfigMap source\'s reference', () => {
    const source = message(19, message(1, str(1, 'settings')), int(3, 420));
    const volume = decoder.decode('core.v1.Volume', bytes(str(1, 'cfg'), message(2, source)));
    expect(volume).toEqual({ name: 'cfg', configMap: { name: 'settings', defaultMode: 420 } });
  });

  it('prints a negative int32 sent as a 10-byte varint as the negative number', () => {
    expect(decoder.decode('scheduling.v1.PriorityClass', bytes(message(1, str(1, 'low')), int(2, -10)))).toEqual({
      metadata: { name: 'low', creationTimestamp: null },
      value: -10,
    });
  });

  it('prints a ServicePort\'s IntOrString target port as a number or a name', () => {
    const port = (target: number[][]) => decoder.decode('core.v1.ServicePort', bytes(int(3, 80), message(4, ...target)));
    expect(port([int(1, 0), int(2, 8080)])).toEqual({ port: 80, targetPort: 8080 });
    expect(port([int(1, 1), str(3, 'http')])).toEqual({ port: 80, targetPort: 'http' });
  });
});
