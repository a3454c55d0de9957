/**
 * The etcd admin API of a real daemon, over its real HTTPS listener: what `kubelab etcd …`
 * relies on — etcd's answers and errors in etcd's words, the watch stream, the snapshot bytes
 * — and that only the daemon's own token opens it.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from '../../kubelabd/daemon.js';
import { snapshotStatus } from '../../store/snapshot/status.js';

let daemon: Daemon;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubelab-etcd-admin-'));
  daemon = await startDaemon({ dataDir, port: 0, unsafeNoFsync: true, scheduler: false });
});

afterAll(async () => {
  await daemon?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTPS request to the daemon; the whole body, or a stream's until `until` says enough. */
function call(method: string, path: string, body?: unknown, options: { token?: string; until?: (text: string) => boolean } = {}): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${daemon.server}${path}`,
      { method, ca: daemon.caPem, agent: false, headers: { authorization: `Bearer ${options.token ?? daemon.token}`, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (options.until?.(Buffer.concat(chunks).toString())) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const json = (a: Answer) => JSON.parse(a.body.toString()) as Record<string, any>;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const ETCD = '/kubelab/v1/etcd';

describe('the etcd admin API', () => {
  it('puts, reads and deletes keys as etcd does, with the member in every header', async () => {
    const put = json(await call('POST', `${ETCD}/kv/put`, { key: b64('/lab/a'), value: b64('one') }));
    const status = json(await call('GET', `${ETCD}/maintenance/status`));
    expect(put['header']).toEqual({ cluster_id: status['header'].cluster_id, member_id: status['header'].member_id, revision: expect.any(Number), raft_term: 1 });
    const rev = (r: Answer) => json(r)['header'].revision as number;
    const [first, second, third] = [
      put['header'].revision as number,
      rev(await call('POST', `${ETCD}/kv/put`, { key: b64('/lab/a'), value: b64('two') })),
      rev(await call('POST', `${ETCD}/kv/put`, { key: b64('/lab/b'), value: b64('') })),
    ];

    const all = json(await call('POST', `${ETCD}/kv/range`, { key: b64('/lab/'), range_end: b64('/lab0') }));
    expect(all['count']).toBe(2);
    expect(all['kvs']).toEqual([
      { key: b64('/lab/a'), create_revision: first, mod_revision: second, version: 2, value: b64('two'), lease: 0 },
      { key: b64('/lab/b'), create_revision: third, mod_revision: third, version: 1, value: '', lease: 0 },
    ]);
    const limited = json(await call('POST', `${ETCD}/kv/range`, { key: b64('/lab/'), range_end: b64('/lab0'), limit: 1, keys_only: true }));
    expect(limited).toMatchObject({ count: 2, more: true, kvs: [{ key: b64('/lab/a'), value: '' }] });
    const old = json(await call('POST', `${ETCD}/kv/range`, { key: b64('/lab/a'), revision: first }));
    expect(old['kvs'][0].value).toBe(b64('one'));

    const del = json(await call('POST', `${ETCD}/kv/deleterange`, { key: b64('/lab/'), range_end: b64('/lab0'), prev_kv: true }));
    expect(del['deleted']).toBe(2);
    expect(del['prev_kvs'].map((kv: { key: string }) => kv.key)).toEqual([b64('/lab/a'), b64('/lab/b')]);
  });

  it("answers errors with the store's code and etcd's words", async () => {
    const put = json(await call('POST', `${ETCD}/kv/put`, { key: b64('/lab/c'), value: b64('x') }));
    const rev = put['header'].revision as number;
    const next = json(await call('POST', `${ETCD}/kv/put`, { key: b64('/lab/c'), value: b64('y') }))['header'].revision as number;
    expect(json(await call('POST', `${ETCD}/kv/compaction`, { revision: next }))['header'].revision).toBeGreaterThanOrEqual(next);

    const compacted = await call('POST', `${ETCD}/kv/range`, { key: b64('/lab/c'), revision: rev });
    expect(compacted.status).toBe(400);
    expect(json(compacted)).toEqual({ code: 'Compacted', message: 'etcdserver: mvcc: required revision has been compacted' });
    const future = await call('POST', `${ETCD}/kv/range`, { key: b64('/lab/c'), revision: rev + 1_000_000 });
    expect(json(future)).toEqual({ code: 'FutureRevision', message: 'etcdserver: mvcc: required revision is a future revision' });
    const again = await call('POST', `${ETCD}/kv/compaction`, { revision: rev });
    expect([again.status, json(again)['message']]).toEqual([400, 'etcdserver: mvcc: required revision has been compacted']);
    const noKey = await call('POST', `${ETCD}/kv/put`, { key: '', value: b64('x') });
    expect(json(noKey)).toEqual({ code: 'EmptyKey', message: 'etcdserver: key is not provided' });

    expect((await call('POST', `${ETCD}/kv/range`, '{not json')).status).toBe(400);
    expect(json(await call('POST', `${ETCD}/kv/range`, { key: 'not base64!' }))['message']).toBe('key: must be base64-encoded bytes');
    expect((await call('GET', `${ETCD}/kv/range`)).status).toBe(405);
    expect((await call('GET', `${ETCD}/nothing`)).status).toBe(404);
  });

  it('takes only the daemon token: a service account token is refused, a wrong one unauthorised', async () => {
    const ns = '/api/v1/namespaces/default/serviceaccounts';
    expect((await call('POST', ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } })).status).toBe(201);
    const issued = json(await call('POST', `${ns}/robot/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} }));
    const saToken = issued['status'].token as string;
    // The token works for the Kubernetes API (it may read its own namespace's pods) …
    expect((await call('GET', '/api/v1/namespaces/default/pods', undefined, { token: saToken })).status).toBe(200);
    // … but not for the store.
    const refused = await call('GET', `${ETCD}/maintenance/status`, undefined, { token: saToken });
    expect(refused.status).toBe(403);
    expect(json(refused)['message']).toContain("takes only the kubelab daemon's own token");
    expect((await call('GET', `${ETCD}/maintenance/status`, undefined, { token: 'wrong' })).status).toBe(401);
    // In-process callers (controllers) send no token at all.
    expect((await daemon.api.handle({ method: 'GET', url: `${ETCD}/maintenance/status`, headers: {} })).status).toBe(403);
  });

  it('streams a watch: registered first, then the changes, and a compacted start cancelled', async () => {
    const start = json(await call('POST', `${ETCD}/kv/put`, { key: b64('/watched/a'), value: b64('1') }))['header'].revision as number;
    const deleted = json(await call('POST', `${ETCD}/kv/deleterange`, { key: b64('/watched/a') }))['header'].revision as number;
    const events = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('{') && l.endsWith('}'))
        .map((l) => JSON.parse(l))
        .flatMap((l) => l.events ?? []);
    const stream = await call('POST', `${ETCD}/watch`, { key: b64('/watched/'), range_end: b64('/watched0'), start_revision: start }, { until: (t) => events(t).length >= 2 });
    const lines = stream.body.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ created: true, start_revision: start });
    // Replayed history may come in one response (etcd batches catch-up the same way); either way, in order.
    expect(events(stream.body.toString())).toEqual([
      { type: 'PUT', kv: { key: b64('/watched/a'), create_revision: start, mod_revision: start, version: 1, value: b64('1'), lease: 0 } },
      { type: 'DELETE', kv: { key: b64('/watched/a'), create_revision: 0, mod_revision: deleted, version: 0, value: '', lease: 0 } },
    ]);
    expect(lines.at(-1).header.revision).toBeGreaterThanOrEqual(deleted);

    await call('POST', `${ETCD}/kv/compaction`, { revision: deleted });
    const cancelled = await call('POST', `${ETCD}/watch`, { key: b64('/watched/a'), start_revision: start });
    expect(JSON.parse(cancelled.body.toString().trim().split('\n').at(-1) ?? '')).toMatchObject({
      canceled: true,
      compact_revision: deleted,
      cancel_reason: 'etcdserver: mvcc: required revision has been compacted',
    });
  });

  it('streams a snapshot whose bytes are a whole, valid snapshot of the store', async () => {
    await call('POST', `${ETCD}/kv/put`, { key: b64('/lab/snap'), value: b64('kept') });
    const res = await call('GET', `${ETCD}/maintenance/snapshot`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    const file = join(dataDir, '..', `${process.pid}-admin-snapshot.db`);
    writeFileSync(file, res.body);
    try {
      const status = await snapshotStatus(file);
      expect(status.revision).toBe(Number(res.headers['x-kubelab-snapshot-revision']));
      expect(status.revision).toBeGreaterThanOrEqual(daemon.store.revision - 5);
      expect(status.totalSize).toBe(res.body.length);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('lets the snapshot file go when the client hangs up half-way', async () => {
    // Large enough that the download cannot sit whole in the socket buffers.
    for (let i = 0; i < 8; i++) await call('POST', `${ETCD}/kv/put`, { key: b64(`/lab/big/${i}`), value: Buffer.alloc(1_000_000, i).toString('base64') });
    const openSnapshots = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).includes('kubelab-snapshot-');
        } catch {
          return false;
        }
      }).length;
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(`${daemon.server}${ETCD}/maintenance/snapshot`, { ca: daemon.caPem, agent: false, headers: { authorization: `Bearer ${daemon.token}` } }, (res) => {
        res.once('data', (c: Buffer) => {
          res.destroy();
          resolve(c.length);
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (openSnapshots() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(openSnapshots()).toBe(0);
    expect(json(await call('GET', `${ETCD}/maintenance/health`))).toEqual({ health: true });
    await call('POST', `${ETCD}/kv/deleterange`, { key: b64('/lab/big/'), range_end: b64('/lab/big0') });
  });

  it('reports status, health and the one member like etcd', async () => {
    const status = json(await call('GET', `${ETCD}/maintenance/status`));
    expect(status).toMatchObject({ version: 'kubelab-sqlite/0.1.0', leader: status['header'].member_id, raft_term: 1, is_learner: false });
    expect(status['raft_index']).toBe(status['header'].revision);
    expect(status['db_size']).toBeGreaterThan(0);
    expect(json(await call('GET', `${ETCD}/maintenance/health`))).toEqual({ health: true });
    expect(json(await call('POST', `${ETCD}/maintenance/defragment`))['header'].member_id).toBe(status['header'].member_id);
    expect(json(await call('GET', `${ETCD}/cluster/members`))).toEqual({
      header: { cluster_id: status['header'].cluster_id, member_id: status['header'].member_id, revision: 0, raft_term: 1 },
      members: [{ id: status['header'].member_id, name: 'kubelab', peer_urls: [], client_urls: [daemon.server], is_learner: false }],
    });
  });
});
