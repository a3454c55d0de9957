import { describe, expect, it } from 'vitest';
import { deployment, pod } from '../../test/patch/schemas.js';
import { compare } from './compare.js';
import { merge } from './merge.js';
import { pathString } from './path.js';
import { toFieldSet, validateApplied } from './to-field-set.js';

const strings = (s: { paths(): readonly (readonly unknown[])[] }) => s.paths().map((p) => pathString(p as never));

describe('toFieldSet (what an applier owns)', () => {
  it.each([
    {
      name: 'leaves of structs, not the structs',
      value: { spec: { replicas: 3, paused: false } },
      want: ['.spec.paused', '.spec.replicas'],
    },
    {
      name: 'label keys as members of the labels map',
      value: { metadata: { labels: { app: 'web' } } },
      want: ['.metadata.labels.app'],
    },
    {
      name: 'container items by name, and their fields',
      value: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } },
      want: [
        '.spec.template.spec.containers[name="nginx"]',
        '.spec.template.spec.containers[name="nginx"].image',
        '.spec.template.spec.containers[name="nginx"].name',
      ],
    },
    {
      name: 'atomic maps whole',
      value: { spec: { selector: { matchLabels: { app: 'web' } } } },
      want: ['.spec.selector'],
    },
    {
      name: 'empty structs as members',
      value: { spec: { template: { spec: { containers: [{ name: 'c', resources: {} }] } } } },
      want: [
        '.spec.template.spec.containers[name="c"]',
        '.spec.template.spec.containers[name="c"].name',
        '.spec.template.spec.containers[name="c"].resources',
      ],
    },
  ])('owns $name', ({ value, want }) => {
    expect(strings(toFieldSet(value, deployment))).toEqual(want);
  });

  it('keys ports by containerPort and the protocol default', () => {
    const set = toFieldSet({ spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } }, pod);
    expect(set.toFieldsV1()).toEqual({
      'f:spec': {
        'f:containers': {
          'k:{"name":"c"}': {
            '.': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    });
  });

  it('owns finalizers by value', () => {
    expect(strings(toFieldSet({ metadata: { finalizers: ['a/b'] } }, pod))).toEqual(['.metadata.finalizers[="a/b"]']);
  });

  it('treats members of an untyped value as owned one by one', () => {
    expect(toFieldSet({ spec: { a: { b: 1 } } }, undefined).toFieldsV1()).toEqual({
      'f:spec': { '.': {}, 'f:a': { '.': {}, 'f:b': {} } },
    });
  });
});

describe('validateApplied', () => {
  it.each([
    { name: 'an undeclared field', value: { spec: { replica: 3 } }, want: ['.spec.replica: field not declared in schema'] },
    {
      name: 'a duplicated container',
      value: { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } },
      want: ['.spec.template.spec.containers: duplicate entries for key [name="a"]'],
    },
    {
      name: 'a container without its name',
      value: { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      want: [
        '.spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)',
      ],
    },
    { name: 'a string where a number belongs', value: { spec: { replicas: '3' } }, want: ['.spec.replicas: expected numeric (int or float), got string'] },
    { name: 'nothing for a valid configuration', value: { spec: { replicas: 3, paused: true } }, want: [] },
  ])('reports $name', ({ value, want }) => {
    expect(validateApplied(value, deployment)).toEqual(want);
  });
});

describe('compare (what a write changed)', () => {
  it('records a new labels map itself as added, besides its keys', () => {
    const c = compare({ metadata: { name: 'x' } }, { metadata: { name: 'x', labels: { app: 'web' } } }, deployment, {
      zeroValuesExist: true,
    });
    expect(strings(c.added)).toEqual(['.metadata.labels', '.metadata.labels.app']);
  });

  it('does not record nested built-in structs as added, since upstream they always exist', () => {
    const c = compare({}, { spec: { replicas: 1 } }, deployment, { zeroValuesExist: true });
    expect(strings(c.added)).toEqual(['.spec.replicas']);
    const unstructured = compare({}, { spec: { replicas: 1 } }, deployment, { zeroValuesExist: false });
    expect(strings(unstructured.added)).toEqual(['.spec', '.spec.replicas']);
  });

  it('separates modified from removed', () => {
    const c = compare({ spec: { replicas: 1, paused: true } }, { spec: { replicas: 2 } }, deployment);
    expect([strings(c.modified), strings(c.removed)]).toEqual([['.spec.replicas'], ['.spec.paused']]);
  });
});

describe('merge (configuration into live)', () => {
  const containers = (...names: string[]) => ({ spec: { containers: names.map((name) => ({ name })) } });
  const order = (v: unknown) => ((v as { spec: { containers: { name: string }[] } }).spec.containers).map((c) => c.name);

  it.each([
    { name: 'keeps live-only items next to their old neighbours', live: ['a', 'x', 'b'], config: ['a', 'b'], want: ['a', 'x', 'b'] },
    { name: 'follows the configuration order for shared items', live: ['a', 'b'], config: ['b', 'a'], want: ['b', 'a'] },
    { name: 'puts new items where the configuration has them', live: ['a', 'b'], config: ['a', 'n', 'b'], want: ['a', 'n', 'b'] },
  ])('$name', ({ live, config, want }) => {
    expect(order(merge(containers(...live), containers(...config), pod))).toEqual(want);
  });

  it('replaces atomic lists and lets leaves of the configuration win', () => {
    const live = { spec: { containers: [{ name: 'a', image: 'old', args: ['x', 'y'] }], restartPolicy: 'Always' } };
    const config = { spec: { containers: [{ name: 'a', image: 'new', args: ['z'] }] } };
    expect(merge(live, config, pod)).toEqual({
      spec: { containers: [{ name: 'a', image: 'new', args: ['z'] }], restartPolicy: 'Always' },
    });
  });
});
