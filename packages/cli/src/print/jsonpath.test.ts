import { describe, expect, it } from 'vitest';
import { compileJsonPath, selectJsonPath } from './jsonpath.js';

const list = {
  kind: 'List',
  items: [
    { metadata: { name: 'a', labels: { app: 'web' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.0.0.1' } },
    { metadata: { name: 'b' }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } },
  ],
};

describe("kubectl's JSONPath templates", () => {
  it('selects fields, wildcards and indexes, joining several results with spaces', () => {
    expect(compileJsonPath('{.items[*].metadata.name}')(list)).toBe('a b');
    expect(compileJsonPath('{.items[0].status.phase}')(list)).toBe('Running');
    expect(compileJsonPath('{.items[-1:].metadata.name}')(list)).toBe('b');
  });

  it('ranges with literal text, and filters', () => {
    expect(compileJsonPath('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}')(list)).toBe('a\tRunning\nb\tPending\n');
    expect(compileJsonPath('{.items[?(@.status.phase=="Pending")].metadata.name}')(list)).toBe('b');
    expect(compileJsonPath('{.items[0].status.conditions[?(@.type=="Ready")].status}')(list)).toBe('True');
  });

  it('prints objects as compact JSON with sorted keys, and nothing for missing keys', () => {
    expect(compileJsonPath('{.items[0].metadata.labels}')(list)).toBe('{"app":"web"}');
    expect(compileJsonPath('{.items[1].status.podIP}')(list)).toBe('');
    expect(compileJsonPath("{.items[0].metadata.labels['app']}")(list)).toBe('web');
  });

  it('reads the relaxed form of --sort-by and custom-columns', () => {
    expect(selectJsonPath('.metadata.name', list.items[0])).toEqual(['a']);
    expect(selectJsonPath('metadata.name', list.items[1])).toEqual(['b']);
    expect(selectJsonPath('{..podIP}', list)).toEqual(['10.0.0.1']);
  });
});
