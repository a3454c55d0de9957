/**
 * Transactions (etcd's applyTxn and the gRPC layer's checkTxnRequest): compares for every
 * target and result, range compares, the chosen branch under one revision, duplicate keys,
 * too many operations, reads inside a branch, and sub-response header revisions.
 */
import type { Buffer } from 'node:buffer';
import { describe, expect } from 'vitest';
import type { Compare, CompareResult, CompareTarget, RequestOp, ResponseOp } from '../../../src/store/backend.js';
import { prefixEnd } from '../../../src/store/keys.js';
import type { BackendUnderTest, StoreUnderTest } from './backends.js';
import { currentRevision, example, range, showBytes, showKv } from './notation.js';
import { watch } from './watching.js';

/** etcdctl's names for compare targets: `mod("a") = "3"`. */
const TARGET_NAME: Record<CompareTarget, string> = {
  version: 'ver',
  createRevision: 'create',
  modRevision: 'mod',
  lease: 'lease',
  value: 'value',
};

function showCompare(c: Compare): string {
  const v = typeof c.value === 'number' ? String(c.value) : `"${String(c.value)}"`;
  return `${TARGET_NAME[c.target]}(${String(c.key)}${c.rangeEnd === undefined ? '' : '*'}) ${c.result} ${v}`;
}

/** Whether the compares hold, found by which branch the txn ran. */
async function holds(s: StoreUnderTest, ...compare: Compare[]): Promise<boolean> {
  const t = await s.txn({ compare, success: [{ range: { key: 'success' } }], failure: [] });
  expect(t.responses.length).toBe(t.succeeded ? 1 : 0);
  return t.succeeded;
}

function showResponse(r: ResponseOp): string {
  if ('range' in r) return `range@${r.range.header.revision} [${r.range.kvs.map(showKv).join(', ')}]`;
  if ('put' in r) return `put@${r.put.header.revision}${r.put.prevKv ? ` prev ${showKv(r.put.prevKv)}` : ''}`;
  return `del@${r.deleteRange.header.revision} deleted ${r.deleteRange.deleted}${r.deleteRange.prevKvs.length ? ` prev [${r.deleteRange.prevKvs.map(showKv).join(', ')}]` : ''}`;
}

const put = (key: string, value = 'x', lease?: number): RequestOp => ({ put: { key, value, ...(lease ? { lease } : {}) } });
const del = (key: string, rangeEnd?: string | Buffer): RequestOp => ({ deleteRange: { key, ...(rangeEnd ? { rangeEnd } : {}) } });

