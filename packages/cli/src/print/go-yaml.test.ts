import { describe, expect, it } from 'vitest';
import { naturalLess, toGoYaml } from './go-yaml.js';

describe('YAML as kubectl -o yaml writes it (go-yaml v2)', () => {
  it('sorts keys, leaves sequences unindented and quotes what would read back as another type', () => {
    const text = toGoYaml({ kind: 'ConfigMap', apiVersion: 'v1', data: { t: 'true', n: '012', e: '', multi: 'x\ny', a: '1', plain: 'hello world', star: '*' }, list: [{ b: 1, a: [] }, 'x'] });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  a: "1"',
        '  e: ""',
        '  multi: |-',
        '    x',
        '    y',
        '  "n": "012"',
        '  plain: hello world',
        "  star: '*'",
        '  t: "true"',
        'kind: ConfigMap',
        'list:',
        '- a: []',
        '  b: 1',
        '- x',
        '',
      ].join('\n'),
    );
  });

  it('writes a string ending in a newline as a literal block, and timestamps quoted', () => {
    expect(toGoYaml({ a: '{"x":1}\n', t: '2026-11-24T05:06:07Z' })).toBe('a: |\n  {"x":1}\nt: "2026-11-24T05:06:07Z"\n');
  });

  it('orders keys as go-yaml does: digit runs by value', () => {
    expect(['a10', 'a9', 'a-b', 'ab'].sort(naturalLess)).toEqual(['a-b', 'a9', 'a10', 'ab']);
  });
});
