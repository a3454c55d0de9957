import { describe, expect, it } from 'vitest';
import { FieldSet } from './field-set.js';
import { keyElement, pathString, serializeElement, type Path } from './path.js';

const f = (name: string) => ({ field: name });
const k = (fields: Record<string, unknown>) => keyElement(Object.entries(fields));
const v = (value: unknown) => ({ value });

describe('FieldsV1 encoding', () => {
  it.each([
    {
      name: 'a struct field with content is a path, not a member',
      paths: [[f('spec'), f('replicas')]],
      json: { 'f:spec': { 'f:replicas': {} } },
    },
    {
      name: 'a member with children writes "."',
      paths: [
        [f('metadata'), f('labels')],
        [f('metadata'), f('labels'), f('app')],
      ],
      json: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    },
    {
      name: 'list-map items are keyed by all their keys, sorted by name',
      paths: [[f('ports'), k({ protocol: 'TCP', containerPort: 80 }), f('name')]],
      json: { 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { 'f:name': {} } } },
    },
    {
      name: 'set items are values',
      paths: [[f('metadata'), f('finalizers'), v('example.com/x')]],
      json: { 'f:metadata': { 'f:finalizers': { 'v:"example.com/x"': {} } } },
    },
  ])('$name', ({ paths, json }) => {
    const set = FieldSet.of(...(paths as Path[]));
    expect(set.toFieldsV1()).toEqual(json);
    expect(FieldSet.fromFieldsV1(json).equals(set)).toBe(true);
  });

  it('writes keys in upstream element order: fields, then keys, then values', () => {
    const set = FieldSet.of([f('x'), v(1)], [f('x'), k({ name: 'a' })], [f('x'), f('z')], [f('x'), f('b')]);
    expect(Object.keys(set.toFieldsV1()['f:x'] as object)).toEqual(['f:b', 'f:z', 'k:{"name":"a"}', 'v:1']);
  });

  it('escapes HTML characters in keys as Go does', () => {
    expect(serializeElement(v('a<b>&c'))).toBe('v:"a\\u003cb\\u003e\\u0026c"');
  });

  it('skips element kinds it does not know instead of failing', () => {
    const set = FieldSet.fromFieldsV1({ 'f:a': {}, 'z:future': { 'f:b': {} } });
    expect(set.paths().map(pathString)).toEqual(['.a']);
  });

  it('rejects a malformed key', () => {
    expect(() => FieldSet.fromFieldsV1({ 'f-a': {} })).toThrow('missing colon: f-a');
  });
});

describe('FieldSet algebra', () => {
  const set = (...paths: string[][]) => FieldSet.of(...paths.map((p) => p.map(f)));
  const strings = (s: FieldSet) => s.paths().map(pathString);

  it('difference keeps children of a removed parent (upstream asymmetry)', () => {
    expect(strings(set(['a'], ['a', 'b']).difference(set(['a'])))).toEqual(['.a.b']);
  });

  it('recursiveDifference removes a parent and everything below it', () => {
    expect(strings(set(['a', 'b'], ['c']).recursiveDifference(set(['a'])))).toEqual(['.c']);
  });

  it('intersection keeps only paths in both', () => {
    expect(strings(set(['a', 'b'], ['a', 'c'], ['d']).intersection(set(['a', 'c'], ['d'], ['e'])))).toEqual(['.d', '.a.c']);
  });

  it('union merges nested nodes', () => {
    expect(strings(set(['a', 'b']).union(set(['a', 'c'])))).toEqual(['.a.b', '.a.c']);
  });

  it('never owns the whole object', () => {
    const s = FieldSet.of([]);
    expect(s.empty()).toBe(true);
    expect(s.has([])).toBe(false);
  });
});
