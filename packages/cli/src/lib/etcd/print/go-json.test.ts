import { describe, expect, it } from 'vitest';
import { goJson, hexId, omitZero, uint64 } from './go-json.js';
import { table } from './table.js';

describe("Go's encoding/json, as etcdctl -w json writes it", () => {
  it('keeps uint64 IDs exact, drops omitted fields and escapes as Go does', () => {
    // etcd 3.4's member ID bdae9bbc11dd390d, as etcdctl printed it in JSON.
    expect(goJson({ member_id: uint64('bdae9bbc11dd390d'), revision: omitZero(0), raft_term: 2 })).toBe('{"member_id":13668033151171901709,"raft_term":2}');
    expect(goJson({ s: 'a<b>&c\u2028' })).toBe('{"s":"a\\u003cb\\u003e\\u0026c\\u2028"}');
    expect(goJson([])).toBe('[]');
    expect(hexId('0abc')).toBe('abc');
  });
});

describe("etcdctl's tables", () => {
  it('centre the header (the odd space right) and right-align the cells', () => {
    expect(table(['ENDPOINT', 'HEALTH', 'TOOK', 'ERROR'], [['http://127.0.0.1:23791', 'true', '4.28149ms', '']])).toBe(
      [
        '+------------------------+--------+-----------+-------+',
        '|        ENDPOINT        | HEALTH |   TOOK    | ERROR |',
        '+------------------------+--------+-----------+-------+',
        '| http://127.0.0.1:23791 |   true | 4.28149ms |       |',
        '+------------------------+--------+-----------+-------+',
        '',
      ].join('\n'),
    );
  });
});
