/**
 * Leases (etcd's lease/lessor.go and the lease half of etcdserver/apply.go): grant, renew,
 * time-to-live, revoke and expiry — which delete the attached keys in one revision — and
 * how puts attach and detach keys.
 */
import { describe, expect } from 'vitest';
import type { BackendUnderTest } from './backends.js';
import { currentRevision, example, range, showBytes, showEvents, showKvMeta } from './notation.js';
import { eventually, watch } from './watching.js';

export function leases(b: BackendUnderTest): void {
  describe('granting leases', () => {
    example(b, 'a grant without an id gets a fresh positive id and the TTL asked for', '∅ → grant(ttl 60) = {id > 0, ttl 60}', async (s) => {
      const a = await s.leaseGrant(60);
      const c = await s.leaseGrant(60, 0);
      expect(a.id).toBeGreaterThan(0);
      expect(c.id).not.toBe(a.id);
      expect(a.ttl).toBe(60);
      expect((await s.leaseLeases()).leases.sort()).toEqual([a.id, c.id].sort());
    });

    example(b, 'a grant with a chosen id uses it, and a taken id fails with ErrLeaseExists', 'grant(7) → grant(60, id 7) = ErrLeaseExists', async (s) => {
      await expect(s.leaseGrant(60, 7)).rejects.toMatchObject({ name: 'ErrLeaseExists', message: 'etcdserver: lease already exists' });
      expect((await s.leaseGrant(60, 8)).id).toBe(8);
      expect((await s.leaseLeases()).leases.sort()).toEqual([7, 8]);
    });

    example(b, 'granting and keeping a lease alive create no revision', 'put(a)@2 grant(7) → header 2; put(b)@3', async (s) => {
      expect((await s.leaseGrant(60, 8)).header.revision).toBe(2);
      expect((await s.leaseKeepAlive(7)).header.revision).toBe(2);
      expect((await s.put('b', 'x')).header.revision).toBe(3);
    });

    example(b, 'a TTL above etcd’s maximum fails with ErrLeaseTTLTooLarge', '∅ → grant(9,000,000,001) = ErrLeaseTTLTooLarge', async (s) => {
      await expect(s.leaseGrant(9_000_000_001)).rejects.toMatchObject({ name: 'ErrLeaseTTLTooLarge' });
      expect((await s.leaseLeases()).leases).toEqual([]);
    });
  });

  describe('time to live', () => {
    example(b, 'timeToLive counts down whole seconds and keepAlive renews the full TTL', '∅ → grant(10, id 7); +6.5s → ttl 3; keepAlive → 10; +6.5s → ttl 3', async (s, { clock }) => {
      await s.leaseGrant(10, 7);
      expect((await s.leaseTimeToLive(7)).ttl).toBe(10);
      clock.advance(6_500);
      const t = await s.leaseTimeToLive(7);
      expect([t.id, t.ttl, t.grantedTtl]).toEqual([7, 3, 10]);
      const k = await s.leaseKeepAlive(7);
      expect([k.id, k.ttl]).toEqual([7, 10]);
      clock.advance(6_500);
      // Without the renewal the lease would have expired at 10 s.
      expect((await s.leaseTimeToLive(7)).ttl).toBe(3);
      expect((await s.leaseLeases()).leases).toEqual([7]);
    }, { needsClock: true });

    example(b, 'timeToLive of an unknown lease is -1', '∅ → timeToLive(99).ttl = -1', async (s) => {
      const t = await s.leaseTimeToLive(99, { keys: true });
      expect([t.id, t.ttl, t.keys]).toEqual([99, -1, []]);
    });

    example(b, 'timeToLive lists the attached keys when asked', 'grant(7) put(b,lease=7)@2 put(a,lease=7)@3 put(c)@4 → timeToLive(7, keys) = {a, b}', async (s) => {
      // backend.ts promises the keys, not an order (etcd lists them in map order).
      expect((await s.leaseTimeToLive(7, { keys: true })).keys.map(showBytes).sort()).toEqual(['a', 'b']);
      expect((await s.leaseTimeToLive(7)).keys).toEqual([]);
    });

    example(b, 'keepAlive of an unknown lease fails with ErrLeaseNotFound', '∅ → keepAlive(99) = ErrLeaseNotFound', async (s) => {
      await expect(s.leaseKeepAlive(99)).rejects.toMatchObject({ name: 'ErrLeaseNotFound', message: 'etcdserver: requested lease not found' });
    });

    example(b, 'range shows the lease each key is attached to', 'grant(7) put(a,lease=7)@2 put(b)@3', async (s) => {
      expect((await s.range('a', { rangeEnd: '\0' })).kvs.map(showKvMeta)).toEqual([
        'a{create_revision: 2, mod_revision: 2, version: 1, lease: 7}',
        'b{create_revision: 3, mod_revision: 3, version: 1}',
      ]);
    });
  });

  describe('revoking and expiring', () => {
    const attached = 'grant(7) put(a,lease=7)@2 put(b,lease=7)@3 put(c)@4';

    example(b, 'revoke deletes every attached key in one revision', `${attached} → revoke(7)@5; watch(a.., from 5) = [DELETE a@5, DELETE b@5]`, async (s) => {
      const w = await watch(s, 'a..');
      expect((await s.leaseRevoke(7)).header.revision).toBe(5);
      const r = await w.response();
      expect(showEvents(r.events)).toBe('[DELETE a@5, DELETE b@5]');
      expect(await range(s, 'a..')).toBe('[c=v4@4] count 1');
      expect((await s.leaseTimeToLive(7)).ttl).toBe(-1);
      expect((await s.leaseLeases()).leases).toEqual([]);
      await expect(s.leaseRevoke(7)).rejects.toMatchObject({ name: 'ErrLeaseNotFound' });
      expect(await currentRevision(s)).toBe(5);
    });

    example(b, 'revoking a lease without keys creates no revision', 'put(a)@2 grant(7) → revoke(7).header = 2', async (s) => {
      expect((await s.leaseRevoke(7)).header.revision).toBe(2);
      expect((await s.put('b', 'x')).header.revision).toBe(3);
    });

    example(b, 'an expired lease deletes its keys in one revision', 'put(c)@2 → grant(8, ttl 10) put(d, lease 8)@3 put(e, lease 8)@4; +10.5s → [DELETE d@5, DELETE e@5]', async (s, { clock }) => {
      await s.leaseGrant(10, 8);
      await s.put('d', 'x', { lease: 8 });
      await s.put('e', 'x', { lease: 8 });
      const w = await watch(s, 'a..');
      clock.advance(9_900);
      expect(await w.quiet()).toBe(true);
      expect(await range(s, 'd..f')).toBe('[d=x@3, e=x@4] count 2');
      clock.advance(600);
      await eventually(async () => (await s.range('d', { rangeEnd: 'f' })).count === 0, 'the expired lease’s keys to go');
      const r = await w.response();
      expect(showEvents(r.events)).toBe('[DELETE d@5, DELETE e@5]');
      expect(await currentRevision(s)).toBe(5);
      expect(await range(s, 'a..')).toBe('[c=v2@2] count 1');
      expect((await s.leaseLeases()).leases).toEqual([]);
      expect((await s.leaseTimeToLive(8)).ttl).toBe(-1);
      await expect(s.leaseKeepAlive(8)).rejects.toMatchObject({ name: 'ErrLeaseNotFound' });
    }, { needsClock: true });

    example(b, 'an expired lease cannot be kept alive, even before its revocation is written', '∅ → grant(8, ttl 10); +10s → keepAlive(8) = ErrLeaseNotFound', async (s, { clock }) => {
      await s.leaseGrant(10, 8);
      clock.advance(10_000);
      await expect(s.leaseKeepAlive(8)).rejects.toMatchObject({ name: 'ErrLeaseNotFound' });
    }, { needsClock: true, leaseCheckIntervalMs: 60_000 });
  });

  describe('attaching keys', () => {
    example(b, 'a put with a lease that does not exist fails with ErrLeaseNotFound and creates no revision', 'put(a)@2 → put(b, lease 99) = ErrLeaseNotFound', async (s) => {
      await expect(s.put('b', 'x', { lease: 99 })).rejects.toMatchObject({ name: 'ErrLeaseNotFound' });
      expect(await range(s, 'a..')).toBe('[a=v2@2] count 1');
      expect(await currentRevision(s)).toBe(2);
    });

    example(b, 're-putting a key without a lease detaches it', 'grant(7) put(a,lease=7)@2 put(a)@3 → timeToLive(7).keys = []; revoke(7) keeps a', async (s) => {
      expect((await s.leaseTimeToLive(7, { keys: true })).keys).toEqual([]);
      expect((await s.leaseRevoke(7)).header.revision).toBe(3);
      expect(await s.range('a').then((r) => showKvMeta(r.kvs[0]))).toBe('a{create_revision: 2, mod_revision: 3, version: 2}');
    });

    example(b, 're-putting a key with another lease moves it', 'grant(7) grant(8) put(a,lease=7)@2 put(a,lease=8)@3 → revoke(7) keeps a; revoke(8) deletes it', async (s) => {
      expect((await s.leaseTimeToLive(8, { keys: true })).keys.map(showBytes)).toEqual(['a']);
      expect((await s.leaseRevoke(7)).header.revision).toBe(3);
      expect((await s.leaseRevoke(8)).header.revision).toBe(4);
      expect(await range(s, 'a')).toBe('[] count 0');
    });

    example(b, 'a key deleted by hand is no longer attached', 'grant(7) put(a,lease=7)@2 del(a)@3 → timeToLive(7).keys = []; revoke(7) creates no revision', async (s) => {
      expect((await s.leaseTimeToLive(7, { keys: true })).keys).toEqual([]);
      expect((await s.leaseRevoke(7)).header.revision).toBe(3);
    });

    example(b, 'a key attached inside a txn is deleted with its lease', 'grant(7) → txn[put(a, lease 7), put(b)]@2; revoke(7)@3 deletes a', async (s) => {
      await s.txn({ success: [{ put: { key: 'a', value: 'x', lease: 7 } }, { put: { key: 'b', value: 'x' } }] });
      expect((await s.leaseRevoke(7)).header.revision).toBe(3);
      expect(await range(s, 'a..')).toBe('[b=x@2] count 1');
    });
  });
}
