import { describe, expect, it } from 'vitest';
import { parseCustomColumns, printCustomColumns } from './custom-columns.js';

describe('-o custom-columns', () => {
  it("aligns like kubectl's table and prints <none> for missing values", () => {
    const cols = parseCustomColumns('NAME:.metadata.name,NODE:.spec.nodeName');
    const text = printCustomColumns([{ metadata: { name: 'web-6dc5cd68db-w67nl' }, spec: { nodeName: 'worker-2' } }, { metadata: { name: 'p' }, spec: {} }], cols);
    expect(text).toBe('NAME                   NODE\nweb-6dc5cd68db-w67nl   worker-2\np                      <none>\n');
  });

  it('rejects a column without a path', () => {
    expect(() => parseCustomColumns('NAME')).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
  });
});
