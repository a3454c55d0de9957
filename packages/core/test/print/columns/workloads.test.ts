import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { DAY, HOUR, MINUTE, SECOND, ago, headers, meta, row } from '../builders.js';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27' },
      { name: 'log', image: 'busybox' },
    ],
  },
};
const selector = { matchLabels: { app: 'web', tier: 'fe' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] };

function obj(kind: string, apiVersion: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion, kind, metadata: meta('web', 4 * HOUR), spec, status, ...extra };
}

describe('deployment columns', () => {
  it('shows ready of desired, up-to-date, available, and containers, images, selector wide', () => {
    const d = obj('Deployment', 'apps/v1', { replicas: 3, selector, template }, { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 });
    expect(row('apps', 'Deployment', d)).toEqual({
      Name: 'web',
      Ready: '2/3',
      'Up-to-date': 3,
      Available: 2,
      Age: '4h',
      Containers: 'web,log',
      Images: 'nginx:1.27,busybox',
      Selector: 'app=web,env in (dev,prod),tier=fe',
    });
  });

  it('reads a deployment without status as 0 ready of one replica, with an empty selector', () => {
    const d = obj('Deployment', 'apps/v1', { template });
    expect(row('apps', 'Deployment', d)).toMatchObject({ Ready: '0/1', 'Up-to-date': 0, Available: 0, Selector: '' });
  });
});

describe('replica set, daemon set and stateful set columns', () => {
  it('shows a replica set as desired, current, ready', () => {
    const rs = obj('ReplicaSet', 'apps/v1', { replicas: 3, selector, template }, { replicas: 3, readyReplicas: 1 });
    expect(row('apps', 'ReplicaSet', rs)).toMatchObject({ Desired: 3, Current: 3, Ready: 1, Selector: 'app=web,env in (dev,prod),tier=fe' });
  });

  it('shows a replica set without a selector as <none>', () => {
    expect(row('apps', 'ReplicaSet', obj('ReplicaSet', 'apps/v1', { replicas: 0, template }))['Selector']).toBe('<none>');
  });

  it('shows a daemon set with its node selector', () => {
    const ds = obj(
      'DaemonSet',
      'apps/v1',
      { selector: { matchLabels: { app: 'agent' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    );
    expect(row('apps', 'DaemonSet', ds)).toEqual({
      Name: 'web',
      Desired: 3,
      Current: 3,
      Ready: 2,
      'Up-to-date': 3,
      Available: 2,
      'Node Selector': 'kubernetes.io/os=linux',
      Age: '4h',
      Containers: 'web,log',
      Images: 'nginx:1.27,busybox',
      Selector: 'app=agent',
    });
  });

  it('shows <none> for a daemon set without a node selector', () => {
    expect(row('apps', 'DaemonSet', obj('DaemonSet', 'apps/v1', { template }))['Node Selector']).toBe('<none>');
  });

  it('shows a stateful set as ready of desired, without a selector column', () => {
    const sts = obj('StatefulSet', 'apps/v1', { replicas: 3, template }, { readyReplicas: 1 });
    expect(row('apps', 'StatefulSet', sts)).toEqual({ Name: 'web', Ready: '1/3', Age: '4h', Containers: 'web,log', Images: 'nginx:1.27,busybox' });
  });
});

describe('job columns', () => {
  const job = (spec: Record<string, unknown>, status: Record<string, unknown>, extra: Partial<KubeObject> = {}): Record<string, unknown> =>
    row('batch', 'Job', obj('Job', 'batch/v1', { template, ...spec }, status, extra));

  it('leads with STATUS, as Kubernetes 1.30 and later do', () => {
    expect(headers('batch', 'Job')).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers (wide)', 'Images (wide)', 'Selector (wide)']);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    [
      'a running job counts succeeded pods and runs its duration to now',
      { completions: 3, parallelism: 1 },
      { succeeded: 1, startTime: ago(90 * SECOND) },
      { Status: 'Running', Completions: '1/3', Duration: '90s' },
    ],
    [
      'a complete job measures its duration to completion',
      { completions: 1 },
      { succeeded: 1, startTime: ago(HOUR), completionTime: ago(HOUR - 12 * SECOND), conditions: [{ type: 'Complete', status: 'True' }] },
      { Status: 'Complete', Completions: '1/1', Duration: '12s' },
    ],
    [
      'a failed job says so',
      { completions: 1, parallelism: 1 },
      { failed: 7, startTime: ago(5 * MINUTE), conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] },
      { Status: 'Failed', Completions: '0/1', Duration: '5m' },
    ],
    [
      'a job about to fail is FailureTarget',
      { completions: 1 },
      { startTime: ago(MINUTE), conditions: [{ type: 'FailureTarget', status: 'True' }] },
      { Status: 'FailureTarget' },
    ],
    ['a suspended job has no duration before it starts', { completions: 2, suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] }, { Status: 'Suspended', Duration: '' }],
    ['a work-queue job without completions reads n/1', { parallelism: 1 }, { succeeded: 0 }, { Completions: '0/1' }],
    ['a parallel work-queue job names its parallelism', { parallelism: 4 }, { succeeded: 2 }, { Completions: '2/1 of 4' }],
    ['a job with neither field counts one completion', {}, {}, { Completions: '0/1' }],
  ])('%s', (_name, spec, status, want) => {
    expect(job(spec, status)).toMatchObject(want);
  });

  it('a job being deleted is Terminating unless it already finished', () => {
    const deleting = { metadata: meta('web', HOUR, { deletionTimestamp: ago(SECOND) }) };
    expect(job({ completions: 1 }, {}, deleting)['Status']).toBe('Terminating');
    expect(job({ completions: 1 }, { conditions: [{ type: 'Complete', status: 'True' }] }, deleting)['Status']).toBe('Complete');
  });
});

