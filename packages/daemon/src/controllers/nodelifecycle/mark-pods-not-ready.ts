/**
 * MarkPodsNotReady (pkg/controller/util/node): when a node stops being Ready, nobody is left
 * to report its pods' readiness, so the node lifecycle controller sets each pod's Ready
 * condition False itself — Services stop sending them traffic — and records NodeNotReady
 * ("Node is not ready") on the pod.
 */
import { type Clock, resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { describeError } from '../controller.js';
import { type Pod, updatePodCondition } from '../endpoint/pod-util.js';
import type { EventRecorder } from '../events.js';
import { retryUpdate } from '../retry-update.js';

const PODS = resourceFor('', 'v1', 'pods')!;

export async function markPodsNotReady(client: KubeClient, recorder: EventRecorder, clock: Clock, pods: Pod[], nodeName: string): Promise<void> {
  const errors: string[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    try {
      const written = await retryUpdate(
        client,
        PODS,
        { namespace: pod.metadata?.namespace, name: pod.metadata!.name!, uid: pod.metadata?.uid },
        (obj) => {
          const p = obj as Pod;
          const cond = p.status?.conditions?.find((c) => c.type === 'Ready');
          if (!cond) return false;
          return updatePodCondition(p, { ...cond, status: 'False' }, clock.now());
        },
        { subresource: 'status' },
      );
      if (written) recorder.event(written, 'Warning', 'NodeNotReady', 'Node is not ready');
    } catch (err) {
      errors.push(describeError(err));
    }
  }
  if (errors.length) throw new Error(errors.join('; '));
}
