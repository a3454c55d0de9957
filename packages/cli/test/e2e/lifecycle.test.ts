import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubelabdAccepts, kubelabdBin } from '../../src/lib/daemon-bin.js';
import { Lab, alive, assertBuilt, printedKubeconfig } from '../support/lab.js';

const NOT_RUNNING = 'error: kubelab is not running (start it with: kubelab up)\n';
let lab: Lab;

beforeAll(assertBuilt);
afterEach(async () => lab?.cleanup());

describe('kubelab up, status and down', () => {
  it('starts kubelab in the background, reports it, serves kubectl through the printed kubeconfig, and stops it', async () => {
    lab = new Lab();
    const up = await lab.kubelab('up', '--nodes', '2');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^kubelab is running at https:\/\/127\.0\.0\.1:\d+ \(pid \d+, data in .*\)\.$/m);
    expect(up.stdout).toContain('  kubectl get ns\n');
    if (!kubelabdAccepts(kubelabdBin(), '--nodes')) expect(up.stderr).toContain('note: --nodes 2: simulated nodes are not in this kubelabd yet');
    const kubeconfig = printedKubeconfig(up.stdout);
    expect(kubeconfig).toBe(join(lab.dataDir, 'kubeconfig'));
    expect(statSync(lab.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(lab.dataDir, 'kubelabd.log')).mode & 0o777).toBe(0o600);
    const pid = lab.daemonPid();

    const status = await lab.kubelab('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^kubelab is running\n/);
    expect(status.stdout).toContain(`  pid:            ${pid}\n`);
    expect(status.stdout).toMatch(/ {2}since: +\d{4}-\d\d-\d\dT[\d:.]+Z \(up \d+s\)\n/);
    expect(status.stdout).toMatch(/ {2}store revision: +[1-9]\d*\n/);
    expect(status.stdout).toContain(`  data dir:       ${lab.dataDir}\n`);
    const json = JSON.parse((await lab.kubelab('status', '-o', 'json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ running: true, pid, dataDir: lab.dataDir, kubeconfig });
    expect(json['storeRevision']).toBeGreaterThan(0);

    const ns = await lab.kubectl(kubeconfig, 'get', 'ns');
    expect(ns.stderr).toBe('');
    expect(ns.stdout).toMatch(/^default +Active/m);
    expect(ns.stdout).toMatch(/^kube-system +Active/m);
    const version = await lab.kubelab('version');
    expect(version.stdout).toMatch(/^Client Version: v0\.1\.0\nServer Version: v1\.32\.\d+\+kubelab/);

    const down = await lab.kubelab('down');
    expect(down).toMatchObject({ code: 0, stdout: `kubelab stopped (pid ${pid}).\n` });
    expect(alive(pid ?? 0)).toBe(false);
    const after = await lab.kubelab('status');
    expect(after.code).toBe(1);
    expect(after.stdout).toContain(`kubelab is not running (data dir ${lab.dataDir}).`);
    expect(await lab.kubelab('version')).toMatchObject({ code: 1, stdout: 'Client Version: v0.1.0\n', stderr: NOT_RUNNING });
  });

  it('up when kubelab already runs says so, keeps the same daemon, and exits 0', async () => {
    lab = new Lab();
    expect((await lab.kubelab('up')).code).toBe(0);
    const pid = lab.daemonPid();
    const again = await lab.kubelab('up');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^kubelab is already running at https://127\\.0\\.0\\.1:\\d+ \\(pid ${pid},`));
    expect(lab.daemonPid()).toBe(pid);
  });

  it('up --wait names what is not Ready when time runs out, keeps kubelab running, and returns once nodes and DNS are Ready', async () => {
    lab = new Lab();
    const early = await lab.kubelab('up', '--nodes', '2', '--wait', '1s');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^error: timed out after 1s waiting for the cluster to be Ready \(kubelab keeps running\):\n/);
    // CoreDNS's readiness probe cannot pass within a second of the start.
    expect(early.stderr).toMatch(/^ {2}pod kube-system\/coredns-[a-z0-9]+-[a-z0-9]+ is not Ready \(\w+\)$/m);
    const pid = lab.daemonPid();
    expect(alive(pid ?? 0)).toBe(true);

    const ready = await lab.kubelab('up', '--wait', '2m');
    expect(ready.code).toBe(0);
    const line = /^Cluster Ready after [\d.]+s: (\d+) node\(s\), (\d+) kube-system pod\(s\)\.$/m.exec(ready.stdout);
    expect(line?.slice(1)).toEqual(['3', '9']);
    // What the user sees next with kubectl agrees: every node Ready, every system pod 1/1.
    const kubeconfig = join(lab.dataDir, 'kubeconfig');
    const nodes = await lab.kubectl(kubeconfig, 'get', 'nodes', '--no-headers');
    expect(nodes.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['Ready', 'Ready', 'Ready']);
    const pods = await lab.kubectl(kubeconfig, 'get', 'pods', '-n', 'kube-system', '--no-headers');
    const readyColumn = pods.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1]);
    expect(readyColumn).toEqual(Array(9).fill('1/1'));
  });

  it('down when kubelab is not running says so and exits 0', async () => {
    lab = new Lab();
    expect(await lab.kubelab('down')).toEqual({ code: 0, stdout: `kubelab is not running (data dir ${lab.dataDir}).\n`, stderr: '' });
  });

  it('keeps what was stored across down and up', async () => {
    lab = new Lab();
    const kubeconfig = printedKubeconfig((await lab.kubelab('up')).stdout);
    const manifest = join(lab.root, 'lab-notes.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lab-notes\ndata:\n  lesson: one\n');
    expect(await lab.kubectl(kubeconfig, 'create', '-f', manifest)).toMatchObject({ code: 0, stdout: 'configmap/lab-notes created\n' });
    expect((await lab.kubelab('down')).stdout).toMatch(/^kubelab stopped \(pid \d+\)\.\n$/);
    expect((await lab.kubelab('up')).stdout).toMatch(/^kubelab is running at /);
    const got = await lab.kubectl(kubeconfig, 'get', 'configmap', 'lab-notes', '-o', 'jsonpath={.data.lesson}');
    expect(got).toMatchObject({ code: 0, stdout: 'one' });
  });
});