export function transactions(b: BackendUnderTest): void {
  describe('txn compares', () => {
    // a{create_revision: 2, mod_revision: 3, version: 2, lease: 7, value: "y"}
    const state = 'grant(7) put(a=x)@2 put(a=y,lease=7)@3';
    const table: Array<[CompareTarget, CompareResult, number | string, number | string]> = [
      // target, result, a value that holds, a value that does not
      ['version', '=', 2, 1],
      ['version', '!=', 1, 2],
      ['version', '<', 3, 2],
      ['version', '>', 1, 2],
      ['createRevision', '=', 2, 3],
      ['createRevision', '!=', 3, 2],
      ['createRevision', '<', 3, 2],
      ['createRevision', '>', 1, 2],
      ['modRevision', '=', 3, 2],
      ['modRevision', '!=', 2, 3],
      ['modRevision', '<', 4, 3],
      ['modRevision', '>', 2, 3],
      ['lease', '=', 7, 0],
      ['lease', '!=', 0, 7],
      ['lease', '<', 8, 7],
      ['lease', '>', 6, 7],
      ['value', '=', 'y', 'x'],
      ['value', '!=', 'x', 'y'],
      ['value', '<', 'z', 'y'],
      ['value', '>', 'x', 'y'],
    ];
    for (const [target, result, yes, no] of table) {
      const t: Compare = { key: 'a', target, result, value: yes };
      const f: Compare = { key: 'a', target, result, value: no };
      example(b, `a compare on ${target} with ${result} picks the branch`, `${state} → ${showCompare(t)} is true, ${showCompare(f)} is false`, async (s) => {
        expect(await holds(s, t)).toBe(true);
        expect(await holds(s, f)).toBe(false);
      });
    }

    example(b, 'a value compare on a missing key is false whatever the result', 'put(a)@2 → value(x) = "", != "v", < "z", > "" are all false', async (s) => {
      for (const [result, value] of [['=', ''], ['!=', 'v'], ['<', 'z'], ['>', '']] as const) {
        expect(await holds(s, { key: 'x', target: 'value', result, value })).toBe(false);
      }
    });

    example(b, 'a missing key compares as version, create, mod and lease 0', 'put(a)@2 → ver(x) = 0, create(x) = 0, mod(x) = 0, lease(x) = 0 are true', async (s) => {
      for (const target of ['version', 'createRevision', 'modRevision', 'lease'] as const) {
        expect(await holds(s, { key: 'x', target, result: '=', value: 0 })).toBe(true);
        expect(await holds(s, { key: 'x', target, result: '>', value: 0 })).toBe(false);
      }
    });

    example(b, 'a range compare holds only when every key in the range passes', 'put(a/1)@2 put(a/2)@3 put(a/2)@4 → ver(a/*) > 0 true, ver(a/*) = 1 false, mod(a/*) < 4 false', async (s) => {
      const r = { key: 'a/', rangeEnd: prefixEnd('a/') };
      expect(await holds(s, { ...r, target: 'version', result: '>', value: 0 })).toBe(true);
      expect(await holds(s, { ...r, target: 'version', result: '=', value: 1 })).toBe(false);
      expect(await holds(s, { ...r, target: 'modRevision', result: '<', value: 5 })).toBe(true);
      expect(await holds(s, { ...r, target: 'modRevision', result: '<', value: 4 })).toBe(false);
      expect(await holds(s, { ...r, target: 'value', result: '=', value: 'v4' })).toBe(false);
    });

    example(b, 'a range compare over no keys compares as a missing key', 'put(a)@2 → ver(x*) = 0 true, value(x*) = "" false', async (s) => {
      const r = { key: 'x', rangeEnd: prefixEnd('x') };
      expect(await holds(s, { ...r, target: 'version', result: '=', value: 0 })).toBe(true);
      expect(await holds(s, { ...r, target: 'value', result: '=', value: '' })).toBe(false);
    });

    example(b, 'all compares must hold for the success branch', 'put(a)@2 put(b)@3 → [ver(a) = 1, mod(b) = 2] is false', async (s) => {
      const va: Compare = { key: 'a', target: 'version', result: '=', value: 1 };
      expect(await holds(s, va, { key: 'b', target: 'modRevision', result: '=', value: 3 })).toBe(true);
      expect(await holds(s, va, { key: 'b', target: 'modRevision', result: '=', value: 2 })).toBe(false);
    });
  });

  describe('txn branches', () => {
    example(b, 'the failure branch runs when a compare fails', 'put(a)@2 → txn(ver(a) = 5, put(s), put(f)) puts f@3', async (s) => {
      const t = await s.txn({ compare: [{ key: 'a', target: 'version', result: '=', value: 5 }], success: [put('s')], failure: [put('f')] });
      expect([t.succeeded, t.header.revision]).toEqual([false, 3]);
      expect(await range(s, 'f..')).toBe('[f=x@3] count 1');
    });

    example(b, 'the chosen branch runs under one revision, its changes in order', 'put(c)@2 → txn[put(b), put(a), del(c)]@3; watch(from 3) = one response [PUT b, PUT a, DELETE c]', async (s) => {
      const t = await s.txn({ success: [put('b'), put('a'), del('c')] });
      expect([t.succeeded, t.header.revision]).toEqual([true, 3]);
      const w = await watch(s, 'a..', { startRevision: 3 });
      const r = await w.response();
      expect(r.events.map((e) => `${e.type} ${showBytes(e.kv.key)}@${e.kv.modRevision}`)).toEqual(['PUT b@3', 'PUT a@3', 'DELETE c@3']);
    });

    example(b, 'a txn that changes nothing creates no revision', 'put(a)@2 → txn[range(a)]@2, txn[del(x)]@2, txn(false, [])@2', async (s) => {
      expect((await s.txn({ success: [{ range: { key: 'a' } }] })).header.revision).toBe(2);
      expect((await s.txn({ success: [del('x')] })).header.revision).toBe(2);
      expect((await s.txn({ compare: [{ key: 'a', target: 'version', result: '=', value: 9 }], success: [put('a')] })).header.revision).toBe(2);
      expect((await s.txn({})).header.revision).toBe(2);
      expect((await s.put('b', 'x')).header.revision).toBe(3);
    });

    example(b, 'a range inside a branch sees the branch’s earlier writes', 'put(a=old)@2 put(b)@3 → txn[put(a=new), range(a), del(b), range(a..)]', async (s) => {
      const t = await s.txn({ success: [put('a', 'new'), { range: { key: 'a' } }, del('b'), { range: { key: 'a', rangeEnd: '\0' } }] });
      expect(t.responses.map(showResponse)).toEqual(['put@4', 'range@4 [a=new@4]', 'del@4 deleted 1', 'range@4 [a=new@4]']);
    });

    example(
      b,
      'a sub-response carries the current revision until the branch changes something, the new one after',
      'put(a)@2 put(b)@3 → txn[range(a), del(x), put(c), range(c), del(b)] = [range@3, del@3, put@4, range@4, del@4]@4',
      async (s) => {
        const t = await s.txn({ success: [{ range: { key: 'a' } }, del('x'), put('c'), { range: { key: 'c' } }, del('b')] });
        expect(t.responses.map(showResponse)).toEqual(['range@3 [a=v2@2]', 'del@3 deleted 0', 'put@4', 'range@4 [c=x@4]', 'del@4 deleted 1']);
        expect(t.header.revision).toBe(4);
      },
    );

    example(b, 'put and delete inside a txn return prevKv', 'put(a=x)@2 put(b=y)@3 → txn[put(a=z, prevKv), del(b, prevKv)]', async (s) => {
      const t = await s.txn({ success: [{ put: { key: 'a', value: 'z', prevKv: true } }, { deleteRange: { key: 'b', prevKv: true } }] });
      expect(t.responses.map(showResponse)).toEqual(['put@4 prev a=x@2', 'del@4 deleted 1 prev [b=y@3]']);
    });

    example(b, 'a range at a past revision inside a txn reads that revision', 'put(a=x)@2 put(a=y)@3 → txn[put(b), range(a, rev 2)] = [a=x@2]', async (s) => {
      const t = await s.txn({ success: [put('b'), { range: { key: 'a', revision: 2 } }] });
      expect(t.responses.map(showResponse)).toEqual(['put@4', 'range@4 [a=x@2]']);
    });

    example(b, 'a range at the txn’s own new revision is a future revision', 'put(a)@2 → txn[put(b), range(a, rev 3)] = ErrFutureRev', async (s) => {
      // etcd checks ranges against the store as it was before the txn (checkRange in apply.go).
      await expect(s.txn({ success: [put('b'), { range: { key: 'a', revision: 3 } }] })).rejects.toMatchObject({ name: 'ErrFutureRev' });
      expect(await currentRevision(s)).toBe(2);
    });

    example(b, 'a range below the compaction fails the whole txn with ErrCompacted', 'put(a)@2 put(a)@3 compact(3) → txn[put(b), range(a, rev 2)] = ErrCompacted{3}', async (s) => {
      await expect(s.txn({ success: [put('b'), { range: { key: 'a', revision: 2 } }] })).rejects.toMatchObject({ compactRevision: 3 });
      expect(await range(s, 'b')).toBe('[] count 0');
      expect(await currentRevision(s)).toBe(3);
    });

    example(b, 'a put with a missing lease fails the whole txn and changes nothing', 'put(a)@2 → txn[put(b), put(c, lease 99)] = ErrLeaseNotFound', async (s) => {
      await expect(s.txn({ success: [put('b'), put('c', 'x', 99)] })).rejects.toMatchObject({ name: 'ErrLeaseNotFound' });
      expect(await range(s, 'a..')).toBe('[a=v2@2] count 1');
      expect(await currentRevision(s)).toBe(2);
    });
  });

  describe('txn requests refused before they run', () => {
    const refused = async (s: StoreUnderTest, request: Parameters<StoreUnderTest['txn']>[0], name: string) => {
      await expect(s.txn(request)).rejects.toMatchObject({ name });
      expect(await range(s, 'a..')).toBe('[a=v2@2] count 1');
      expect(await currentRevision(s)).toBe(2);
    };

    example(b, 'two puts of one key in a branch fail with ErrDuplicateKey', 'put(a)@2 → txn[put(k), put(k)] = ErrDuplicateKey', async (s) => {
      await refused(s, { success: [put('k'), put('k')] }, 'ErrDuplicateKey');
      await expect(s.txn({ success: [put('k'), put('k')] })).rejects.toThrow('etcdserver: duplicate key given in txn request');
    });

    example(b, 'a put inside a range the same branch deletes fails with ErrDuplicateKey', 'put(a)@2 → txn[del(k*), put(k/1)] = ErrDuplicateKey', async (s) => {
      await refused(s, { success: [del('k', prefixEnd('k')), put('k/1')] }, 'ErrDuplicateKey');
      await refused(s, { success: [put('k'), del('k')] }, 'ErrDuplicateKey');
    });

    example(b, 'a duplicate key is refused even in the branch the compares would not pick', 'put(a)@2 → txn(false, [], [put(k), put(k)]) = ErrDuplicateKey', async (s) => {
      await refused(s, { compare: [{ key: 'a', target: 'version', result: '=', value: 1 }], success: [], failure: [put('k'), put('k')] }, 'ErrDuplicateKey');
    });

    example(b, 'the same key in both branches, or a put beside a delete of another range, is fine', 'put(a)@2 → txn[put(k)] else [put(k)]; txn[del(x*), put(k)]', async (s) => {
      expect((await s.txn({ success: [put('k')], failure: [put('k')] })).header.revision).toBe(3);
      expect((await s.txn({ success: [del('x', prefixEnd('x')), put('k', 'y'), { range: { key: 'k' } }] })).header.revision).toBe(4);
    });

    example(b, 'a branch of 128 operations runs and one of 129 fails with ErrTooManyOps', 'put(a)@2 → txn[129 puts] = ErrTooManyOps; txn[128 puts]@3', async (s) => {
      const puts = (n: number) => Array.from({ length: n }, (_, i) => put(`k${i}`));
      await refused(s, { success: puts(129) }, 'ErrTooManyOps');
      await refused(s, { failure: puts(129) }, 'ErrTooManyOps');
      const compares: Compare[] = Array.from({ length: 129 }, () => ({ key: 'a', target: 'version', result: '>', value: 0 }));
      await refused(s, { compare: compares }, 'ErrTooManyOps');
      const t = await s.txn({ compare: compares.slice(1), success: puts(128) });
      expect([t.succeeded, t.header.revision, t.responses.length]).toEqual([true, 3, 128]);
    });

    example(b, 'an op on an empty key is refused with ErrEmptyKey', 'put(a)@2 → txn[put(k), put("")] = ErrEmptyKey', async (s) => {
      await refused(s, { success: [put('k'), put('')] }, 'ErrEmptyKey');
    });
  });
}
