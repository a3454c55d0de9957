import type { KubeObject } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EventRecorder } from '../../src/controllers/events.js';
import { CONFIG_MAPS, EVENTS, NAMESPACES, type TestCluster, configMap, startCluster } from './cluster.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

async function events(namespace: string): Promise<KubeObject[]> {
  return (await cluster.client.list(EVENTS, { namespace })).items;
}

describe('event recorder', () => {
  it('records an Event on the object with its source, and counts repeats on the same Event', async () => {
    cluster = await startCluster({ withManager: false });
    const { client, clock } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'ev' } });
    const cm = await client.create(CONFIG_MAPS, configMap('ev', 'settings'));
    const recorder = new EventRecorder({ client, clock, source: { component: 'test-controller' } });
    const first = clock.now();
    recorder.event(cm, 'Warning', 'FailedSync', 'could not sync: boom');
    clock.advance(60_000);
    recorder.event(cm, 'Warning', 'FailedSync', 'could not sync: boom');
    clock.advance(60_000);
    recorder.event(cm, 'Warning', 'FailedSync', 'could not sync: boom');
    await recorder.flush();

    const all = await events('ev');
    expect(all).toHaveLength(1);
    const ev = all[0]!;
    expect(ev.metadata?.name).toMatch(/^settings\.[0-9a-f]+$/);
    expect(ev).toMatchObject({
      involvedObject: { kind: 'ConfigMap', apiVersion: 'v1', namespace: 'ev', name: 'settings', uid: cm.metadata!.uid },
      type: 'Warning',
      reason: 'FailedSync',
      message: 'could not sync: boom',
      source: { component: 'test-controller' },
      reportingComponent: 'test-controller',
      count: 3,
      firstTimestamp: new Date(first).toISOString().replace('.000Z', 'Z'),
      lastTimestamp: new Date(first + 120_000).toISOString().replace('.000Z', 'Z'),
    });
  });

  it('makes a new Event for a different message, and files events about cluster-scoped objects in default', async () => {
    cluster = await startCluster({ withManager: false });
    const { client, clock } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'ev' } });
    const cm = await client.create(CONFIG_MAPS, configMap('ev', 'settings'));
    const ns = await client.get(NAMESPACES, 'ev');
    const recorder = new EventRecorder({ client, clock, source: { component: 'test-controller' } });
    recorder.event(cm, 'Normal', 'Synced', 'first');
    recorder.event(cm, 'Normal', 'Synced', 'second');
    recorder.event(ns, 'Normal', 'Synced', 'about a namespace');
    await recorder.flush();
    expect((await events('ev')).map((e) => e['message']).sort()).toEqual(['first', 'second']);
    const inDefault = await events('default');
    expect(inDefault.map((e) => [e['message'], (e['involvedObject'] as { kind: string }).kind])).toEqual([['about a namespace', 'Namespace']]);
  });
});
