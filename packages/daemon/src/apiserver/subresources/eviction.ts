/**
 * pods/eviction: a delete that honours PodDisruptionBudgets, what `kubectl drain` uses.
 * As upstream's EvictionREST: pods that are not running (pending, finished, already
 * deleting) go at once; otherwise the one PDB selecting the pod must allow a disruption —
 * it is then spent (status.disruptionsAllowed − 1, the pod recorded in disruptedPods) before
 * the pod is deleted. A budget with nothing to spare answers 429 TooManyRequests, which
 * kubectl drain retries.
 */
import {
  type DeleteOptions,
  type KubeObject,
  type LabelSelector,
  badRequest,
  selectorFromLabelSelector,
  statusError,
  successStatus,
  timestamp,
} from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import { type HandlerInput, decodeObject } from '../handlers/request.js';
import { deleteObject } from '../rest/delete.js';
import { getObject, listObjects } from '../rest/read.js';
import { updateObject } from '../rest/update.js';

interface Pdb extends KubeObject {
  spec?: { selector?: LabelSelector };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    observedGeneration?: number;
    disruptedPods?: Record<string, string>;
  };
}

export async function handleEviction(input: HandlerInput): Promise<JsonResponse> {
  const { ctx, info, res } = input;
  if (info.verb !== 'create') throw badRequest('only POST is supported for pods/eviction');
  const eviction = decodeObject(input, { apiVersion: 'policy/v1', kind: 'Eviction' });
  const options = (eviction['deleteOptions'] ?? {}) as DeleteOptions;
  const name = info.name!;
  const pod = await getObject(res, ctx, name);
  if (!canIgnoreBudget(pod)) {
    const pdbs = ctx.lookup('policy', 'poddisruptionbudgets');
    const all = await listObjects(pdbs, ctx, {});
    const matching = (all.items as Pdb[]).filter((p) => selectorFromLabelSelector(p.spec?.selector)?.matches(pod.metadata?.labels) ?? false);
    if (matching.length > 1) {
      throw statusError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const pdb = matching[0];
    if (pdb) await spendDisruption(input, pdb, name);
  }
  await deleteObject(res, ctx, name, options);
  return { status: 201, body: successStatus() };
}

/** Not running, or already going: no budget is spent on it. */
function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
}

async function spendDisruption(input: HandlerInput, pdb: Pdb, podName: string): Promise<void> {
  const { ctx } = input;
  const pdbs = ctx.lookup('policy', 'poddisruptionbudgets');
  await updateObject(
    pdbs,
    ctx,
    pdb.metadata!.name!,
    (current) => {
      const p = current as Pdb;
      const s = (p.status ??= {});
      if ((s.observedGeneration ?? 0) < (p.metadata?.generation ?? 0) || (s.disruptionsAllowed ?? 0) <= 0) {
        throw statusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          causes: [
            {
              reason: 'DisruptionBudget',
              message: `The disruption budget ${p.metadata?.name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`,
            },
          ],
        });
      }
      s.disruptionsAllowed = (s.disruptionsAllowed ?? 0) - 1;
      s.disruptedPods = { ...(s.disruptedPods ?? {}), [podName]: timestamp(ctx.clock.now()) };
      return p;
    },
    { subresource: 'status', trusted: true },
  );
}
