/**
 * The snapshot's pod label index changes no decision: InterPodAffinity and
 * PodTopologySpread give the same verdicts and scores with it as when they walk every pod.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/scheduler/api/types.js';
import type { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { PRE_FILTER } from '../../src/scheduler/plugins/podtopologyspread/pod-topology-spread.js';
import { Snapshot } from '../../src/scheduler/framework/snapshot.js';
import { node, pod, podOn } from './builders.js';
import { harness } from './framework-harness.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const sel = (app: string) => ({ matchLabels: { app } });
const anti = (labelSelector: object, topologyKey = HOST, extra: object = {}) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector, topologyKey, ...extra }] } });
const spread = (labelSelector: object, maxSkew = 1) => [{ maxSkew, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector }];

function cluster(): { nodes: ReturnType<typeof node>[]; pods: Pod[] } {
  const nodes = Array.from({ length: 9 }, (_, i) => node(`n${i}`, { labels: { [HOST]: `n${i}`, [ZONE]: `z${i % 3}` } }));
  // A node without a zone: spreading by zone leaves it out, by hostname counts it.
  nodes.push(node('n9', { labels: { [HOST]: 'n9' } }));
  const pods: Pod[] = [
    podOn('web-0', 'n0', { labels: { app: 'web' }, affinity: anti(sel('web')) }),
    podOn('web-1', 'n4', { labels: { app: 'web' }, affinity: anti(sel('web')) }),
    podOn('db-0', 'n1', { labels: { app: 'db', tier: 'data' }, affinity: anti({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, ZONE) }),
    podOn('other-ns', 'n2', { namespace: 'team', labels: { app: 'web' }, affinity: anti(sel('web')) }),
    podOn('everything', 'n8', { labels: { app: 'cache' }, affinity: anti({}, HOST, { namespaces: ['elsewhere'] }) }),
    podOn('gone', 'n5', { labels: { app: 'web' } }),
    podOn('zoneless', 'n9', { labels: { app: 'web' } }),
  ];
  pods[5]!.metadata!.deletionTimestamp = '2026-01-01T00:00:00Z';
  return { nodes, pods };
}

/** PodTopologySpread's PreFilter counts: domains in order, and the critical paths. */
function preFilterCounts(state: CycleState) {
  const s = state.read(PRE_FILTER);
  return s && { counts: s.tpValueToMatchNum.map((m) => [...m]), paths: s.criticalPaths.map((c) => c.paths.map((p) => `${p.topologyValue}:${p.matchNum}`)) };
}

/** The same nodes and pods, listed without the index: the plugins walk every pod. */
function withoutIndex(s: Snapshot): Snapshot {
  return new Proxy(s, { get: (t, k) => (k === 'podLabels' ? undefined : Reflect.get(t, k, t)) }) as Snapshot;
}

describe('the pod label index', () => {
  const twoWays = [...spread(sel('web')), { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: sel('web') }];
  const incoming: Array<[string, Pod]> = [
    ['a pod spread by zone and by host (nodes must carry both keys)', pod('s-2', { labels: { app: 'web' }, topologySpreadConstraints: twoWays })],
    ['a spread pod with a nodeSelector (only the nodes it may go to count)', pod('s-3', { labels: { app: 'web' }, nodeSelector: { [ZONE]: 'z1' }, topologySpreadConstraints: spread(sel('web')) })],
    ['a spread pod whose constraint honours taints', pod('s-4', { labels: { app: 'web' }, topologySpreadConstraints: [{ ...spread(sel('web'))[0]!, nodeTaintsPolicy: 'Honor' }] })],
    ['a web replica (its own anti-affinity and others\' against it)', pod('web-2', { labels: { app: 'web' }, affinity: anti(sel('web')) })],
    ['an api pod that db-0 repels by zone', pod('api-0', { labels: { app: 'api' } })],
    ['a zone-spread pod counting web pods, terminating ones excluded', pod('s-0', { labels: { app: 'web' }, topologySpreadConstraints: spread(sel('web')) })],
    ['a spread pod with a set-based selector', pod('s-1', { labels: { tier: 'data' }, topologySpreadConstraints: spread({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }) })],
    ['a pod in another namespace', pod('t-0', { namespace: 'team', labels: { app: 'web' }, affinity: anti(sel('web')) })],
  ];
  it.each(incoming)('decides alike for %s', (_, p) => {
    const { nodes, pods } = cluster();
    const indexed = harness(Snapshot.fromObjects(nodes, pods)).schedule(p);
    const walked = harness(withoutIndex(Snapshot.fromObjects(nodes, pods))).schedule(p);
    expect(Snapshot.fromObjects(nodes, pods).podLabels).toBeDefined();
    const view = (r: typeof indexed) => ({
      feasible: r.out.feasibleNodes.map((n) => n.name).sort(),
      spread: preFilterCounts(r.state),
      rejected: [...r.out.diagnosis.nodeToStatus.entries()].map(([n, s]) => `${n}: ${s.plugin} ${s.message()}`).sort(),
      scores: r.out.scores ? [...r.out.scores.totals] : undefined,
      message: r.message,
    });
    expect(view(indexed)).toEqual(view(walked));
  });
});
