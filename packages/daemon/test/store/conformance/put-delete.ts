/**
 * Put and delete-range (etcd's applyPut / applyDeleteRange): prevKv, values as bytes,
 * deleting ranges in one revision, and requests refused before they change anything.
 */
import { Buffer } from 'node:buffer';
import { describe, expect } from 'vitest';
import { prefixEnd } from '../../../src/store/keys.js';
import type { BackendUnderTest } from './backends.js';
import { bytes, currentRevision, example, range, showBytes, showKv, showKvMeta } from './notation.js';
import { watch } from './watching.js';

export function putAndDelete(b: BackendUnderTest): void {
  describe('put', () => {
    example(b, 'put with prevKv returns the key as it was before the put', 'put(a=x)@2 → put(a=y, prevKv)@3 .prevKv = a=x@2{create 2, version 1}', async (s) => {
      const r = await s.put('a', 'y', { prevKv: true });
      expect(r.header.revision).toBe(3);
      expect(showKv(r.prevKv!)).toBe('a=x@2');
      expect(showKvMeta(r.prevKv)).toBe('a{create_revision: 2, mod_revision: 2, version: 1}');
    });

    example(b, 'the first put of a key has no prevKv', '→ put(a, prevKv)@2 .prevKv = none', async (s) => {
      const r = await s.put('a', 'x', { prevKv: true });
      expect([r.header.revision, r.prevKv]).toEqual([2, undefined]);
    });

    example(b, 'a put after a delete starts a new generation and has no prevKv', 'put(a)@2 del(a)@3 → put(a, prevKv)@4 .prevKv = none', async (s) => {
      const r = await s.put('a', 'x', { prevKv: true });
      expect(r.prevKv).toBeUndefined();
      expect(showKvMeta((await s.range('a')).kvs[0])).toBe('a{create_revision: 4, mod_revision: 4, version: 1}');
    });

    example(b, 'put without prevKv returns none', 'put(a)@2 → put(a)@3 .prevKv = none', async (s) => {
      expect((await s.put('a', 'y')).prevKv).toBeUndefined();
    });

    example(b, 'values are bytes and come back unchanged', '→ put(a=\\x00\\xff\\x80é) range(a)', async (s) => {
      const value = Buffer.concat([bytes(0x00, 0xff, 0x80), Buffer.from('é')]);
      await s.put('a', value);
      expect((await s.range('a')).kvs[0]!.value.equals(value)).toBe(true);
    });

    example(b, 'an empty value is a value: the key exists', 'put(a=)@2 → range(a) = [a=@2] count 1', async (s) => {
      expect(await range(s, 'a')).toBe('[a=@2] count 1');
    });

    example(b, 'a put of an empty key is refused and creates no revision', 'put(a)@2 → put("") = ErrEmptyKey, header 2', async (s) => {
      await expect(s.put('', 'x')).rejects.toMatchObject({ name: 'ErrEmptyKey' });
      expect(await currentRevision(s)).toBe(2);
    });

    example(b, 'a request over 1.5 MiB is refused with ErrRequestTooLarge and creates no revision', 'put(a)@2 → put(b=2MiB) = ErrRequestTooLarge', async (s) => {
      await expect(s.put('b', Buffer.alloc(2 * 1024 * 1024))).rejects.toMatchObject({
        name: 'ErrRequestTooLarge',
        message: 'etcdserver: request is too large',
      });
      expect(await currentRevision(s)).toBe(2);
      expect((await s.put('b', Buffer.alloc(1024 * 1024))).header.revision).toBe(3);
    });
  });

  describe('delete', () => {
    const three = 'put(a/1)@2 put(a/2)@3 put(b)@4';

    example(b, 'a delete returns how many keys it deleted', `${three} → del(a/1) deleted 1 @5`, async (s) => {
      const r = await s.deleteRange('a/1');
      expect([r.deleted, r.header.revision, r.prevKvs]).toEqual([1, 5, []]);
      expect(await range(s, 'a..')).toBe('[a/2=v3@3, b=v4@4] count 2');
    });

    example(b, 'a range delete removes every key in the range in one revision', `${three} del(a*)@5 → watch(a.., from 5) = [DELETE a/1@5, DELETE a/2@5] in one response`, async (s) => {
      expect(await range(s, 'a..')).toBe('[b=v4@4] count 1');
      const w = await watch(s, 'a..', { startRevision: 5 });
      const r = await w.response();
      expect(r.events.map((e) => `${e.type} ${showBytes(e.kv.key)}@${e.kv.modRevision}`)).toEqual(['DELETE a/1@5', 'DELETE a/2@5']);
    });

    example(b, 'a delete with prevKv returns every deleted key as it was', `${three} put(a/2=x)@5 → del(a*, prevKv) = [a/1=v2@2, a/2=x@5]`, async (s) => {
      const r = await s.deleteRange('a', { rangeEnd: prefixEnd('a'), prevKv: true });
      expect([r.deleted, r.header.revision]).toEqual([2, 6]);
      expect(r.prevKvs.map(showKvMeta)).toEqual([
        'a/1{create_revision: 2, mod_revision: 2, version: 1}',
        'a/2{create_revision: 3, mod_revision: 5, version: 2}',
      ]);
      expect(r.prevKvs.map(showKv)).toEqual(['a/1=v2@2', 'a/2=x@5']);
    });

    example(b, 'a delete to "\\0" deletes every key from its key on', `${three} del(a/2..)@5 → range(a..) = [a/1]`, async (s) => {
      expect(await range(s, 'a..')).toBe('[a/1=v2@2] count 1');
    });

    example(b, 'a deleted key reads as absent but stays readable at earlier revisions', `${three} del(b)@5 → range(b) = [], range(b, rev 4) = [b=v4@4]`, async (s) => {
      expect(await range(s, 'b')).toBe('[] count 0');
      expect(await range(s, 'b', { revision: 4 })).toBe('[b=v4@4] count 1');
    });

    example(b, 'a delete of an empty key is refused', `${three} → del("") = ErrEmptyKey`, async (s) => {
      await expect(s.deleteRange('')).rejects.toMatchObject({ name: 'ErrEmptyKey' });
      expect(await currentRevision(s)).toBe(4);
    });
  });
}
