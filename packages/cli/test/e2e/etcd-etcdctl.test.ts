/**
 * `kubelab etcd` against the real thing: the same commands run by the real etcdctl (3.4)
 * against a real etcd and by the built kubelab CLI against a real kubelab daemon, and their
 * output compared. Simple output must be byte for byte the same; JSON the same once the
 * numbers that differ between two stores (IDs, revisions, sizes) are blanked; tables the same
 * headers and shape. Without etcd and etcdctl installed this is skipped with a warning, except
 * in CI, where it fails.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type EtcdProcess, findEtcd, startEtcd } from '@kubelab/daemon/store/etcd/etcd-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEtcdctl, referenceAvailable, start, until } from '../support/etcd.js';
import { CLI_BIN, Lab, type Result, assertBuilt, run } from '../support/lab.js';

const etcdBin = findEtcd();
const etcdctlBin = findEtcdctl();
const available = referenceAvailable(etcdBin, etcdctlBin);

let ref: EtcdProcess;
let lab: Lab;
let server: string;

beforeAll(async () => {
  if (!available) return;
  assertBuilt();
  ref = await startEtcd({ bin: etcdBin });
  lab = new Lab();
  const up = await lab.kubelab('up');
  if (up.code !== 0) throw new Error(`kubelab up failed: ${up.stderr}`);
  server = /at (https:\/\/\S+) /.exec(up.stdout)?.[1] ?? '';
});

afterAll(async () => {
  await ref?.stop();
  await lab?.cleanup();
});

type Side = 'kubelab' | 'etcdctl';

function etcdctl(...args: string[]): Promise<Result> {
  return run(etcdctlBin!, ['--endpoints', ref.endpoint, ...args], { ...process.env, ETCDCTL_API: '3' });
}

/** The same command on both sides (args may differ per side, as revisions do); results normalised. */
async function both(args: string[] | ((side: Side) => string[])): Promise<Record<Side, Result>> {
  const of = (side: Side) => (typeof args === 'function' ? args(side) : args);
  const [k, e] = await Promise.all([lab.kubelab('etcd', ...of('kubelab')), etcdctl(...of('etcdctl'))]);
  return { kubelab: normalise(k, server), etcdctl: normalise(e, ref.endpoint) };
}

/** What two stores cannot agree on: IDs, revisions and sizes in JSON, the endpoint, client logging. */
function normalise(r: Result, endpoint: string): Result {
  const clean = (s: string) =>
    blankNumbers(
      s
        .split('\n')
        // etcdctl's gRPC client logs retries as JSON lines on stderr.
        .filter((l) => !l.startsWith('{"level"'))
        .join('\n')
        .replaceAll(endpoint, '<endpoint>'),
    );
  return { code: r.code, stdout: clean(r.stdout), stderr: clean(r.stderr) };
}

/** JSON numbers that differ between two stores, as 0 (the text stays JSON). */
function blankNumbers(text: string): string {
  return text.replace(/"(cluster_id|member_id|revision|raft_term|create_revision|mod_revision|ID|leader|raftIndex|raftTerm|raftAppliedIndex|dbSize|dbSizeInUse|CompactRevision|hash|totalKey|totalSize)":\d+/g, '"$1":0');
}

/** Each line's JSON document with every value replaced by its type: the shape two outputs must share. */
function shape(text: string): unknown[] {
  const of = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(of);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, of(x)]));
    return typeof v;
  };
  return text
    .trim()
    .split('\n')
    .map((l) => of(JSON.parse(l)));
}

/** A table's header cells and its number of rows. */
function tableShape(text: string): { header: string[]; rows: number } {
  const lines = text.trim().split('\n');
  return { header: (lines[1] ?? '').split('|').map((c) => c.trim()).filter(Boolean), rows: lines.filter((l) => l.startsWith('|')).length - 1 };
}

const revision = (r: Result) => Number(/"revision":(\d+)/.exec(r.stdout)?.[1]);

