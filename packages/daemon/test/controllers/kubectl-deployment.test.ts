/**
 * The real kubectl driving Deployments on a real kubelabd: create, rollout status, set
 * image, rollout history/undo/restart/pause/resume, scale, and delete --cascade=orphan.
 * Until simulated nodes exist, a loop in the test plays scheduler and kubelet: it binds pods,
 * reports them running and ready one at a time, and finishes graceful deletes.
 */
import { RealClock } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from '../e2e/cluster.js';
import { DEPLOYMENTS, type Obj, REPLICA_SETS, active, kubeletStep, listPods } from './workloads.js';

const ok = kubectlAvailable();
const NS = 'e2e';

/** A scheduler-and-kubelet loop that also records the lowest availability it saw. */
class KubeletLoop {
  minAvailable = Infinity;
  minReadyPods = Infinity;
  /** The Deployment's and ReplicaSets' statuses when availability was lowest. */
  lowest = '';
  watching = false;
  private running = true;
  private done: Promise<void>;

  constructor(private readonly client: KubeClient) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    const clock = new RealClock();
    while (this.running) {
      try {
        // One pod starts per round, so rollouts take several steps.
        let started = 0;
        await kubeletStep(this.client, clock, NS, { hold: (p) => Boolean(p.spec?.nodeName) && p.status?.phase === 'Pending' && started++ > 0 });
        if (this.watching) {
          const d = (await this.client.get(DEPLOYMENTS, 'web', { namespace: NS })) as Obj;
          const available = d.status?.availableReplicas ?? 0;
          if (available < this.minAvailable) {
            // What the controllers had written when availability was lowest, for the report.
            const rss = (await this.client.list(REPLICA_SETS, { namespace: NS })).items as Obj[];
            this.lowest = JSON.stringify({ deployment: d.status, replicaSets: rss.map((r) => ({ name: r.metadata.name, rv: r.metadata.resourceVersion, replicas: r.spec.replicas, status: r.status })) });
          }
          this.minAvailable = Math.min(this.minAvailable, available);
          const ready = active(await listPods(this.client, NS, 'app=web')).filter((p) =>
            (p.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True'),
          );
          this.minReadyPods = Math.min(this.minReadyPods, ready.length);
        }
      } catch {
        // Objects come and go under the loop; the next round sees the new state.
      }
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

describe.skipIf(!ok)('kubectl and Deployments', () => {
  let c: TestCluster;
  let client: KubeClient;
  let kubelet: KubeletLoop;
  const k = (...args: string[]) => c.ok(['-n', NS, ...args]);

  beforeAll(async () => {
    c = await startCluster();
    client = new KubeClient(new InProcessTransport((req) => c.daemon.api.handle(req), { userAgent: 'kubelet/v1.32.0' }));
    await c.ok(['create', 'namespace', NS]);
    kubelet = new KubeletLoop(client);
  });

  afterAll(async () => {
    await kubelet?.stop();
    await c?.stop();
  });

  it('kubectl create deployment makes 3 pods and rollout status waits for them and exits 0', async () => {
    const created = await c.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '-n', NS]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('deployment.apps/web created\n');
    const status = await c.kubectl(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out\n');
    const pods = active(await listPods(client, NS, 'app=web'));
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
  });

  it('kubectl set image rolls out without availability dropping below replicas - maxUnavailable', async () => {
    kubelet.minAvailable = Infinity;
    kubelet.minReadyPods = Infinity;
    kubelet.watching = true;
    expect(await k('set', 'image', 'deployment/web', 'nginx=nginx:1.26')).toBe('deployment.apps/web image updated\n');
    const status = await c.kubectl(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s']);
    kubelet.watching = false;
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('Waiting for deployment "web" rollout to finish:');
    expect(status.stdout).toContain('deployment "web" successfully rolled out\n');
    // 3 replicas at 25%/25%: maxSurge 1, maxUnavailable 0.
    expect(kubelet.minAvailable, kubelet.lowest).toBe(3);
    expect(kubelet.minReadyPods).toBeGreaterThanOrEqual(3);
    const images = active(await listPods(client, NS, 'app=web')).map((p) => p.spec.containers[0].image);
    expect(images).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
  });

  it('kubectl rollout history lists both revisions, and rollout undo brings the first template back', async () => {
    const history = await k('rollout', 'history', 'deployment/web');
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    expect(await k('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    const images = active(await listPods(client, NS, 'app=web')).map((p) => p.spec.containers[0].image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(await k('rollout', 'history', 'deployment/web')).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
    const revision1 = await k('rollout', 'history', 'deployment/web', '--revision=3');
    expect(revision1).toContain('Image:\tnginx:1.27');
  });

  it('kubectl scale, rollout restart, pause and resume', async () => {
    expect(await k('scale', 'deployment/web', '--replicas=5')).toBe('deployment.apps/web scaled\n');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    expect(active(await listPods(client, NS, 'app=web'))).toHaveLength(5);

    expect(await k('rollout', 'restart', 'deployment/web')).toBe('deployment.apps/web restarted\n');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    const restarted = active(await listPods(client, NS, 'app=web'));
    expect(restarted).toHaveLength(5);
    expect(restarted.every((p) => p.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'])).toBe(true);

    expect(await k('rollout', 'pause', 'deployment/web')).toBe('deployment.apps/web paused\n');
    await k('set', 'image', 'deployment/web', 'nginx=nginx:1.25');
    const describe = await k('describe', 'deployment/web');
    expect(describe).toMatch(/Progressing\s+Unknown\s+DeploymentPaused/);
    expect(await k('rollout', 'resume', 'deployment/web')).toBe('deployment.apps/web resumed\n');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    const images = active(await listPods(client, NS, 'app=web')).map((p) => p.spec.containers[0].image);
    expect(new Set(images)).toEqual(new Set(['nginx:1.25']));
  });

  it('kubectl delete deploy --cascade=orphan leaves its ReplicaSets and their pods', async () => {
    const before = ((await client.list(REPLICA_SETS, { namespace: NS })).items as Obj[]).map((r) => r.metadata!.name).sort();
    expect(await k('delete', 'deploy', 'web', '--cascade=orphan')).toBe('deployment.apps "web" deleted\n');
    const deadline = Date.now() + 20_000;
    let rss: Obj[] = [];
    while (Date.now() < deadline) {
      rss = (await client.list(REPLICA_SETS, { namespace: NS })).items as Obj[];
      if (rss.every((r) => (r.metadata?.ownerReferences ?? []).length === 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rss.map((r) => r.metadata!.name).sort()).toEqual(before);
    expect(rss.every((r) => (r.metadata?.ownerReferences ?? []).length === 0)).toBe(true);
    expect(await k('get', 'deploy')).toBe('');
    expect(active(await listPods(client, NS, 'app=web'))).toHaveLength(5);
  });
});
