import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { printerFor } from '../../../src/print/columns/index.js';
import { DAY, MINUTE, SECOND, ago, headers, meta, row } from '../builders.js';

interface Status {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: Record<string, unknown>;
  lastState?: Record<string, unknown>;
}

const running = (extra: Status = {}): Status => ({ ready: true, state: { running: { startedAt: ago(DAY) } }, ...extra });
const notReady = (extra: Status = {}): Status => running({ ready: false, ...extra });
const waiting = (reason: string, extra: Status = {}): Status => ({ ready: false, state: { waiting: { reason } }, ...extra });
const terminated = (reason: string | undefined, exitCode: number, extra: Status & { signal?: number } = {}): Status => {
  const { signal, ...rest } = extra;
  return { ready: false, state: { terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) } }, ...rest };
};
/** restartCount with the last restart finished `when` before now. */
const restarted = (count: number, when: number): Status => ({
  restartCount: count,
  lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(when) } },
});

interface PodOptions {
  containers?: number;
  /** Init containers in spec order; "sidecar" ones have restartPolicy Always. */
  init?: Array<'regular' | 'sidecar'>;
  phase?: string;
  reason?: string;
  statuses?: Status[];
  initStatuses?: Status[];
  conditions?: Array<{ type: string; status: string; reason?: string }>;
  deleting?: boolean;
  extraSpec?: Record<string, unknown>;
  extraStatus?: Record<string, unknown>;
}

function pod(o: PodOptions): KubeObject {
  const containers = Array.from({ length: o.containers ?? o.statuses?.length ?? 1 }, (_, i) => ({ name: `c${i}`, image: 'busybox' }));
  const init = (o.init ?? []).map((k, i) => ({ name: `i${i}`, image: 'busybox', ...(k === 'sidecar' ? { restartPolicy: 'Always' } : {}) }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('web', 5 * MINUTE, o.deleting ? { deletionTimestamp: ago(10 * SECOND) } : {}),
    spec: { containers, ...(init.length ? { initContainers: init } : {}), ...o.extraSpec },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.conditions ? { conditions: o.conditions } : {}),
      ...(o.initStatuses ? { initContainerStatuses: o.initStatuses.map((s, i) => ({ name: `i${i}`, ...s })) } : {}),
      ...(o.statuses ? { containerStatuses: o.statuses.map((s, i) => ({ name: `c${i}`, ...s })) } : {}),
      ...o.extraStatus,
    },
  };
}

const initialized = { type: 'Initialized', status: 'True' };
const podReady = { type: 'Ready', status: 'True' };

function summary(p: KubeObject): string {
  const r = row('', 'Pod', p);
  return `${r['Ready']} ${r['Status']} ${r['Restarts']}`;
}

