import { describe, expect, it } from 'vitest';
import { parse } from '../../src/node/shell/parser.js';
import { ProjectedVolume } from '../../src/node/runtime/volumes.js';
import { shellHarness } from './shell-host.js';

describe('the container shell', () => {
  it('runs lists with ; && || and gives the status of the last command', async () => {
    const { sh } = shellHarness();
    expect(await sh('echo one; false && echo two || echo three; true')).toEqual({ status: 0, stdout: 'one\nthree\n', stderr: '' });
    expect((await sh('true && false')).status).toBe(1);
    expect((await sh('exit 3; echo never')).status).toBe(3);
  });

  it('expands variables, keeps quoted words whole and splits unquoted ones', async () => {
    const { sh } = shellHarness();
    const r = await sh('X="a  b"; for w in $X; do echo "[$w]"; done; echo "[$X]" \'[$X]\' ${MISSING:-none} ${#X}', { GREETING: 'hi' });
    expect(r.stdout).toBe('[a]\n[b]\n[a  b] [$X] none 4\n');
    expect((await sh('echo "$GREETING, $(hostname)"', { GREETING: 'hi' })).stdout).toBe('hi, web-1\n');
  });

  it('counts with while, arithmetic and sleep on the clock, like the counter example of the docs', async () => {
    const { sh, clock } = shellHarness();
    const start = clock.now();
    const r = await sh('i=0; while [ $i -lt 3 ]; do echo "$i: $(date +%s)"; i=$((i+1)); sleep 1; done');
    const t = Math.floor(start / 1000);
    expect(r.stdout).toBe(`0: ${t}\n1: ${t + 1}\n2: ${t + 2}\n`);
    expect(clock.now() - start).toBeGreaterThanOrEqual(3000);
  });

  it('reads a mounted ConfigMap and refuses to write to it', async () => {
    const config = new ProjectedVolume(async () => new Map([['app.properties', 'color=blue\n']]));
    const { sh } = shellHarness({ mounts: [{ containerPath: '/etc/config', source: config, readOnly: true }] });
    expect((await sh('ls /etc/config; cat /etc/config/app.properties')).stdout).toBe('app.properties\ncolor=blue\n');
    const w = await sh('touch /etc/config/x');
    expect(w).toEqual({ status: 1, stdout: '', stderr: 'touch: /etc/config/x: Read-only file system\n' });
    expect(await sh('cat /etc/config/missing')).toEqual({ status: 1, stdout: '', stderr: "cat: can't open '/etc/config/missing': No such file or directory\n" });
  });

  it('writes files with redirections and reads them back through pipes', async () => {
    const { sh } = shellHarness();
    const r = await sh('echo alpha > /tmp/f; echo beta >> /tmp/f; cat /tmp/f | grep -c a; wc -l < /tmp/f; rm /tmp/f; cat /tmp/f 2>&1 || echo gone');
    expect(r.stdout).toBe("2\n2\ncat: can't open '/tmp/f': No such file or directory\ngone\n");
  });

  it('says "not found" with status 127 for a command the image lacks', async () => {
    const { sh } = shellHarness();
    expect(await sh('nosuchtool --help')).toEqual({ status: 127, stdout: '', stderr: 'sh: nosuchtool: not found\n' });
  });

  it('reports syntax errors as busybox does, with status 2', async () => {
    const { sh } = shellHarness();
    expect(await sh('if true; then echo x')).toEqual({ status: 2, stdout: '', stderr: 'sh: syntax error: unexpected end of file (expecting "fi")\n' });
  });

  it('parses if/elif/else, subshells and background jobs', () => {
    expect(parse('if a; then b; elif c; then d; else e; fi').type).toBe('if');
    expect(parse('(cd /tmp; ls) && echo ok').type).toBe('andor');
    expect(parse('sleep 1 & wait').type).toBe('list');
  });
});

describe('network tools', () => {
  const page = { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/html' }, body: '<h1>hi</h1>\n' };

  it('wget -qO- prints the page of a pod IP, and words each failure as busybox', async () => {
    const { sh } = shellHarness({
      network: {
        connect: async (r) => (r.ip === '10.244.2.7' && r.port === 80 ? { outcome: 'connected', http: page } : { outcome: 'refused' }),
      },
    });
    expect(await sh('wget -qO- http://10.244.2.7')).toEqual({ status: 0, stdout: '<h1>hi</h1>\n', stderr: '' });
    expect(await sh('wget -qO- http://web.default.svc.cluster.local')).toEqual({
      status: 1,
      stdout: '',
      stderr: "wget: bad address 'web.default.svc.cluster.local'\n",
    });
    expect(await sh('wget -qO- 10.244.2.7:8080')).toEqual({ status: 1, stdout: '', stderr: "wget: can't connect to remote host (10.244.2.7): Connection refused\n" });
  });

  it('curl gives exit codes 6, 7 and 22 with its own messages', async () => {
    const { sh } = shellHarness({
      network: {
        connect: async (r) =>
          r.port === 80 ? { outcome: 'connected', http: { ...page, status: 404, statusText: 'Not Found', body: 'nope\n' } } : { outcome: 'refused' },
      },
    });
    expect(await sh('curl -sS http://web')).toEqual({ status: 6, stdout: '', stderr: 'curl: (6) Could not resolve host: web\n' });
    expect(await sh('curl -s http://10.0.0.9:81; echo $?')).toEqual({ status: 0, stdout: '7\n', stderr: '' });
    expect(await sh('curl -fsS http://10.0.0.9')).toEqual({ status: 22, stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n' });
    expect((await sh('curl -s -o /dev/null -w "%{http_code}" http://10.0.0.9')).stdout).toBe('404');
  });

  it('nslookup without cluster DNS times out', async () => {
    const { sh } = shellHarness();
    expect(await sh('nslookup web')).toEqual({ status: 1, stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '' });
  });
});
