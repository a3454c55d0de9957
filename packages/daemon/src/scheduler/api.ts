/**
 * The scheduler's writes through the API (the calls kube-scheduler makes with its clientset):
 * bindings, pod status (the PodScheduled condition, nominatedNodeName), preemption (the
 * DisruptionTarget condition, then delete), and volume binding. Pod status is written as a
 * strategic merge patch of only what changes (util.PatchPodStatus).
 */
import { type KubeObject, resourceFor, timestamp } from '@kubelab/core';
import { type KubeClient, isStatus, resourcePath } from '@kubelab/core/client/client';
import { statusErrorFromResponse } from '@kubelab/core/client/transport';
import type { PersistentVolume, PersistentVolumeClaim, Pod, PodCondition } from '@kubelab/core/scheduler/api/types';
import type { SchedulerApi } from '@kubelab/core/scheduler/framework/interface';
import type { Clock } from '@kubelab/core';

export const PODS = resourceFor('', 'v1', 'pods')!;
const PVS = resourceFor('', 'v1', 'persistentvolumes')!;
const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;

export class SchedulerApiClient implements SchedulerApi {
  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
  ) {}

  async bind(pod: Pod, nodeName: string): Promise<void> {
    const m = pod.metadata ?? {};
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: m.name, namespace: m.namespace, uid: m.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    });
    const path = resourcePath(PODS, { namespace: m.namespace, name: m.name, subresource: 'binding' });
    const res = await this.client.transport.request('POST', path, { body, contentType: 'application/json' });
    if (res.status < 200 || res.status > 299) throw statusErrorFromResponse(res.status, res.body);
  }

  async preemptPod(victim: Pod, preemptor: Pod, _nodeName: string): Promise<void> {
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
    };
    const ns = victim.metadata?.namespace;
    const name = victim.metadata?.name ?? '';
    try {
      const status = conditionPatch(victim, condition, this.clock.now());
      if (status) await this.patchStatus(victim, status);
      await this.client.delete(PODS, name, { namespace: ns, preconditions: { uid: victim.metadata?.uid } });
    } catch (err) {
      // Already gone: nothing left to preempt.
      if (isStatus(err, 404) || isStatus(err, 409)) return;
      throw err;
    }
  }

  async clearNominatedNodeName(pod: Pod): Promise<void> {
    if (!pod.status?.nominatedNodeName) return;
    await this.patchStatus(pod, { nominatedNodeName: null });
  }

  /**
   * Sets the PodScheduled condition and the nominated node (updatePod in schedule_one.go);
   * no call when nothing would change.
   */
  async updatePodSchedulingStatus(pod: Pod, condition: PodCondition | undefined, nominatedNodeName: string | undefined): Promise<void> {
    const patch: Record<string, unknown> = {};
    if (condition) {
      const c = conditionPatch(pod, condition, this.clock.now());
      if (c) Object.assign(patch, c);
    }
    if (nominatedNodeName !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominatedNodeName) {
      patch['nominatedNodeName'] = nominatedNodeName === '' ? null : nominatedNodeName;
    }
    if (Object.keys(patch).length === 0) return;
    await this.patchStatus(pod, patch);
  }

  async updatePersistentVolume(pv: PersistentVolume): Promise<PersistentVolume> {
    const updated = await this.client.update<PersistentVolume>(PVS, pv);
    if (pv.status) return this.client.updateStatus<PersistentVolume>(PVS, { ...updated, status: pv.status });
    return updated;
  }

  async updatePersistentVolumeClaim(pvc: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    const updated = await this.client.update<PersistentVolumeClaim>(PVCS, pvc);
    if (!pvc.spec?.volumeName) return updated;
    return this.client.updateStatus<PersistentVolumeClaim>(PVCS, { ...updated, status: { ...(updated.status ?? {}), phase: 'Bound' } });
  }

  private async patchStatus(pod: Pod, status: Record<string, unknown>): Promise<KubeObject> {
    return this.client.patch(PODS, pod.metadata?.name ?? '', 'strategic', { status }, { namespace: pod.metadata?.namespace, subresource: 'status' });
  }
}

/**
 * The status patch that sets condition on pod (podutil.UpdatePodCondition): undefined when
 * the pod already has it with the same status, reason and message; the transition time
 * moves only when the status changes.
 */
export function conditionPatch(pod: Pod, condition: PodCondition, nowMs: number): Record<string, unknown> | undefined {
  const old = (pod.status?.conditions ?? []).find((c) => c.type === condition.type);
  if (old && old.status === condition.status && (old.reason ?? '') === (condition.reason ?? '') && (old.message ?? '') === (condition.message ?? '')) {
    return undefined;
  }
  const lastTransitionTime = old && old.status === condition.status ? (old.lastTransitionTime ?? timestamp(nowMs)) : timestamp(nowMs);
  return { conditions: [{ ...condition, lastProbeTime: null, lastTransitionTime }] };
}
