/**
 * Stopping pods (kuberuntime_container.go killContainer, kubelet.go SyncTerminatingPod and
 * SyncTerminatedPod, status_manager.go canBeDeleted):
 *
 *   - a container is killed with the grace period it is given: its preStop hook runs first
 *     (within the grace period), then SIGTERM, and SIGKILL when the rest of the period is
 *     over — never less than 2 s (minimumGracePeriodInSeconds);
 *   - a pod being deleted (deletionTimestamp set) has all its containers killed at once with
 *     metadata.deletionGracePeriodSeconds, its sandbox stopped, its final status written, and
 *     then the kubelet deletes it for good (grace period 0, uid precondition);
 *   - a pod gone from the API server (a force delete) is killed at once and cleaned up.
 */
import { resourceFor } from '@kubelab/core';
import { isStatus } from '@kubelab/core/client/client';
import { Messages, Reasons } from './events.js';
import { type PodRecord, type SyncDeps, containerRef, podInstances } from './pod-record.js';
import type { ContainerSpec } from './pod-types.js';
import { runProbe } from './probe.js';
import { podDir } from './volume-manager.js';

const PODS = resourceFor('', 'v1', 'pods')!;
const MINIMUM_GRACE_SECONDS = 2;

export class PodTermination {
  constructor(private readonly deps: SyncDeps) {}

  /** Kills one container: preStop, SIGTERM, SIGKILL after the grace period. */
  async killContainer(rec: PodRecord, c: ContainerSpec | undefined, id: string, graceSeconds: number, message?: string): Promise<void> {
    const { deps } = this;
    if (c) deps.record(containerRef(rec.pod, c), 'Normal', Reasons.Killing, message ?? Messages.stopping(c.name));
    const deadline = deps.clock.now() + graceSeconds * 1000;
    const preStop = c?.lifecycle?.preStop;
    if (c && preStop && graceSeconds > 0) {
      const target = {
        runtime: deps.runtime,
        network: deps.network,
        source: { nodeName: deps.nodeName, ip: deps.nodeIP },
        containerId: id,
        container: c,
        podIP: rec.podIP,
        sleep: (ms: number) => new Promise<void>((r) => deps.clock.setTimeout(() => r(), Math.min(ms, graceSeconds * 1000)).unref()),
      };
      const result = await runProbe(preStop, target, graceSeconds);
      if (!result.success) deps.record(containerRef(rec.pod, c), 'Warning', Reasons.FailedPreStopHook, `PreStopHook failed: ${result.output}`);
    }
    const left = Math.ceil((deadline - deps.clock.now()) / 1000);
    deps.prober.removeContainer(id);
    await deps.runtime.stopContainer(id, graceSeconds === 0 ? 0 : Math.max(left, MINIMUM_GRACE_SECONDS));
  }

  /** Kills every running container of the pod in parallel, then stops its sandbox. */
  async killPod(rec: PodRecord, graceSeconds: number): Promise<void> {
    const { deps } = this;
    const inst = await podInstances(deps, rec.uid);
    const specs = [...rec.pod.spec.containers, ...(rec.pod.spec.initContainers ?? [])];
    const kills: Array<Promise<void>> = [];
    for (const [name, list] of inst) {
      const latest = list[0];
      if (latest?.state !== 'CONTAINER_RUNNING') continue;
      kills.push(this.killContainer(rec, specs.find((s) => s.name === name), latest.id, graceSeconds));
    }
    await Promise.all(kills);
    deps.prober.removePod(rec.uid);
    if (rec.sandboxId) await deps.runtime.stopPodSandbox(rec.sandboxId);
    rec.sandboxReady = false;
  }

  /** A pod being deleted: kill with its grace period, write the final status, then delete it. */
  async terminate(rec: PodRecord, updateStatus: () => Promise<void>): Promise<void> {
    const { deps } = this;
    const m = rec.pod.metadata!;
    if (!rec.terminated) {
      const grace = m.deletionGracePeriodSeconds ?? rec.pod.spec.terminationGracePeriodSeconds ?? 30;
      await this.killPod(rec, grace);
      rec.terminated = true;
    }
    await updateStatus();
    await deps.status.flush(rec.uid);
    if (rec.deleting || rec.removed) return;
    rec.deleting = true;
    try {
      await deps.client.delete(PODS, m.name!, { namespace: m.namespace, gracePeriodSeconds: 0, preconditions: { uid: m.uid } });
    } catch (err) {
      if (!isStatus(err, 404) && !isStatus(err, 409)) {
        rec.deleting = false;
        deps.log(`failed to delete pod ${m.namespace}/${m.name}: ${String((err as Error)?.message ?? err)}`);
        deps.resyncAfter(rec.uid, deps.config.syncErrorRetryMs);
      }
    }
  }

  /** A pod gone from the API server: kill what still runs and clean everything up. */
  async teardown(rec: PodRecord): Promise<void> {
    const { deps } = this;
    if (!rec.terminated) await this.killPod(rec, 1);
    rec.terminated = true;
    if (rec.sandboxId) await deps.runtime.removePodSandbox(rec.sandboxId);
    for (const s of await deps.runtime.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': rec.uid } })) await deps.runtime.removePodSandbox(s.id);
    rec.sandboxId = undefined;
    deps.volumes.unmountPod(rec.uid);
    deps.hostPaths.removeUnder(podDir(rec.uid));
    deps.images.forgetPod(rec.uid);
    deps.containerBackoff.forgetPrefix(`${rec.uid}/`);
    deps.prober.removePod(rec.uid);
    deps.status.forget(rec.uid);
  }
}
