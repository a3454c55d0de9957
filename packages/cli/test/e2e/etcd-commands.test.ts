/**
 * `kubelab etcd …` end to end: the built CLI against a real daemon, as a lab user types it —
 * etcdctl's output lines, its `Error: …` words and exit codes. (etcd-etcdctl.test.ts compares
 * the same output with the real etcdctl's.)
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubelabWithInput, start, until } from '../support/etcd.js';
import { CLI_BIN, Lab, assertBuilt, printedKubeconfig } from '../support/lab.js';

let lab: Lab;
let kubeconfig: string;

beforeAll(async () => {
  assertBuilt();
  lab = new Lab();
  const up = await lab.kubelab('up');
  if (up.code !== 0) throw new Error(`kubelab up failed: ${up.stderr}`);
  kubeconfig = printedKubeconfig(up.stdout);
});

afterAll(async () => lab?.cleanup());

const etcd = (...args: string[]) => lab.kubelab('etcd', ...args);
const revisionOf = (json: string) => (JSON.parse(json) as { header: { revision: number } }).header.revision;

describe('kubelab etcd get, put and del', () => {
  it("print etcdctl's lines: OK, key and value lines, the number deleted", async () => {
    expect(await etcd('put', '/lab/a', '1')).toEqual({ code: 0, stdout: 'OK\n', stderr: '' });
    expect((await etcd('put', '/lab/a/b', 'hello world')).stdout).toBe('OK\n');
    expect((await etcd('put', '--', '/lab/dash', '-v')).stdout).toBe('OK\n');
    expect(await etcd('get', '/lab/a')).toEqual({ code: 0, stdout: '/lab/a\n1\n', stderr: '' });
    expect((await etcd('get', '/lab/a', '--prefix')).stdout).toBe('/lab/a\n1\n/lab/a/b\nhello world\n');
    expect((await etcd('get', '/lab/', '--prefix', '--keys-only')).stdout).toBe('/lab/a\n\n/lab/a/b\n\n/lab/dash\n\n');
    expect((await etcd('get', '/lab/', '--prefix', '--print-value-only')).stdout).toBe('1\nhello world\n-v\n');
    expect((await etcd('get', '/lab/a', '/lab/b')).stdout).toBe('/lab/a\n1\n/lab/a/b\nhello world\n');
    expect((await etcd('get', '/lab/', '--prefix', '--limit', '1')).stdout).toBe('/lab/a\n1\n');
    expect((await etcd('put', '/lab/a', '2', '--prev-kv')).stdout).toBe('OK\n/lab/a\n1\n');
    expect(await etcd('get', '/lab/none')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await etcd('del', '/lab/none')).stdout).toBe('0\n');
    expect((await etcd('del', '/lab/', '--prefix')).stdout).toBe('3\n');
    expect((await etcd('get', '/lab/', '--prefix')).stdout).toBe('');
  });

  it('reads a value from standard input when it is not given, as etcdctl does', async () => {
    expect((await kubelabWithInput(lab, 'from stdin\n', 'etcd', 'put', '/lab/stdin')).stdout).toBe('OK\n');
    expect((await etcd('get', '/lab/stdin', '--print-value-only')).stdout).toBe('from stdin\n\n');
    expect(await kubelabWithInput(lab, '', 'etcd', 'put', '/lab/stdin')).toEqual({
      code: 128,
      stdout: '',
      stderr: 'Error: put command needs 1 argument and input from stdin or 2 arguments\n',
    });
  });

  it("prints etcd's JSON with -w json: the header, base64 keys and values, revisions and count", async () => {
    const put = await etcd('put', '/lab/j', 'v1', '-w', 'json');
    expect(put.stdout).toMatch(/^\{"header":\{"cluster_id":\d+,"member_id":\d+,"revision":\d+,"raft_term":1\}\}\n$/);
    const created = revisionOf(put.stdout);
    const modified = revisionOf((await etcd('put', '/lab/j', 'v2', '-w', 'json')).stdout);
    const got = await etcd('get', '/lab/j', '-w', 'json');
    const header = /^\{"header":\{"cluster_id":\d+,"member_id":\d+,"revision":\d+,"raft_term":1\},/;
    expect(got.stdout).toMatch(header);
    expect(got.stdout.replace(header, '')).toBe(
      `"kvs":[{"key":"${b64('/lab/j')}","create_revision":${created},"mod_revision":${modified},"version":2,"value":"${b64('v2')}"}],"count":1}\n`,
    );
    // The uint64 IDs are printed exactly, as Go prints them, beyond JavaScript's 2^53.
    const status = JSON.parse((await etcd('endpoint', 'status', '-w', 'json')).stdout) as Array<{ Status: { header: unknown } }>;
    const memberHex = (await etcd('member', 'list')).stdout.split(',')[0] ?? '';
    expect(/"member_id":(\d+)/.exec(got.stdout)?.[1]).toBe(BigInt(`0x${memberHex}`).toString());
    expect(status).toHaveLength(1);
    expect((await etcd('get', '/lab/none', '-w', 'json')).stdout).toMatch(/^\{"header":\{[^}]+\}\}\n$/);
    const del = await etcd('del', '/lab/j', '-w', 'json');
    expect(del.stdout).toMatch(/,"deleted":1\}\n$/);
  });

  it("shows the API server's storage keys and objects", async () => {
    const applied = await lab.kubectl(kubeconfig, 'create', 'configmap', 'lesson', '--from-literal=topic=etcd');
    expect(applied.code).toBe(0);
    expect((await etcd('get', '/registry/configmaps/default/', '--prefix', '--keys-only')).stdout).toContain('/registry/configmaps/default/lesson\n');
    const value = (await etcd('get', '/registry/configmaps/default/lesson', '--print-value-only')).stdout;
    expect(JSON.parse(value)).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'lesson', namespace: 'default' }, data: { topic: 'etcd' } });
    const rv = (await lab.kubectl(kubeconfig, 'get', 'configmap', 'lesson', '-o', 'jsonpath={.metadata.resourceVersion}')).stdout;
    expect((await etcd('get', '/registry/configmaps/default/lesson', '-w', 'json')).stdout).toContain(`"mod_revision":${rv},`);
  });
});

describe('kubelab etcd watch', () => {
  it('prints each change as etcdctl does, replaying history from --rev', async () => {
    const from = revisionOf((await etcd('put', '/watch/a', 'one', '-w', 'json')).stdout);
    const w = start(process.execPath, [CLI_BIN, 'etcd', 'watch', '/watch/', '--prefix', '--rev', String(from)], lab.env());
    await etcd('put', '/watch/b', '');
    await etcd('del', '/watch/a');
    await until('the watch to print three events', () => w.stdout.split('\n').length > 9);
    w.kill();
    await w.exited;
    expect(w.stdout).toBe('PUT\n/watch/a\none\nPUT\n/watch/b\n\nDELETE\n/watch/a\n\n');
    expect(w.stderr).toBe('');
  });

  it('ends with exit 5 and etcd\'s reason when the revision it starts from is compacted', async () => {
    const old = revisionOf((await etcd('put', '/watch/c', '1', '-w', 'json')).stdout);
    const now = revisionOf((await etcd('put', '/watch/c', '2', '-w', 'json')).stdout);
    expect(await etcd('compaction', String(now))).toEqual({ code: 0, stdout: `compacted revision ${now}\n`, stderr: '' });
    expect(await etcd('watch', '/watch/c', '--rev', String(old))).toEqual({
      code: 5,
      stdout: '',
      stderr: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n',
    });
    expect(await etcd('get', '/watch/c', '--rev', String(old))).toEqual({ code: 1, stdout: '', stderr: 'Error: etcdserver: mvcc: required revision has been compacted\n' });
    expect(await etcd('compaction', String(old))).toEqual({ code: 1, stdout: '', stderr: 'Error: etcdserver: mvcc: required revision has been compacted\n' });
  });
});

describe('kubelab etcd maintenance', () => {
  it('reports the endpoint, its health and the one member, and defragments', async () => {
    const server = (JSON.parse(readFileSync(join(lab.dataDir, 'kubelabd.json'), 'utf8')) as { server: string }).server;
    expect((await etcd('endpoint', 'status')).stdout).toMatch(new RegExp(`^${esc(server)}, [0-9a-f]+, kubelab-sqlite/0\\.1\\.0, \\d+(\\.\\d)? [kM]?B, true, false, 1, \\d+, \\d+, \\n$`));
    // etcdctl 3.4 writes the health line to stderr, healthy or not.
    const health = await etcd('endpoint', 'health');
    expect(health.stdout).toBe('');
    expect(health.stderr).toMatch(new RegExp(`^${esc(server)} is healthy: successfully committed proposal: took = \\d+(\\.\\d+)?(ms|µs|s)\\n$`));
    expect((await etcd('member', 'list')).stdout).toMatch(new RegExp(`^[0-9a-f]+, started, kubelab, , ${esc(server)}, false\\n$`));
    const table = (await etcd('endpoint', 'status', '-w', 'table')).stdout.split('\n');
    expect(table[1]).toMatch(/^\| +ENDPOINT +\| +ID +\| +VERSION +\| DB SIZE \| IS LEADER \| IS LEARNER \| RAFT TERM \| RAFT INDEX \| RAFT APPLIED INDEX \| ERRORS \|$/);
    expect(await etcd('defrag')).toEqual({ code: 0, stdout: `Finished defragmenting etcd member[${server}]\n`, stderr: '' });
  });
});

describe('kubelab etcd snapshot', () => {
  it('saves a private snapshot that status reads offline', async () => {
    const file = join(lab.root, 'backup.db');
    expect(await etcd('snapshot', 'save', file)).toEqual({ code: 0, stdout: `Snapshot saved at ${file}\n`, stderr: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(lab.root).filter((f) => f.endsWith('.part'))).toEqual([]);
    const status = await etcd('snapshot', 'status', file, '-w', 'json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ totalSize: statSync(file).size });
    expect((await etcd('snapshot', 'status', file)).stdout).toMatch(/^[0-9a-f]+, \d+, \d+, \d+ kB\n$/);
  });

  it('fails to save into a missing directory in etcdctl\'s words, leaving nothing behind', async () => {
    const file = join(lab.root, 'no-such-dir', 's.db');
    expect(await etcd('snapshot', 'save', file)).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error: could not open ${file}.part (open ${file}.part: no such file or directory)\n`,
    });
    expect(existsSync(join(lab.root, 'no-such-dir'))).toBe(false);
  });

  it('refuses to restore into a directory that is not empty', async () => {
    const file = join(lab.root, 'backup.db');
    const target = join(lab.root, 'occupied');
    mkdirSync(target);
    mkdirSync(join(target, 'something'));
    expect(await etcd('snapshot', 'restore', file, '--data-dir', target)).toEqual({ code: 1, stdout: '', stderr: `Error: data-dir "${target}" not empty or could not be read\n` });
  });
});

describe("kubelab etcd errors, in etcdctl's words and exit codes", () => {
  it.each([
    [['get'], 128, 'get command needs one argument as key and an optional argument as range_end'],
    [['put'], 128, 'put command needs 1 argument and input from stdin or 2 arguments'],
    [['del'], 128, 'del command needs one argument as key and an optional argument as range_end'],
    [['watch'], 128, 'bad number of arguments'],
    [['compaction'], 128, 'compaction command needs 1 argument'],
    [['compaction', 'abc'], 1, 'strconv.ParseInt: parsing "abc": invalid syntax'],
    [['compaction', '-5'], 1, "unknown shorthand flag: '5' in -5"],
    [['snapshot', 'save'], 128, 'snapshot save expects one argument'],
    [['snapshot', 'status'], 128, 'snapshot status requires exactly one argument'],
    [['get', '/a', '--prefix', '/b'], 128, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set'],
    [['get', '/a', '-w', 'table'], 4, 'table not supported as output format'],
    [['get', '/a', '-w', 'yaml'], 4, 'unsupported output format'],
    [['get', '/a', '--rev', 'abc'], 1, 'invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    [['get', '/a', '--bogus'], 1, 'unknown flag: --bogus'],
    [['snapshot', 'restore', 'x.db', '--data-dir', '/tmp/never', '--bump-revision', '10'], 128, '--mark-compacted required if --revision-bump > 0'],
  ])('kubelab etcd %j exits %i: %s', async (args, code, message) => {
    expect(await etcd(...args)).toEqual({ code, stdout: '', stderr: `Error: ${message}\n` });
  });

  it('names kubelab up when kubelab is not running', async () => {
    const elsewhere = join(lab.root, 'not-running');
    for (const args of [['get', '/a'], ['snapshot', 'save', join(lab.root, 'x.db')], ['endpoint', 'health']]) {
      expect(await etcd(...args, '--data-dir', elsewhere)).toEqual({ code: 1, stdout: '', stderr: 'Error: kubelab is not running (start it with: kubelab up)\n' });
    }
  });
});

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
