/**
 * What only the etcd backend does: etcd's snapshot file, status fields, lease ids from other
 * clients, keep-alive, fragmented watch responses, cancelled watches and a stopped etcd.
 * Everything the three backends share is held to identical results by
 * test/store/differential.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../backend.js';
import { openEtcdBackend, type EtcdBackend } from './etcd-backend.js';
import { findEtcd, freePort, startEtcd, type EtcdProcess } from './etcd-process.js';

const etcdBin = findEtcd();
const etcdctl = spawnSync('etcdctl', ['version'], { encoding: 'utf8' }).status === 0 ? 'etcdctl' : undefined;
const inCi = process.env['CI'] === 'true';
if (!etcdBin && !inCi) {
  console.warn('\n⚠ etcd is not installed: SKIPPING the etcd backend tests (apt-get install -y etcd-server etcd-client)\n');
}

if (etcdBin && !etcdctl && !inCi) {
  console.warn('\n⚠ etcdctl is not installed: SKIPPING the tests that check against etcdctl (apt-get install -y etcd-client)\n');
}

it.runIf(!etcdBin && inCi)('etcd is installed, as CI requires', () => {
  throw new Error('etcd is not installed; CI must run the etcd backend tests (apt-get install -y etcd-server etcd-client)');
});

it.runIf(etcdBin && !etcdctl && inCi)('etcdctl is installed, as CI requires', () => {
  throw new Error('etcdctl is not installed; CI must check the etcd backend against it (apt-get install -y etcd-client)');
});

describe.skipIf(!etcdBin)('the etcd backend', () => {
  let etcd: EtcdProcess;
  let store: EtcdBackend;
  const dirs: string[] = [];

  beforeAll(async () => {
    etcd = await startEtcd({ args: ['--heartbeat-interval=10', '--election-timeout=100'] });
  });
  afterAll(async () => {
    await etcd?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  afterEach(async () => {
    await store?.close();
  });

  function open(): EtcdBackend {
    store = openEtcdBackend({ endpoints: [etcd.endpoint] });
    return store;
  }

  function ctl(...args: string[]): string {
    const r = spawnSync(etcdctl!, [`--endpoints=${etcd.endpoint}`, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  it.runIf(etcdctl)('writes a snapshot that etcdctl reads, and reports what etcdctl snapshot status reports', async () => {
    const s = open();
    for (let i = 0; i < 50; i++) await s.put(`/snap/${i}`, 'x'.repeat(i * 40));
    await s.deleteRange('/snap/1');
    const dir = mkdtempSync(join(tmpdir(), 'kl-snap-'));
    dirs.push(dir);
    const path = join(dir, 'etcd.snapshot');

    const info = await s.snapshot(path);

    const status = JSON.parse(ctl('snapshot', 'status', path, '-w', 'json')) as Record<string, number>;
    expect({ revision: info.revision, totalKey: info.totalKey, hash: info.hash }).toEqual({
      revision: status['revision'],
      totalKey: status['totalKey'],
      hash: status['hash'],
    });
    // etcdctl reports the database size; the file also holds etcd's 32-byte SHA-256 of it.
    expect(info.totalSize).toBe(status['totalSize']! + 32);
    expect(info.revision).toBe((await s.range('/snap/2')).header.revision);
  });

  it.runIf(etcdctl)("reports etcd's version, its cluster and member ids in hex, and the compact revision", async () => {
    const s = open();
    await s.put('/status/a', '1');
    const { header } = await s.put('/status/a', '2');
    await s.compact(header.revision);

    const status = await s.status();

    const [endpoint] = JSON.parse(ctl('endpoint', 'status', '-w', 'json')) as Array<{
      Status: { header: { cluster_id: number; member_id: number }; version: string; dbSize: number };
    }>;
    // etcdctl's JSON prints the uint64 ids as (rounded) JSON numbers; its table prints them in hex.
    const table = ctl('endpoint', 'status', '-w', 'table');
    expect(table).toContain(status.memberId);
    expect(status.version).toBe(`etcd/${endpoint!.Status.version}`);
    expect(BigInt(`0x${status.clusterId}`)).toBeGreaterThan(0n);
    expect(status.compactRevision).toBe(header.revision);
    expect(status.dbSize).toBeGreaterThan(0);
    await s.defragment();
    expect((await s.status()).dbSizeInUse).toBeLessThanOrEqual((await s.status()).dbSize);
  });

  it.runIf(etcdctl)('refuses a lease id above 2^53 granted by another etcd client, naming the lease', async () => {
    const s = open();
    const hexId = /lease ([0-9a-f]+) granted/.exec(ctl('lease', 'grant', '600'))![1]!;
    const id = BigInt(`0x${hexId}`);
    if (id <= BigInt(Number.MAX_SAFE_INTEGER)) return; // etcd happened to pick a small id: nothing to refuse
    ctl('put', '/big-lease', 'v', `--lease=${hexId}`);

    await expect(s.range('/big-lease')).rejects.toMatchObject({ code: 'LeaseIdTooLarge', leaseId: id.toString() });
    await expect(s.leaseGrant(60, 2 ** 53 + 2)).rejects.toMatchObject({ code: 'InvalidLeaseId' });
    ctl('lease', 'revoke', hexId);
  });

  it('grants a lease with an id it chose below 2^53 when the caller gives none, and renews it', async () => {
    const s = open();
    const grant = await s.leaseGrant(60);
    expect(Number.isSafeInteger(grant.id) && grant.id > 0).toBe(true);
    expect(grant.ttl).toBe(60);

    const renewed = await s.leaseKeepAlive(grant.id);
    expect(renewed).toMatchObject({ id: grant.id, ttl: 60 });
    await s.leaseRevoke(grant.id);
    await expect(s.leaseKeepAlive(grant.id)).rejects.toMatchObject({ code: 'LeaseNotFound' });
  });

  it('puts back together a catch-up response that etcd sent in fragments', async () => {
    const s = open();
    const big = 'v'.repeat(1024 * 1024);
    const first = await s.put('/frag/a', big);
    await s.put('/frag/b', big);
    await s.put('/frag/c', big);
    // Three revisions of 1 MiB each: one catch-up response of 3 MiB, above etcd's 1.5 MiB limit.
    const w = await s.watch('/frag/', { rangeEnd: '/frag0', startRevision: first.header.revision });
    const events: WatchEvent[] = [];
    for await (const r of w) {
      events.push(...r.events);
      if (events.length >= 3) break;
    }
    expect(events.map((e) => [e.kv.key.toString(), e.kv.value.length])).toEqual([
      ['/frag/a', big.length],
      ['/frag/b', big.length],
      ['/frag/c', big.length],
    ]);
  });

  it('ends a cancelled watch, and keeps serving requests after many cancels', async () => {
    const s = open();
    for (let i = 0; i < 8; i++) {
      const w = await s.watch(`/cancel/${i}`);
      const next = w[Symbol.asyncIterator]().next();
      w.cancel();
      expect(await next).toEqual({ value: undefined, done: true });
    }
    const w = await s.watch('/cancel/x');
    const put = await s.put('/cancel/x', '1');
    const first = await w[Symbol.asyncIterator]().next();
    expect(first.value?.events[0]?.kv.modRevision).toBe(put.header.revision);
    w.cancel();
  });

  it('refuses a watch on an empty range as etcd does', async () => {
    const s = open();
    await expect(s.watch('b', { rangeEnd: 'a' })).rejects.toMatchObject({ code: 'EmptyWatcherRange' });
  });

  it('skips an unreachable endpoint and serves through the others', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    store = openEtcdBackend({ endpoints: [dead, etcd.endpoint] });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(await store.range('k').then(
        () => 'ok',
        (err: { code?: string }) => err.code ?? 'error',
      ));
    }
    // The call that found the dead endpoint fails (it is not retried: it might have been a write);
    // the calls after it go to the live endpoint.
    expect(outcomes.filter((o) => o !== 'ok').length).toBeLessThanOrEqual(1);
    expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'Unavailable')).toBe(true);
  });

  it('fails requests and watches with Unavailable once etcd is gone', async () => {
    const own = await startEtcd({ args: ['--heartbeat-interval=10', '--election-timeout=100'] });
    const s = openEtcdBackend({ endpoints: [own.endpoint] });
    try {
      await s.put('k', 'v');
      const w = await s.watch('k');
      const failure = w[Symbol.asyncIterator]().next().then(
        () => undefined,
        (err: unknown) => err,
      );
      await own.stop();
      expect(await failure).toMatchObject({ code: 'Unavailable' });
      await expect(s.range('k')).rejects.toMatchObject({ code: 'Unavailable' });
    } finally {
      await s.close();
      await own.stop();
    }
  });
});
