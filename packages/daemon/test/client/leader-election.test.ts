import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { LeaderElector } from '@kubelab/core/leaderelection/leader-elector';
import { LeaseLock } from '@kubelab/core/leaderelection/lease-lock';
import { afterEach, describe, expect, it } from 'vitest';
import { LEASES, type TestCluster, startCluster } from '../controllers/cluster.js';
import { PartitionableTransport } from './partitionable-transport.js';

let cluster: TestCluster;
const electors: LeaderElector[] = [];

afterEach(async () => {
  await Promise.all(electors.splice(0).map((e) => e.stop()));
  await cluster?.stop();
});

interface Candidate {
  identity: string;
  elector: LeaderElector;
  transport: PartitionableTransport;
  leading: boolean;
  history: string[];
}

function candidate(identity: string, options: { releaseOnCancel?: boolean } = {}): Candidate {
  const transport = new PartitionableTransport(new InProcessTransport((req) => cluster.api.handle(req)));
  const lock = new LeaseLock({ client: new KubeClient(transport), namespace: 'kube-system', name: 'kube-controller-manager', identity });
  const c: Candidate = { identity, transport, leading: false, history: [], elector: undefined as unknown as LeaderElector };
  c.elector = new LeaderElector({
    lock,
    clock: cluster.clock,
    random: () => 0,
    releaseOnCancel: options.releaseOnCancel,
    callbacks: {
      onStartedLeading: () => {
        c.leading = true;
        c.history.push('started');
      },
      onStoppedLeading: () => {
        c.leading = false;
        c.history.push('stopped');
      },
    },
  });
  electors.push(c.elector);
  void c.elector.run();
  return c;
}

async function lease() {
  const l = await cluster.client.get(LEASES, 'kube-controller-manager', { namespace: 'kube-system' });
  return l['spec'] as { holderIdentity: string; leaseDurationSeconds: number; leaseTransitions: number; renewTime: string };
}

/** Moves fake time forward ms in steps, letting requests complete between steps. */
async function elapse(ms: number, step = 500): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    cluster.clock.advance(step);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}

describe('Lease leader election', () => {
  it('lets one of two candidates lead while it keeps renewing', async () => {
    cluster = await startCluster({ withManager: false });
    const a = candidate('node-a');
    await cluster.eventually(() => expect(a.leading).toBe(true));
    const b = candidate('node-b');
    await elapse(60_000);
    expect(a.leading).toBe(true);
    expect(b.leading).toBe(false);
    const spec = await lease();
    expect(spec.holderIdentity).toBe('node-a');
    expect(spec.leaseDurationSeconds).toBe(15);
    // Renewed every 2 s: the renew time is within a retry period of now.
    expect(cluster.clock.now() - Date.parse(spec.renewTime)).toBeLessThanOrEqual(2_000);
  });

  it('hands leadership over when the leader cannot renew: it stops within renewDeadline, the other takes over after leaseDuration', async () => {
    cluster = await startCluster({ withManager: false });
    const a = candidate('node-a');
    await cluster.eventually(() => expect(a.leading).toBe(true));
    const b = candidate('node-b');
    await elapse(4_000);

    a.transport.partition();
    const cutAt = cluster.clock.now();
    await cluster.eventually(() => expect(a.leading).toBe(false), { stepMs: 500 });
    // The last renewal starts at most retryPeriod after the cut and fails for renewDeadline.
    expect(cluster.clock.now() - cutAt).toBeLessThanOrEqual(2_000 + 10_000 + 500);
    expect(a.history).toEqual(['started', 'stopped']);

    await cluster.eventually(() => expect(b.leading).toBe(true), { stepMs: 500 });
    // Not before the lease it last saw renewed has run out.
    expect(cluster.clock.now() - cutAt).toBeGreaterThanOrEqual(15_000 - 2_000);
    const spec = await lease();
    expect(spec.holderIdentity).toBe('node-b');
    expect(spec.leaseTransitions).toBe(1);
  });

  it('releases the lease on stop so the next candidate need not wait it out', async () => {
    cluster = await startCluster({ withManager: false });
    const a = candidate('node-a', { releaseOnCancel: true });
    await cluster.eventually(() => expect(a.leading).toBe(true));
    const b = candidate('node-b');
    await elapse(2_000);
    await a.elector.stop();
    expect((await lease()).holderIdentity).toBe('');
    const stoppedAt = cluster.clock.now();
    await cluster.eventually(() => expect(b.leading).toBe(true), { stepMs: 100 });
    expect(cluster.clock.now() - stoppedAt).toBeLessThan(5_000);
  });
});