describe('cron job columns', () => {
  const jobTemplate = { spec: { template, selector: { matchLabels: { job: 'backup' } } } };

  it('shows schedule, time zone, suspension, active jobs and the last schedule', () => {
    const cj = obj(
      'CronJob',
      'batch/v1',
      { schedule: '*/5 * * * *', timeZone: 'Etc/UTC', suspend: true, jobTemplate },
      { active: [{ name: 'backup-1' }, { name: 'backup-2' }], lastScheduleTime: ago(3 * MINUTE) },
    );
    expect(row('batch', 'CronJob', cj)).toEqual({
      Name: 'web',
      Schedule: '*/5 * * * *',
      Timezone: 'Etc/UTC',
      Suspend: 'True',
      Active: 2,
      'Last Schedule': '3m',
      Age: '4h',
      Containers: 'web,log',
      Images: 'nginx:1.27,busybox',
      Selector: 'job=backup',
    });
  });

  it('shows <none> before the first run and without a time zone, and False when not suspended', () => {
    const cj = obj('CronJob', 'batch/v1', { schedule: '@hourly', jobTemplate }, {});
    expect(row('batch', 'CronJob', cj)).toMatchObject({ Timezone: '<none>', Suspend: 'False', Active: 0, 'Last Schedule': '<none>' });
  });
});

describe('controller revision columns', () => {
  it.each<[string, KubeObject['metadata'], string]>([
    [
      'names the controlling owner as kind.group/name',
      meta('web-7d9f', 3 * DAY, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true }] }),
      'statefulset.apps/web',
    ],
    [
      'ignores owners that do not control the revision',
      meta('web-7d9f', 3 * DAY, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web', uid: 'u1' }] }),
      '<none>',
    ],
    ['shows <none> without owners', meta('web-7d9f', 3 * DAY), '<none>'],
  ])('%s', (_name, metadata, want) => {
    const cr: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, revision: 4 };
    expect(row('apps', 'ControllerRevision', cr)).toEqual({ Name: 'web-7d9f', Controller: want, Revision: 4, Age: '3d' });
  });
});
