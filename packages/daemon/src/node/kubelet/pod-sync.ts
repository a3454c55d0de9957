/**
 * Syncing a pod that should run (kuberuntime_manager.go SyncPod and computePodActions):
 *
 *   1. the sandbox — created (IP from the CNI) or, when it died, re-created;
 *   2. the volumes — mounted, or FailedMount and a retry;
 *   3. init containers, one at a time and in order: the next starts once the previous
 *      exited 0 (a sidecar — restartPolicy Always — once it started);
 *   4. containers: started when missing; restarted per restartPolicy when they exited, after
 *      the crash-loop back-off; killed and restarted when liveness or startup probes fail;
 *   5. a pod whose containers all finished for good (Never, OnFailure) goes down: its
 *      sandbox stops and its IP is released;
 *   6. the status is computed and handed to the status manager.
 *
 * Starting a container: pull per imagePullPolicy, resolve its config, create, start —
 * each failure is a waiting reason (ErrImagePull, ImagePullBackOff, CreateContainerConfigError,
 * RunContainerError, CrashLoopBackOff) and an event, and the pod is synced again when it
 * makes sense to retry.
 */
import { CriError } from '../runtime/cri.js';
import { ProjectedVolume } from '../runtime/volumes.js';
import { goDuration } from './backoff.js';
import { CreateContainerConfigError, generateContainerConfig } from './container-config.js';
import { Messages, Reasons, formatPod } from './events.js';
import { type PodRecord, type SyncDeps, containerRef, podInstances, podRef } from './pod-record.js';
import { type ContainerInstance, generatePodStatus } from './pod-status.js';
import { type ContainerSpec, type Handler, type Pod, isSidecar } from './pod-types.js';
import type { PodTermination } from './pod-termination.js';
import { runProbe } from './probe.js';
import { hostsFile, sandboxConfig } from './sandbox.js';
import { podDir } from './volume-manager.js';

type Instances = Map<string, ContainerInstance[]>;

export class PodSyncer {
  constructor(
    private readonly deps: SyncDeps,
    private readonly termination: PodTermination,
  ) {}

  async sync(rec: PodRecord): Promise<void> {
    const { deps } = this;
    if (rec.removed) return this.termination.teardown(rec);
    if (rec.pod.metadata?.deletionTimestamp) return this.termination.terminate(rec, () => this.updateStatus(rec));
    if (rec.terminated) return this.updateStatus(rec);
    rec.startTime ??= deps.clock.now();
    // The status as things stand before acting, as SyncPod writes it first: a new pod shows
    // ContainerCreating while its sandbox and images are on their way.
    if (!deps.status.get(rec.uid)) await this.updateStatus(rec);
    if (!(await this.ensureSandbox(rec))) return this.updateStatus(rec);
    if (!(await this.ensureVolumes(rec))) return this.updateStatus(rec);
    let inst = await podInstances(deps, rec.uid);
    const init = await this.syncInitContainers(rec, inst);
    if (init === 'failed') {
      await this.termination.killPod(rec, 0);
      rec.terminated = true;
    } else if (init === 'done') {
      for (const c of rec.pod.spec.containers) await this.syncContainer(rec, c, inst, false);
    }
    inst = await podInstances(deps, rec.uid);
    if (!rec.terminated && this.finished(rec.pod, inst)) {
      await this.termination.killPod(rec, 0);
      rec.terminated = true;
    }
    await this.updateStatus(rec, inst);
  }

  async updateStatus(rec: PodRecord, inst?: Instances): Promise<void> {
    const { deps } = this;
    if (rec.removed) return;
    const instances = inst ?? (await podInstances(deps, rec.uid));
    const status = generatePodStatus({
      pod: rec.pod,
      nodeIP: deps.nodeIP,
      runtimeName: deps.runtimeName,
      podIP: rec.podIP,
      sandboxReady: rec.sandboxReady,
      startTime: rec.startTime,
      instances,
      reasons: rec.reasons,
      probes: (id) => deps.prober.status(id),
      terminal: rec.terminated || !!rec.pod.metadata?.deletionTimestamp,
      restartBase: rec.restartBase,
    });
    deps.status.setPodStatus(rec.pod, status);
  }

  private async ensureSandbox(rec: PodRecord): Promise<boolean> {
    const { deps } = this;
    if (rec.sandboxId) {
      const status = await deps.runtime.podSandboxStatus(rec.sandboxId).catch(() => undefined);
      if (status?.state === 'SANDBOX_READY') {
        rec.sandboxReady = true;
        return true;
      }
      deps.record(podRef(rec.pod), 'Normal', Reasons.SandboxChanged, Messages.sandboxChanged);
      await deps.runtime.removePodSandbox(rec.sandboxId).catch(() => undefined);
      rec.sandboxId = undefined;
      rec.sandboxReady = false;
      rec.sandboxAttempt++;
    }
    try {
      const id = await deps.runtime.runPodSandbox(sandboxConfig(rec.pod, rec.sandboxAttempt, deps.config));
      const status = await deps.runtime.podSandboxStatus(id);
      rec.sandboxId = id;
      rec.podIP = status.network.ip;
      rec.sandboxReady = true;
      deps.hostPaths.set(`${podDir(rec.uid)}/etc`, new ProjectedVolume(async () => new Map([['hosts', hostsFile(rec.pod, rec.podIP, deps.config.clusterDomain)]])));
      return true;
    } catch (err) {
      deps.record(podRef(rec.pod), 'Warning', Reasons.FailedCreatePodSandBox, Messages.failedSandbox(messageOf(err)));
      deps.resyncAfter(rec.uid, deps.config.syncErrorRetryMs);
      return false;
    }
  }