describe('pod READY, STATUS and RESTARTS', () => {
  it.each<[string, PodOptions, string]>([
    ['counts running ready containers and sums restarts', { statuses: [running({ restartCount: 3 }), { restartCount: 3 }] }, '1/2 Running 6'],
    ['shows a waiting reason instead of the phase', { statuses: [running(), waiting('CrashLoopBackOff')] }, '1/2 CrashLoopBackOff 0'],
    ['lets the first container in spec order decide', { statuses: [waiting('ImagePullBackOff'), terminated('Error', 1)] }, '0/2 ImagePullBackOff 0'],
    ['does not count a ready container that is not running', { statuses: [running(), { ready: true }] }, '1/2 Running 0'],
    ['shows ErrImagePull while the first pull fails', { phase: 'Pending', statuses: [waiting('ErrImagePull')] }, '0/1 ErrImagePull 0'],
    ['shows ContainerCreating before containers start', { phase: 'Pending', statuses: [waiting('ContainerCreating')] }, '0/1 ContainerCreating 0'],
    ['shows the phase of a pod not yet given container statuses', { phase: 'Pending', containers: 2 }, '0/2 Pending 0'],
    ['shows status.reason over the phase', { phase: 'Failed', reason: 'Evicted' }, '0/1 Evicted 0'],
    ['shows NodeLost for a pod on a lost node that is not being deleted', { reason: 'NodeLost', statuses: [running()] }, '1/1 NodeLost 0'],
    ['shows Completed for a succeeded pod', { phase: 'Succeeded', statuses: [terminated('Completed', 0)] }, '0/1 Completed 0'],
    ['shows Error for a failed pod', { phase: 'Failed', statuses: [terminated('Error', 1)] }, '0/1 Error 0'],
    ['shows OOMKilled for a container killed for memory', { statuses: [terminated('OOMKilled', 137, restarted(2, 30 * SECOND))] }, '0/1 OOMKilled 2 (30s ago)'],
    ['shows the exit code of a container terminated without a reason', { statuses: [terminated(undefined, 3)] }, '0/1 ExitCode:3 0'],
    ['shows the signal of a container killed by one', { statuses: [terminated(undefined, 0, { signal: 9 })] }, '0/1 Signal:9 0'],
    [
      'reads NotReady when a completed container sits next to a running one without the Ready condition',
      { statuses: [terminated('Completed', 0), running()] },
      '1/2 NotReady 0',
    ],
    [
      'reads Running when a completed container sits next to a running one in a Ready pod',
      { statuses: [terminated('Completed', 0), running()], conditions: [podReady] },
      '1/2 Running 0',
    ],
    [
      'shows SchedulingGated while scheduling gates hold the pod',
      { phase: 'Pending', containers: 2, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
      '0/2 SchedulingGated 0',
    ],
    ['says how long ago the latest restart was', { statuses: [running(restarted(3, 5 * DAY))] }, '1/1 Running 3 (5d ago)'],
    [
      'sums restarts across containers and dates them by the latest',
      { statuses: [running(restarted(6, 5 * DAY)), running(restarted(3, 20 * DAY))] },
      '2/2 Running 9 (5d ago)',
    ],
    [
      'dates restarts only from containers that restarted',
      { statuses: [running(), running(restarted(3, 10 * DAY))] },
      '2/2 Running 3 (10d ago)',
    ],
  ])('%s', (_name, options, want) => {
    expect(summary(pod(options))).toBe(want);
  });
});

describe('pod STATUS while initialising', () => {
  it.each<[string, PodOptions, string]>([
    [
      'counts finished init containers out of all of them',
      { init: ['regular', 'regular'], phase: 'Pending', initStatuses: [terminated('Completed', 0), notReady()], statuses: [waiting('PodInitializing')] },
      '0/1 Init:1/2 0',
    ],
    [
      'includes the restarts of the running init container',
      { init: ['regular'], phase: 'Pending', initStatuses: [notReady(restarted(3, 10 * SECOND))], statuses: [{ state: { waiting: {} } }] },
      '0/1 Init:0/1 3 (10s ago)',
    ],
    [
      'sums restarts of init containers up to the one running',
      {
        init: ['regular', 'regular'],
        phase: 'Pending',
        initStatuses: [terminated('Completed', 0, restarted(2, 2 * MINUTE)), notReady(restarted(3, 10 * SECOND))],
        statuses: [{ state: { waiting: {} } }],
      },
      '0/1 Init:1/2 5 (10s ago)',
    ],
    ['treats PodInitializing as not started yet', { init: ['regular'], phase: 'Pending', initStatuses: [waiting('PodInitializing')] }, '0/1 Init:0/1 0'],
    ['shows an init container stuck in a crash loop', { init: ['regular'], phase: 'Pending', initStatuses: [waiting('CrashLoopBackOff', restarted(4, MINUTE))] }, '0/1 Init:CrashLoopBackOff 4 (60s ago)'],
    ['shows an init container that failed', { init: ['regular'], phase: 'Pending', initStatuses: [terminated('Error', 1)] }, '0/1 Init:Error 0'],
    ['shows the exit code of an init container failed without a reason', { init: ['regular'], phase: 'Pending', initStatuses: [terminated(undefined, 2)] }, '0/1 Init:ExitCode:2 0'],
    ['shows the signal of an init container killed by one', { init: ['regular'], phase: 'Pending', initStatuses: [terminated(undefined, 1, { signal: 9 })] }, '0/1 Init:Signal:9 0'],
    [
      'stops counting init restarts once the pod is initialised',
      {
        init: ['regular'],
        conditions: [initialized],
        initStatuses: [terminated('Completed', 0, restarted(2, 2 * MINUTE))],
        statuses: [notReady(restarted(4, 20 * SECOND))],
      },
      '0/1 Running 4 (20s ago)',
    ],
  ])('%s', (_name, options, want) => {
    expect(summary(pod(options))).toBe(want);
  });
});

describe('pod with sidecar containers (restartable init containers)', () => {
  it.each<[string, PodOptions, string]>([
    [
      'counts a started sidecar among the ready containers',
      {
        init: ['sidecar'],
        conditions: [initialized, podReady],
        initStatuses: [running({ started: true, ...restarted(2, 3 * MINUTE) })],
        statuses: [running()],
      },
      '2/2 Running 2 (3m ago)',
    ],
    [
      'waits for a sidecar that has not started',
      { init: ['sidecar'], phase: 'Pending', initStatuses: [notReady({ started: false })], statuses: [waiting('PodInitializing')] },
      '0/2 Init:0/1 0',
    ],
    [
      'passes a started sidecar and waits on the next init container',
      { init: ['sidecar', 'regular'], phase: 'Pending', initStatuses: [notReady({ started: true }), notReady()], statuses: [waiting('PodInitializing')] },
      '0/2 Init:1/2 0',
    ],
    [
      'keeps counting sidecar restarts after initialisation',
      {
        init: ['regular', 'sidecar'],
        conditions: [initialized, podReady],
        initStatuses: [terminated('Completed', 0, restarted(5, DAY)), running({ started: true, ...restarted(1, 2 * DAY) })],
        statuses: [running(restarted(1, 3 * DAY))],
      },
      '2/2 Running 2 (2d ago)',
    ],
  ])('%s', (_name, options, want) => {
    expect(summary(pod(options))).toBe(want);
  });
});

describe('pod STATUS while deleting', () => {
  it.each<[string, PodOptions, string]>([
    ['reads Terminating while a running pod is deleted', { deleting: true, statuses: [running()] }, 'Terminating'],
    ['keeps Completed for a deleted pod that already succeeded', { deleting: true, phase: 'Succeeded', statuses: [terminated('Completed', 0)] }, 'Completed'],
    ['keeps Error for a deleted pod that already failed', { deleting: true, phase: 'Failed', statuses: [terminated('Error', 1)] }, 'Error'],
    ['reads Unknown when the pod of a lost node is deleted', { deleting: true, reason: 'NodeLost', statuses: [running()] }, 'Unknown'],
  ])('%s', (_name, options, want) => {
    expect(row('', 'Pod', pod(options))['Status']).toBe(want);
  });
});

describe('pod wide columns', () => {
  it('shows IP, node, nominated node and passing readiness gates', () => {
    const p = pod({
      statuses: [running()],
      conditions: [podReady, { type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
      extraSpec: { nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      extraStatus: { podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }], nominatedNodeName: 'node-2' },
    });
    expect(row('', 'Pod', p)).toMatchObject({ IP: '10.244.1.7', Node: 'node-1', 'Nominated Node': 'node-2', 'Readiness Gates': '1/2' });
  });

  it('shows <none> for everything a pending pod lacks', () => {
    expect(row('', 'Pod', pod({ phase: 'Pending' }))).toMatchObject({
      IP: '<none>',
      Node: '<none>',
      'Nominated Node': '<none>',
      'Readiness Gates': '<none>',
    });
  });

  it('has the name, ready, status, restarts and age columns by default and four more wide', () => {
    expect(headers('', 'Pod')).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP (wide)',
      'Node (wide)',
      'Nominated Node (wide)',
      'Readiness Gates (wide)',
    ]);
  });
});

describe('pod row conditions', () => {
  it.each([
    ['Succeeded', [{ type: 'Completed', status: 'True', reason: 'Succeeded' }]],
    ['Failed', [{ type: 'Completed', status: 'True', reason: 'Failed' }]],
    ['Running', undefined],
  ])('a %s pod has conditions %j', (phase, want) => {
    const got = printerFor('', 'Pod').conditions?.(pod({ phase }));
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatchObject(want);
  });
});
