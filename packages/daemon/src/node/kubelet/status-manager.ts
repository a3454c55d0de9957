/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go): keeps the latest
 * status the kubelet computed for each pod and writes it to the API server when it changed
 * — one write in flight per pod, later changes coalesced into the next — as a merge patch of
 * pods/status. Condition transition times carry over while a condition's status stays the
 * same, as updateLastTransitionTime does.
 */
import { type Clock, resourceFor, timestamp } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import type { Pod, PodStatus } from './pod-types.js';

const PODS = resourceFor('', 'v1', 'pods')!;

/** Status fields owned by others: never cleared by the kubelet. */
const NOT_OURS = new Set(['nominatedNodeName', 'qosClass', 'resourceClaimStatuses', 'resize', 'ephemeralContainerStatuses']);

interface Entry {
  namespace: string;
  name: string;
  uid: string;
  /** The status last computed. */
  status: PodStatus;
  json: string;
  /** What the API server has (the last write's answer, or the pod as the kubelet first saw it). */
  written: string;
  /** Fields the API server has that the next write must clear. */
  apiKeys: Set<string>;
  writing: Promise<void> | undefined;
  dirty: boolean;
}

export class StatusManager {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
    private readonly onError: (err: unknown, pod: string) => void,
  ) {}

  /** The status last computed for uid. */
  get(uid: string): PodStatus | undefined {
    return this.entries.get(uid)?.status;
  }

  setPodStatus(pod: Pod, status: PodStatus): void {
    const m = pod.metadata!;
    const uid = m.uid!;
    let e = this.entries.get(uid);
    const previous = e?.status ?? pod.status ?? {};
    withTransitionTimes(status, previous, this.clock.now());
    const json = JSON.stringify(status);
    if (!e) {
      const apiStatus = pod.status ?? {};
      e = { namespace: m.namespace!, name: m.name!, uid, status, json, written: JSON.stringify(apiStatus), apiKeys: new Set(Object.keys(apiStatus)), writing: undefined, dirty: false };
      this.entries.set(uid, e);
    } else {
      e.status = status;
      e.json = json;
    }
    if (e.json === e.written) return;
    e.dirty = true;
    if (!e.writing) e.writing = this.write(e);
  }

  /** Resolves once the latest status of uid is written (or given up). */
  async flush(uid: string): Promise<void> {
    for (let e = this.entries.get(uid); e?.writing; e = this.entries.get(uid)) await e.writing;
  }

  /** The API server's copy is new (a static pod's mirror was recreated): the next status is written whole. */
  invalidate(uid: string): void {
    const e = this.entries.get(uid);
    if (e) e.written = '';
  }

  forget(uid: string): void {
    this.entries.delete(uid);
  }

  private async write(e: Entry): Promise<void> {
    try {
      while (e.dirty && this.entries.get(e.uid) === e) {
        e.dirty = false;
        const json = e.json;
        const patch: Record<string, unknown> = { ...e.status };
        for (const k of e.apiKeys) if (!(k in patch) && !NOT_OURS.has(k)) patch[k] = null;
        try {
          const written = await this.client.patch<Pod>(PODS, e.name, 'merge', { status: patch }, { namespace: e.namespace, subresource: 'status' });
          // A static pod's status goes to its mirror pod, whose config.mirror is the static pod's uid.
          if (written.metadata?.uid !== e.uid && written.metadata?.annotations?.['kubernetes.io/config.mirror'] !== e.uid) return;
          e.written = json;
          e.apiKeys = new Set(Object.keys(written.status ?? {}));
        } catch (err) {
          if (isStatus(err, 404)) return;
          this.onError(err, `${e.namespace}/${e.name}`);
          // Retry with the next change, or shortly.
          await new Promise<void>((r) => this.clock.setTimeout(() => r(), 1000).unref());
          e.dirty = true;
        }
      }
    } finally {
      e.writing = undefined;
    }
  }
}

function withTransitionTimes(status: PodStatus, previous: PodStatus, now: number): void {
  for (const c of status.conditions ?? []) {
    if (c.lastTransitionTime) continue;
    const old = previous.conditions?.find((o) => o.type === c.type);
    c.lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : timestamp(now);
  }
}