  private async ensureVolumes(rec: PodRecord): Promise<boolean> {
    if (rec.volumesReady) return true;
    const errors = await this.deps.volumes.mountPod(() => rec.pod);
    if (errors.length === 0) {
      rec.volumesReady = true;
      return true;
    }
    for (const e of errors) this.deps.record(podRef(rec.pod), 'Warning', Reasons.FailedMount, Messages.failedMount(e.volume, e.message));
    this.deps.resyncAfter(rec.uid, this.deps.config.syncErrorRetryMs);
    return false;
  }

  /** 'done' when every init container has completed (sidecars: started). */
  private async syncInitContainers(rec: PodRecord, inst: Instances): Promise<'done' | 'waiting' | 'failed'> {
    for (const c of rec.pod.spec.initContainers ?? []) {
      const list = inst.get(c.name) ?? [];
      const latest = list[0];
      if (isSidecar(c)) {
        const outcome = await this.syncContainer(rec, c, inst, true);
        if (outcome !== 'running') return 'waiting';
        continue;
      }
      if (list.some((i) => i.state === 'CONTAINER_EXITED' && i.exitCode === 0)) continue;
      if (latest?.state === 'CONTAINER_RUNNING' || latest?.state === 'CONTAINER_CREATED') return 'waiting';
      if (latest?.state === 'CONTAINER_EXITED' && (rec.pod.spec.restartPolicy ?? 'Always') === 'Never') return 'failed';
      await this.startContainer(rec, c, list, latest ? latest.attempt + 1 : (rec.restartBase.get(c.name) ?? 0));
      return 'waiting';
    }
    return 'done';
  }

  /** Brings one container to what it should be; 'running' when it runs (and has started). */
  private async syncContainer(rec: PodRecord, c: ContainerSpec, inst: Instances, init: boolean): Promise<'running' | 'exited' | 'waiting'> {
    const { deps } = this;
    const list = inst.get(c.name) ?? [];
    const latest = list[0];
    if (latest?.state === 'CONTAINER_RUNNING') {
      // A kubelet restarted on a live runtime picks up the probing of running containers.
      deps.prober.addContainer(rec.pod, c, latest.id);
      const probes = deps.prober.status(latest.id);
      if (!probes.livenessFailed && !probes.startupFailed) return probes.started ? 'running' : 'waiting';
      const message = probes.livenessFailed ? Messages.failedLiveness(c.name) : Messages.failedStartup(c.name);
      const grace = (probes.livenessFailed ? c.livenessProbe : c.startupProbe)?.terminationGracePeriodSeconds ?? rec.pod.spec.terminationGracePeriodSeconds ?? 30;
      await this.termination.killContainer(rec, c, latest.id, grace, message);
      // Back-off is judged on the instance before this one, as upstream's pod status snapshot does.
      return this.startContainer(rec, c, list.slice(1), latest.attempt + 1);
    }
    if (latest?.state === 'CONTAINER_EXITED') {
      if (!shouldRestart(rec.pod, c, latest, init)) return 'exited';
      return this.startContainer(rec, c, list, latest.attempt + 1);
    }
    if (latest?.state === 'CONTAINER_CREATED') return 'waiting';
    return this.startContainer(rec, c, [], rec.restartBase.get(c.name) ?? 0);
  }

