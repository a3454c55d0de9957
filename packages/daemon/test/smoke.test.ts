import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryBackend } from '../src/store/memory/memory-backend.js';
import { openSqliteBackend } from '../src/store/sqlite/sqlite-backend.js';

for (const [name, open] of [['memory', () => openMemoryBackend()], ['sqlite', () => openSqliteBackend(mkdtempSync(join(tmpdir(), 'kl-')))]] as const) {
  describe(name, () => {
    it('put/range/delete/compact/watch', async () => {
      const s = open();
      const w = await s.watch('a', { rangeEnd: 'b' , prevKv: true});
      expect((await s.put('a1', 'x')).header.revision).toBe(2);
      expect((await s.put('a1', 'y', {prevKv: true})).prevKv?.value.toString()).toBe('x');
      const r = await s.range('a', { rangeEnd: 'b' });
      expect(r.kvs.map(k => [k.key.toString(), k.value.toString(), k.createRevision, k.modRevision, k.version])).toEqual([['a1','y',2,3,2]]);
      expect((await s.deleteRange('a1')).deleted).toBe(1);
      await s.put('a2', 'z');
      const it = w[Symbol.asyncIterator]();
      const evs = [];
      while (evs.length < 4) { const n = await it.next(); evs.push(...n.value!.events); }
      expect(evs.map(e => [e.type, e.kv.key.toString(), e.kv.modRevision, e.prevKv?.value.toString()])).toEqual([['PUT','a1',2,undefined],['PUT','a1',3,'x'],['DELETE','a1',4,'y'],['PUT','a2',5,undefined]]);
      await s.compact(4, { physical: true });
      await expect(s.range('a1', { revision: 3 })).rejects.toThrow(/compacted/);
      const w2 = await s.watch('a', { rangeEnd: 'b', startRevision: 4 });
      const n2 = await w2[Symbol.asyncIterator]().next();
      expect(n2.value!.events.map(e => [e.type, e.kv.key.toString(), e.kv.modRevision])).toEqual([['DELETE','a1',4],['PUT','a2',5]]);
      const w3 = await s.watch('a', { rangeEnd: 'b', startRevision: 3 });
      await expect(w3[Symbol.asyncIterator]().next()).rejects.toThrow(/compacted/);
      const t = await s.txn({ compare: [{ key: 'a2', target: 'version', result: '=', value: 1 }], success: [{ put: { key: 'b', value: '1' } }, { range: { key: 'b' } }] });
      expect(t.succeeded).toBe(true);
      expect(t.header.revision).toBe(6);
      const l = await s.leaseGrant(10);
      await s.put('lk', 'v', { lease: l.id });
      await s.leaseRevoke(l.id);
      expect((await s.range('lk')).kvs).toEqual([]);
      await s.close();
    });
  });
}
