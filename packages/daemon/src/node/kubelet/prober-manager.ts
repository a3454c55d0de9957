/**
 * The prober manager and its workers (pkg/kubelet/prober/prober_manager.go, worker.go): one
 * worker per probe of a started container, probing every periodSeconds from the start —
 * results before initialDelaySeconds are not taken — and reporting a change only after
 * failureThreshold failures or successThreshold successes in a row.
 *
 *   startup    unknown until it passes; liveness and readiness wait for it; failing it
 *              restarts the container. Once passed, the worker stops.
 *   readiness  not ready until it passes; drives the container's ready and the pod's Ready.
 *   liveness   failing it restarts the container; the worker then holds until the
 *              container is replaced.
 *
 * Every failed probe records an Unhealthy event ("Liveness probe failed: …").
 */
import type { Clock, TimerHandle } from '@kubelab/core';
import type { ContainerSpec, Pod, Probe } from './pod-types.js';
import type { ProbeResult } from './probe.js';

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

const KIND_NAME: Record<ProbeKind, 'Startup' | 'Readiness' | 'Liveness'> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };

interface Worker {
  kind: ProbeKind;
  probe: Probe;
  timer: TimerHandle | undefined;
  lastResult: boolean | undefined;
  run: number;
  running: boolean;
  onHold: boolean;
}

interface ContainerProbes {
  uid: string;
  startedAt: number;
  workers: Worker[];
  started: boolean;
  ready: boolean;
  livenessFailed: boolean;
  startupFailed: boolean;
}

export interface ProberOptions {
  clock: Clock;
  run(uid: string, containerId: string, container: ContainerSpec, probe: Probe): Promise<ProbeResult>;
  /** A result changed: the pod should be synced. */
  onChange(uid: string): void;
  /** A probe failed (for the Unhealthy event). */
  onFailure(pod: Pod, container: ContainerSpec, message: string): void;
}

export interface ProbeStatus {
  started: boolean;
  ready: boolean;
  livenessFailed: boolean;
  startupFailed: boolean;
}

const NO_PROBES: ProbeStatus = { started: true, ready: true, livenessFailed: false, startupFailed: false };

export class ProberManager {
  private readonly containers = new Map<string, ContainerProbes>();

  constructor(private readonly options: ProberOptions) {}

  /** Starts the workers of a container that just started. */
  addContainer(pod: Pod, c: ContainerSpec, containerId: string): void {
    if (this.containers.has(containerId)) return;
    const kinds: Array<[ProbeKind, Probe | undefined]> = [
      ['startup', c.startupProbe],
      ['readiness', c.readinessProbe],
      ['liveness', c.livenessProbe],
    ];
    const cp: ContainerProbes = {
      uid: pod.metadata!.uid!,
      startedAt: this.options.clock.now(),
      workers: [],
      started: !c.startupProbe,
      ready: !c.readinessProbe,
      livenessFailed: false,
      startupFailed: false,
    };
    if (!c.startupProbe && !c.readinessProbe && !c.livenessProbe) return;
    this.containers.set(containerId, cp);
    for (const [kind, probe] of kinds) {
      if (!probe) continue;
      const w: Worker = { kind, probe, timer: undefined, lastResult: undefined, run: 0, running: false, onHold: false };
      cp.workers.push(w);
      const tick = () => void this.tick(pod, c, containerId, cp, w);
      const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
      w.timer = this.options.clock.setInterval(tick, period).unref();
      this.options.clock.setTimeout(tick, 0).unref();
    }
  }

  status(containerId: string): ProbeStatus {
    const cp = this.containers.get(containerId);
    if (!cp) return NO_PROBES;
    return { started: cp.started, ready: cp.started && cp.ready, livenessFailed: cp.livenessFailed, startupFailed: cp.startupFailed };
  }

  removeContainer(containerId: string): void {
    const cp = this.containers.get(containerId);
    if (!cp) return;
    for (const w of cp.workers) w.timer?.clear();
    this.containers.delete(containerId);
  }

  removePod(uid: string): void {
    for (const [id, cp] of this.containers) if (cp.uid === uid) this.removeContainer(id);
  }

  stop(): void {
    for (const id of [...this.containers.keys()]) this.removeContainer(id);
  }

  private async tick(pod: Pod, c: ContainerSpec, containerId: string, cp: ContainerProbes, w: Worker): Promise<void> {
    if (w.running || w.onHold || this.containers.get(containerId) !== cp) return;
    if (w.kind !== 'startup' && !cp.started) return;
    if (this.options.clock.now() - cp.startedAt < (w.probe.initialDelaySeconds ?? 0) * 1000) return;
    w.running = true;
    let result: ProbeResult;
    try {
      result = await this.options.run(cp.uid, containerId, c, w.probe);
    } finally {
      w.running = false;
    }
    if (this.containers.get(containerId) !== cp) return;
    if (!result.success) this.options.onFailure(pod, c, `${KIND_NAME[w.kind]} probe failed: ${result.output}`);
    w.run = w.lastResult === result.success ? w.run + 1 : 1;
    w.lastResult = result.success;
    const threshold = result.success ? (w.probe.successThreshold ?? 1) : (w.probe.failureThreshold ?? 3);
    if (w.run < threshold) return;
    let changed = false;
    switch (w.kind) {
      case 'startup':
        if (result.success) {
          changed = !cp.started;
          cp.started = true;
          w.timer?.clear();
        } else {
          changed = !cp.startupFailed;
          cp.startupFailed = true;
          w.onHold = true;
        }
        break;
      case 'readiness':
        changed = cp.ready !== result.success;
        cp.ready = result.success;
        break;
      case 'liveness':
        if (!result.success) {
          changed = !cp.livenessFailed;
          cp.livenessFailed = true;
          w.onHold = true;
        }
        break;
    }
    if (changed) this.options.onChange(cp.uid);
  }
}