  private async startContainer(rec: PodRecord, c: ContainerSpec, previous: ContainerInstance[], attempt: number): Promise<'running' | 'waiting'> {
    const { deps } = this;
    const pod = rec.pod;
    const ref = containerRef(pod, c);
    const dead = previous.find((i) => i.state === 'CONTAINER_EXITED');
    if (dead) {
      const key = `${rec.uid}/${c.name}`;
      if (deps.containerBackoff.isInBackOffSince(key, dead.finishedAt)) {
        const delay = deps.containerBackoff.get(key);
        deps.record(ref, 'Warning', Reasons.BackOff, Messages.backOffRestart(c.name, formatPod(pod)));
        rec.reasons.set(c.name, { reason: 'CrashLoopBackOff', message: Messages.crashLoop(goDuration(delay), c.name, formatPod(pod)) });
        deps.resyncAfter(rec.uid, dead.finishedAt + delay - deps.clock.now());
        return 'waiting';
      }
      deps.containerBackoff.next(key, dead.finishedAt);
    }
    const image = await deps.images.ensureImageExists(pod, c, ref);
    if (!image.ok) {
      rec.reasons.set(c.name, { reason: image.reason, message: image.message });
      // A failed pull shows ErrImagePull until the next sync, which finds it backing off.
      if (Number.isFinite(image.retryAt)) deps.resyncAfter(rec.uid, image.reason === 'ErrImagePull' ? 1000 : image.retryAt - deps.clock.now());
      return 'waiting';
    }
    let config;
    try {
      config = await generateContainerConfig(pod, c, { attempt, podIP: rec.podIP, hostIP: deps.nodeIP, objects: deps.objects, allocatable: deps.allocatable });
    } catch (err) {
      if (!(err instanceof CreateContainerConfigError)) throw err;
      deps.record(ref, 'Warning', Reasons.Failed, Messages.error(err.message));
      rec.reasons.set(c.name, { reason: 'CreateContainerConfigError', message: err.message });
      deps.resyncAfter(rec.uid, deps.config.syncErrorRetryMs);
      return 'waiting';
    }
    // Keep one dead instance per container (for `kubectl logs -p` and lastState), as the
    // kubelet's container GC does (MaxPerPodContainer = 1).
    for (const old of previous.filter((i) => i.state === 'CONTAINER_EXITED').slice(1)) await deps.runtime.removeContainer(old.id);
    let id: string;
    try {
      id = await deps.runtime.createContainer(rec.sandboxId!, config, sandboxConfig(pod, rec.sandboxAttempt, deps.config));
    } catch (err) {
      deps.record(ref, 'Warning', Reasons.Failed, Messages.error(messageOf(err)));
      rec.reasons.set(c.name, { reason: 'CreateContainerError', message: messageOf(err) });
      deps.resyncAfter(rec.uid, deps.config.syncErrorRetryMs);
      return 'waiting';
    }
    deps.record(ref, 'Normal', Reasons.Created, Messages.created(c.name));
    try {
      await deps.runtime.startContainer(id);
    } catch (err) {
      deps.record(ref, 'Warning', Reasons.Failed, Messages.error(messageOf(err)));
      rec.reasons.set(c.name, { reason: 'RunContainerError', message: messageOf(err) });
      deps.resyncAfter(rec.uid, 0);
      return 'waiting';
    }
    rec.reasons.delete(c.name);
    deps.record(ref, 'Normal', Reasons.Started, Messages.started(c.name));
    if (c.lifecycle?.postStart && !(await this.postStart(rec, c, id, c.lifecycle.postStart))) return 'waiting';
    deps.prober.addContainer(pod, c, id);
    return deps.prober.status(id).started ? 'running' : 'waiting';
  }

  /** Runs the postStart hook; a failure kills the container (FailedPostStartHook). */
  private async postStart(rec: PodRecord, c: ContainerSpec, id: string, hook: Handler): Promise<boolean> {
    const { deps } = this;
    const result = await runProbe(hook, this.probeTarget(rec, c, id), rec.pod.spec.terminationGracePeriodSeconds ?? 30);
    if (result.success) return true;
    const message = hook.exec
      ? `Exec lifecycle hook (${JSON.stringify(hook.exec.command)}) for Container "${c.name}" in Pod "${formatPod(rec.pod)}" failed - error: command '${hook.exec.command.join(' ')}' exited with non-zero code, message: "${result.output}"`
      : `HTTP lifecycle hook (${hook.httpGet?.path ?? '/'}) for Container "${c.name}" in Pod "${formatPod(rec.pod)}" failed - error: ${result.output}`;
    deps.record(containerRef(rec.pod, c), 'Warning', Reasons.FailedPostStartHook, message);
    await this.termination.killContainer(rec, c, id, rec.pod.spec.terminationGracePeriodSeconds ?? 30, `FailedPostStartHook`);
    return false;
  }

  probeTarget(rec: PodRecord, c: ContainerSpec, id: string) {
    const { deps } = this;
    return {
      runtime: deps.runtime,
      network: deps.network,
      source: { nodeName: deps.nodeName, ip: deps.nodeIP },
      containerId: id,
      container: c,
      podIP: rec.podIP,
      sleep: (ms: number) => new Promise<void>((r) => deps.clock.setTimeout(() => r(), ms).unref()),
    };
  }

  /** Every regular container exited and none will restart (restartPolicy Never or OnFailure). */
  private finished(pod: Pod, inst: Instances): boolean {
    if ((pod.spec.restartPolicy ?? 'Always') === 'Always') return false;
    return pod.spec.containers.every((c) => {
      const latest = inst.get(c.name)?.[0];
      return latest?.state === 'CONTAINER_EXITED' && !shouldRestart(pod, c, latest, false);
    });
  }
}

/** ShouldContainerBeRestarted, for a container whose latest instance exited. */
function shouldRestart(pod: Pod, c: ContainerSpec, latest: ContainerInstance, init: boolean): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  if (isSidecar(c)) return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (init) return latest.exitCode !== 0 && policy !== 'Never';
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return latest.exitCode !== 0;
  return false;
}

export function messageOf(err: unknown): string {
  return err instanceof CriError ? err.message : String((err as Error)?.message ?? err);
}
