/**
 * `kubelab why` and `kubelab up`'s scheduler flags against real daemons with simulated
 * nodes, checked with the real kubectl: why's table for a pod that fits nowhere and for
 * taints, cordons and a custom scheduler's pods; --scheduler-config profiles; and --seed
 * making tie-breaks the same in two separate daemons.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt, printedKubeconfig } from '../support/lab.js';

const SCRIPT = fileURLToPath(new URL('../../../../fixtures/custom-scheduler/my-scheduler.sh', import.meta.url));
const WORKERS = ['worker-1', 'worker-2', 'worker-3'];
/** kubeadm's shape, when the daemon gives the cluster one: a control-plane node, tainted. */
const CONTROL_PLANE = 'control-plane';
const CONTROL_PLANE_TAINT = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const GPU_TAINT = 'node(s) had untolerated taint {dedicated: gpu}';

/** A second profile whose only score is TaintToleration: on untainted nodes every feasible node ties. */
const SCHEDULER_CONFIG = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
- schedulerName: tied
  plugins:
    score:
      disabled: [{name: '*'}]
      enabled: [{name: TaintToleration}]
`;

interface Cluster {
  lab: Lab;
  kubeconfig: string;
  /** Every node's name, control plane included when there is one. */
  nodes: string[];
}

async function start(seed: number): Promise<Cluster> {
  const lab = new Lab();
  const config = join(lab.root, 'scheduler.yaml');
  writeFileSync(config, SCHEDULER_CONFIG);
  const up = await lab.kubelab('up', '--nodes', '3', '--node-cpu', '2', '--seed', String(seed), '--scheduler-config', config);
  if (up.code !== 0) throw new Error(`kubelab up failed:\n${up.stderr}`);
  const c: Cluster = { lab, kubeconfig: printedKubeconfig(up.stdout), nodes: [] };
  // The workers Ready, and the not-ready taints lifted by the node lifecycle controller.
  await eventually('nodes Ready and untainted', async () => {
    const out = await kubectl(c, 'get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.taints}{" "}{end}');
    const workers = out.split(' ').filter((n) => n.startsWith('worker-'));
    return workers.join(' ') === WORKERS.map((n) => `${n}=`).join(' ') && !out.includes('node.kubernetes.io/') ? true : undefined;
  }, 150_000);
  c.nodes = (await kubectl(c, 'get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}')).split(' ');
  return c;
}

async function kubectl(c: Cluster, ...args: string[]): Promise<string> {
  const r = await c.lab.kubectl(c.kubeconfig, ...args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function why(c: Cluster, ...args: string[]) {
  return c.lab.kubelab('why', '--kubeconfig', c.kubeconfig, ...args);
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function pod(name: string, spec: Record<string, unknown> = {}, cpu = '100m'): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu } } }], ...spec },
  });
}

async function apply(c: Cluster, manifest: string): Promise<void> {
  const file = join(c.lab.root, `manifest-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, manifest);
  await kubectl(c, 'apply', '-f', file);
}

const boundNode = (c: Cluster, name: string) => eventually(`${name} bound`, async () => (await kubectl(c, 'get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}')) || undefined);

const unschedulable = (c: Cluster, name: string) =>
  eventually(`${name} Unschedulable`, async () => {
    const out = await kubectl(c, 'get', 'pod', name, '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}|{.status.conditions[?(@.type=="PodScheduled")].message}');
    const [reason, message] = out.split('|');
    return reason === 'Unschedulable' ? message : undefined;
  });

/** The table from its title line on. */
const from = (text: string, title: string) => text.slice(text.indexOf(title));

/** Columns as wide as their widest cell and 3 spaces, the last one unpadded: how why lays out its tables. */
function layout(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('') + '\n').join('');
}

/** The filter table why prints: a row per node, in name order, from its verdicts. */
function filterTable(c: Cluster, plugins: string[], verdicts: (node: string) => string[]): string {
  const sorted = [...c.nodes].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  return 'Filter ("-": not run, an earlier filter rejected the node)\n' + layout([['  NODE', ...plugins], ...sorted.map((n) => [`  ${n}`, ...verdicts(n)])]);
}

/** "0/4 nodes are available: …": the counts and reasons, sorted as kube-scheduler sorts them. */
function fitMessage(c: Cluster, reasons: Record<string, number>, preemption: string): string {
  const all = { ...reasons, ...(c.nodes.includes(CONTROL_PLANE) ? { [CONTROL_PLANE_TAINT]: 1 } : {}) };
  const parts = Object.entries(all).map(([r, n]) => `${n} ${r}`).sort();
  return `0/${c.nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${c.nodes.length} nodes are available: ${c.nodes.length} ${preemption}.`;
}

let a: Cluster;
let b: Cluster;

beforeAll(async () => {
  assertBuilt();
  [a, b] = await Promise.all([start(42), start(42)]);
}, 300_000);
afterAll(async () => {
  await Promise.all([a?.lab.cleanup(), b?.lab.cleanup()]);
});