describe.skipIf(!available)('kubelab etcd prints what etcdctl prints', () => {
  it('get, put, del and watch: the same lines, and the same JSON up to IDs and revisions', async () => {
    // Watchers from the next revision on each side: history replays, so nothing is missed.
    const next: Record<Side, number> = {
      kubelab: revision(await lab.kubelab('etcd', 'get', '/lab/', '-w', 'json')) + 1,
      etcdctl: revision(await etcdctl('get', '/lab/', '-w', 'json')) + 1,
    };
    const watchers = {
      kubelab: start(process.execPath, [CLI_BIN, 'etcd', 'watch', '/lab/', '--prefix', '--rev', String(next.kubelab)], lab.env()),
      etcdctl: start(etcdctlBin!, ['--endpoints', ref.endpoint, 'watch', '/lab/', '--prefix', '--rev', String(next.etcdctl)], process.env),
    };
    const jsonWatchers = {
      kubelab: start(process.execPath, [CLI_BIN, 'etcd', 'watch', '/lab/', '--prefix', '--rev', String(next.kubelab), '-w', 'json'], lab.env()),
      etcdctl: start(etcdctlBin!, ['--endpoints', ref.endpoint, 'watch', '/lab/', '--prefix', '--rev', String(next.etcdctl), '-w', 'json'], process.env),
    };
    const scenario: string[][] = [
      ['put', '/lab/a', '1'],
      ['put', '/lab/a/b', 'hello world'],
      ['put', '/lab/c', ''],
      ['put', '/lab/tab', 'a\tb\nc <&>'],
      ['put', '--', '/lab/neg', '-v'],
      ['put', '/lab/a', '2', '--prev-kv'],
      ['put', '/lab/x', '1', '-w', 'json'],
      ['put', '/lab/x', '2', '--prev-kv', '-w', 'json'],
      ['get', '/lab/a'],
      ['get', '/lab/a', '--prefix'],
      ['get', '/lab/', '--prefix', '--keys-only'],
      ['get', '/lab/', '--prefix', '--print-value-only'],
      ['get', '/lab/', '--prefix', '-w', 'json'],
      ['get', '/lab/', '--prefix', '--keys-only', '-w', 'json'],
      ['get', '/lab/', '--prefix', '--limit', '2', '-w', 'json'],
      ['get', '/lab/a', '/lab/c'],
      ['get', '/lab/nope'],
      ['get', '/lab/nope', '-w', 'json'],
      ['del', '/lab/nope'],
      ['del', '/lab/nope', '-w', 'json'],
      ['del', '/lab/a/b'],
      ['del', '/lab/x', '--prev-kv'],
      ['del', '/lab/', '--prefix', '-w', 'json'],
      ['get', '/lab/', '--prefix'],
    ];
    for (const args of scenario) {
      const r = await both(args);
      expect(r.kubelab, `kubelab etcd ${args.join(' ')}`).toEqual(r.etcdctl);
    }
    const events = 11;
    await until('both watches to print every event', () => Object.values(watchers).every((w) => w.stdout.split('\n').length > events * 3));
    await until('both JSON watches to print every event', () => Object.values(jsonWatchers).every((w) => (w.stdout.match(/"kv":/g) ?? []).length >= events));
    for (const w of [...Object.values(watchers), ...Object.values(jsonWatchers)]) w.kill();
    expect(watchers.kubelab.stdout).toBe(watchers.etcdctl.stdout);
    // Replayed history may be batched differently into responses; the events and each line's shape may not differ.
    const jsonEvents = (out: string) =>
      out
        .trim()
        .split('\n')
        .flatMap((l) => (JSON.parse(blankNumbers(l)) as { Events: unknown[] }).Events);
    expect(jsonEvents(jsonWatchers.kubelab.stdout)).toEqual(jsonEvents(jsonWatchers.etcdctl.stdout));
    expect(new Set(shape(jsonWatchers.kubelab.stdout).map((s) => JSON.stringify(Object.keys(s as object))))).toEqual(
      new Set(shape(jsonWatchers.etcdctl.stdout).map((s) => JSON.stringify(Object.keys(s as object)))),
    );
  });

  it('compaction, and the errors of reading or watching compacted history', async () => {
    const old: Record<Side, number> = {
      kubelab: revision(await lab.kubelab('etcd', 'put', '/lab/old', '1', '-w', 'json')),
      etcdctl: revision(await etcdctl('put', '/lab/old', '1', '-w', 'json')),
    };
    const now: Record<Side, number> = {
      kubelab: revision(await lab.kubelab('etcd', 'put', '/lab/old', '2', '-w', 'json')),
      etcdctl: revision(await etcdctl('put', '/lab/old', '2', '-w', 'json')),
    };
    const compacted = await both((side) => ['compaction', String(now[side])]);
    expect(compacted.kubelab.stdout).toBe(`compacted revision ${now.kubelab}\n`);
    expect(compacted.etcdctl.stdout).toBe(`compacted revision ${now.etcdctl}\n`);
    for (const args of [
      (side: Side) => ['get', '/lab/old', '--rev', String(old[side])],
      (side: Side) => ['compaction', String(old[side])],
      (side: Side) => ['watch', '/lab/old', '--rev', String(old[side])],
      (side: Side) => ['watch', '/lab/old', '--rev', String(old[side]), '-w', 'json'],
    ]) {
      const r = await both(args);
      expect(r.kubelab, `kubelab etcd ${args('kubelab').join(' ')}`).toEqual(r.etcdctl);
    }
  });

  it('endpoint status, endpoint health and member list: the same fields in every form', async () => {
    for (const command of [['endpoint', 'status'], ['endpoint', 'health'], ['member', 'list']]) {
      const simple = await both(command);
      expect(simple.kubelab.code).toBe(simple.etcdctl.code);
      expect(simple.kubelab.stdout.split(', ').length, command.join(' ')).toBe(simple.etcdctl.stdout.split(', ').length);
      const json = await both([...command, '-w', 'json']);
      expect(shape(json.kubelab.stdout), command.join(' ')).toEqual(shape(json.etcdctl.stdout).map((s) => withoutPeers(s)));
      const table = await both([...command, '-w', 'table']);
      expect(tableShape(table.kubelab.stdout)).toEqual(tableShape(table.etcdctl.stdout));
    }
    const health = await both(['endpoint', 'health']);
    const took = / is healthy: successfully committed proposal: took = [\d.]+(ns|µs|ms|s)\n$/;
    expect(health.kubelab.stderr).toMatch(took);
    expect(health.kubelab.stderr.replace(took, '')).toBe(health.etcdctl.stderr.replace(took, ''));
    expect(health.kubelab.stdout).toBe(health.etcdctl.stdout);
    const status = await both(['endpoint', 'status']);
    // ID, version and size differ; leader, learner and errors (none) do not.
    const fields = (s: string) => s.split(', ').filter((_, i) => [0, 4, 5, 9].includes(i));
    expect(fields(status.kubelab.stdout)).toEqual(fields(status.etcdctl.stdout));
  });

  it('defrag, snapshot save and snapshot status', async () => {
    expect((await both(['defrag'])).kubelab).toEqual((await both(['defrag'])).etcdctl);
    const dir = join(lab.root, 'snapshots');
    mkdirSync(join(dir, 'kubelab'), { recursive: true });
    mkdirSync(join(dir, 'etcdctl'), { recursive: true });
    const file = (side: Side) => join(dir, side, 's.db');
    const saved = await both((side) => ['snapshot', 'save', file(side)]);
    expect(saved.kubelab).toEqual({ code: 0, stdout: `Snapshot saved at ${file('kubelab')}\n`, stderr: '' });
    expect(saved.etcdctl.stdout).toBe(`Snapshot saved at ${file('etcdctl')}\n`);
    const simple = await both((side) => ['snapshot', 'status', file(side)]);
    for (const r of Object.values(simple)) expect(r.stdout).toMatch(/^[0-9a-f]+, \d+, \d+, \d+(\.\d)? [kM]?B\n$/);
    const json = await both((side) => ['snapshot', 'status', file(side), '-w', 'json']);
    expect(json.kubelab.stdout).toBe(json.etcdctl.stdout);
    const table = await both((side) => ['snapshot', 'status', file(side), '-w', 'table']);
    expect(tableShape(table.kubelab.stdout)).toEqual(tableShape(table.etcdctl.stdout));
  });

  it('the same errors, in the same words, with the same exit codes', async () => {
    for (const args of [
      ['get'],
      ['put'],
      ['del'],
      ['watch'],
      ['compaction'],
      ['compaction', 'abc'],
      ['get', '/a', '-w', 'table'],
      ['get', '/a', '-w', 'yaml'],
      ['get', '/a', '--prefix', '/b'],
      ['del', '/a', '--prefix', '/b'],
      ['snapshot', 'save'],
      ['snapshot', 'status'],
      ['snapshot', 'status', '/no/such.db'],
      ['snapshot', 'restore', '--data-dir', '/tmp/never-created'],
    ]) {
      const r = await both(args);
      expect(r.kubelab, `kubelab etcd ${args.join(' ')}`).toEqual(r.etcdctl);
    }
    // Flag errors: etcdctl (cobra) also prints its usage on stdout, and the error twice.
    for (const args of [['get', '/a', '--bogus'], ['get', '/a', '--rev', 'abc'], ['compaction', '-5']]) {
      const r = await both(args);
      expect(r.kubelab.code).toBe(r.etcdctl.code);
      expect(r.etcdctl.stderr).toContain(r.kubelab.stderr);
      expect(r.kubelab.stderr).toMatch(/^Error: .+\n$/);
    }
  });
});

/** etcd's member has a peer URL; kubelab's store has no peers (its JSON leaves peerURLs out). */
function withoutPeers(s: unknown): unknown {
  const m = s as { members?: Array<Record<string, unknown>> };
  if (!m.members) return s;
  return { ...m, members: m.members.map(({ peerURLs: _, ...rest }) => rest) };
}