describe('kubelab up --seed N', () => {
  it('breaks ties the same way in two separate daemons', async () => {
    const placements = async (c: Cluster) => {
      const nodes: string[] = [];
      for (let i = 0; i < 8; i++) {
        await apply(c, pod(`tie-${i}`, { schedulerName: 'tied' }));
        nodes.push(await boundNode(c, `tie-${i}`));
      }
      return nodes;
    };
    const [inA, inB] = await Promise.all([placements(a), placements(b)]);
    expect(inA).toEqual(inB);
    // Ties really were broken: not every pod on one node (TaintToleration scores all three alike).
    expect(new Set(inA).size).toBeGreaterThan(1);
    const table = (await why(a, 'pod/tie-0')).stdout;
    expect(from(table, 'Score')).toMatch(/^Score .*\n {2}NODE +TaintToleration ×\d+ +TOTAL\n/);
  }, 120_000);
});

describe('kubelab why', () => {
  beforeAll(async () => {
    await kubectl(a, 'taint', 'nodes', 'worker-1', 'dedicated=gpu:NoSchedule');
  });

  it('shows Insufficient cpu per node, behind the exact FailedScheduling message, for a pod that fits nowhere', async () => {
    await apply(a, pod('hungry', {}, '3'));
    const message = fitMessage(a, { [GPU_TAINT]: 1, 'Insufficient cpu': 2 }, 'Preemption is not helpful for scheduling');
    expect(await unschedulable(a, 'hungry')).toBe(message);
    expect(await kubectl(a, 'get', 'pod', 'hungry', '-o', 'jsonpath={.status.phase}')).toBe('Pending');
    const r = await why(a, 'pod/hungry');
    expect(r.code).toBe(0);
    const n = a.nodes.length;
    expect(r.stdout).toContain(`Result:      Unschedulable\nMessage:     ${message}\nNodes:       ${n} in the cluster, ${n} evaluated, 0 feasible\n`);
    expect(from(r.stdout, 'Filter')).toBe(
      filterTable(a, ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeResourcesFit'], (node) =>
        node === CONTROL_PLANE ? ['ok', 'ok', CONTROL_PLANE_TAINT, '-'] : node === 'worker-1' ? ['ok', 'ok', GPU_TAINT, '-'] : ['ok', 'ok', 'ok', 'Insufficient cpu'],
      ),
    );
  });

  it('shows TaintToleration keeping pods off a tainted node unless they tolerate it', async () => {
    const onWorker1 = { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } };
    await apply(a, pod('gpu-job', { ...onWorker1, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
    await apply(a, pod('no-gpu', onWorker1));
    expect(await boundNode(a, 'gpu-job')).toBe('worker-1');
    expect(await unschedulable(a, 'no-gpu')).toBe(fitMessage(a, { [GPU_TAINT]: 1, "node(s) didn't match Pod's node affinity/selector": 2 }, 'Preemption is not helpful for scheduling'));
    const affinity = "node(s) didn't match Pod's node affinity/selector";
    expect(from((await why(a, 'no-gpu')).stdout, 'Filter')).toBe(
      filterTable(a, ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit'], (node) =>
        node === CONTROL_PLANE ? ['ok', 'ok', CONTROL_PLANE_TAINT, '-', '-'] : node === 'worker-1' ? ['ok', 'ok', GPU_TAINT, '-', '-'] : ['ok', 'ok', 'ok', affinity, '-'],
      ),
    );
    const tolerant = (await why(a, 'pod/gpu-job')).stdout;
    expect(tolerant).toContain('Result:      Scheduled on worker-1\n');
    expect(tolerant).toMatch(/\n\* worker-1 +ok +ok +ok +ok +ok\n/);
    expect(tolerant).toContain('Score: not run, worker-1 was the only feasible node');
  });

  it('shows NodeUnschedulable turning pods away from a cordoned node', async () => {
    await kubectl(a, 'cordon', 'worker-3');
    await apply(a, pod('wants-3', { nodeSelector: { 'kubernetes.io/hostname': 'worker-3' } }));
    await unschedulable(a, 'wants-3');
    expect((await why(a, 'wants-3')).stdout).toMatch(/\n {2}worker-3 +node\(s\) were unschedulable +- +- +- +-\n/);
    await kubectl(a, 'uncordon', 'worker-3');
    expect(await boundNode(a, 'wants-3')).toBe('worker-3');
    expect((await why(a, 'wants-3')).stdout).toContain('Result:      Scheduled on worker-3\n');
  });

  it("says a custom scheduler's pod is not kubelab's, before and after the example script binds it", async () => {
    await apply(a, pod('custom', { schedulerName: 'my-scheduler' }));
    const before = await why(a, 'custom');
    expect(before).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: pod/custom is not kubelab\'s to schedule: its schedulerName is "my-scheduler" and kubelab\'s scheduler serves "default-scheduler", "tied"; it stays Pending until a scheduler named "my-scheduler" binds it\n',
    });
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn('sh', [SCRIPT, '--once'], { env: a.lab.env({ KUBECONFIG: a.kubeconfig, KUBECTL: 'kubectl' }) });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(run.code).toBe(0);
    const node = await boundNode(a, 'custom');
    expect(run.stdout).toContain(`default/custom bound to ${node}\n`);
    expect((await why(a, 'custom')).stderr).toBe(`error: pod/custom was bound to ${node} by "my-scheduler", not by kubelab's scheduler (which serves "default-scheduler", "tied"): no scheduling decision is recorded for it\n`);
  });

  it('names a missing pod in kubectl\'s words, and prints the record itself with -o json', async () => {
    expect(await why(a, 'pod/nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    const doc = JSON.parse((await why(a, 'hungry', '-o', 'json')).stdout) as { kind: string; result: string; nodes: unknown[] };
    expect(doc).toMatchObject({ kind: 'SchedulingDecision', result: 'Unschedulable' });
    expect(doc.nodes).toHaveLength(a.nodes.length);
  });

  it('adds a Scheduling section to describe pod only when asked', async () => {
    const plain = (await a.lab.kubelab('describe', 'pod', 'gpu-job', '--kubeconfig', a.kubeconfig)).stdout;
    expect(plain).not.toContain('Scheduling:');
    const shown = (await a.lab.kubelab('describe', 'pod', 'gpu-job', '--kubeconfig', a.kubeconfig, '--show-scheduling')).stdout;
    const section = shown.slice(shown.indexOf('Scheduling:'), shown.indexOf('Events:'));
    expect(section).toMatch(/^Scheduling:\n {2}Scheduler: +default-scheduler \(attempt \d+ at \S+Z\)\n {2}Result: +Scheduled on worker-1\n/);
    expect(section).toMatch(/\n {2}Rejected: +2 by NodeAffinity: node\(s\) didn't match Pod's node affinity\/selector \(worker-2, worker-3\)\n/);
    expect(section).toMatch(/\n {2}Details: +kubelab why pod\/gpu-job -n default\n$/);
    // Everything else is kubectl's text, the same (the events' ages may tick between the runs).
    const beforeEvents = (text: string) => text.slice(0, text.indexOf('Events:'));
    expect(beforeEvents(plain)).toBe(beforeEvents(shown.replace(section, '')));
  });
});

describe('preemption on simulated nodes', () => {
  it('evicts a lower-priority pod for a higher one, and the kubelet deletes the victim', async () => {
    // Fill worker-2 but for 50m with a pod below every other pod's priority, so it is the only
    // possible victim; the preemptor needs all but 100m of the room the filler holds.
    const allocatable = milli(await kubectl(b, 'get', 'node', 'worker-2', '-o', 'jsonpath={.status.allocatable.cpu}'));
    const requested = (await kubectl(b, 'get', 'pods', '-A', '--field-selector', 'spec.nodeName=worker-2', '-o', 'jsonpath={range .items[*]}{range .spec.containers[*]}{.resources.requests.cpu}{" "}{end}{end}'))
      .split(' ')
      .filter(Boolean)
      .reduce((sum, q) => sum + milli(q), 0);
    const free = allocatable - requested;
    await kubectl(b, 'create', 'priorityclass', 'filler', '--value=-10');
    const onWorker2 = { nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } };
    await apply(b, pod('filler', { ...onWorker2, priorityClassName: 'filler' }, `${free - 50}m`));
    expect(await boundNode(b, 'filler')).toBe('worker-2');
    await apply(b, pod('urgent', onWorker2, `${free - 100}m`));
    expect(await boundNode(b, 'urgent')).toBe('worker-2');
    await eventually('the victim deleted', async () => ((await b.lab.kubectl(b.kubeconfig, 'get', 'pod', 'filler')).code === 1 ? true : undefined));
    const uid = await kubectl(b, 'get', 'pod', 'urgent', '-o', 'jsonpath={.metadata.uid}');
    const preempted = await kubectl(b, 'get', 'events', '--field-selector', 'involvedObject.name=filler,reason=Preempted', '-o', 'jsonpath={.items[*].message}');
    expect(preempted).toBe(`Preempted by pod ${uid} on node worker-2`);
    expect((await why(b, 'urgent')).stdout).toContain('Result:      Scheduled on worker-2\n');
  }, 120_000);
});

describe('kubelab up --scheduler-config', () => {
  it("fails with kubelabd's reason when the configuration names a plugin that does not exist", async () => {
    const lab = new Lab();
    try {
      const file = join(lab.root, 'bad.yaml');
      writeFileSync(file, 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    filter:\n      enabled: [{name: NoSuchPlugin}]\n');
      const up = await lab.kubelab('up', '--scheduler-config', file);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(`error: kubelabd could not start: --scheduler-config ${file}: default-scheduler: plugin "NoSuchPlugin" does not exist\n`);
    } finally {
      await lab.cleanup();
    }
  });
});

/** A CPU quantity in millicores ("2", "1500m", "0.5"). */
function milli(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}
