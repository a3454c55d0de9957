/**
 * `rollout status` as kubectl's status viewers judge it (k8s.io/kubectl/pkg/polymorphichelpers
 * rollout_status.go): a message for where the rollout stands, and whether it is done.
 */
import { KubelabError } from '../errors.js';

type Obj = Record<string, any>;

export interface RolloutState {
  message: string;
  done: boolean;
}

export function rolloutStatus(kind: string, o: Obj): RolloutState {
  const name = o['metadata']?.['name'];
  const gen = o['metadata']?.['generation'] ?? 0;
  const spec = o['spec'] ?? {};
  const st = o['status'] ?? {};
  if (kind === 'Deployment') {
    if (gen > (st['observedGeneration'] ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
    const progressing = ((st['conditions'] ?? []) as Obj[]).find((c) => c['type'] === 'Progressing');
    if (progressing?.['reason'] === 'ProgressDeadlineExceeded') throw new KubelabError(`deployment "${name}" exceeded its progress deadline`);
    const want = spec['replicas'] ?? 1;
    const updated = st['updatedReplicas'] ?? 0;
    if (updated < want) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false };
    if ((st['replicas'] ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(st['replicas'] ?? 0) - updated} old replicas are pending termination...`, done: false };
    if ((st['availableReplicas'] ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${st['availableReplicas'] ?? 0} of ${updated} updated replicas are available...`, done: false };
    return { message: `deployment "${name}" successfully rolled out`, done: true };
  }
  if (kind === 'DaemonSet') {
    if ((spec['updateStrategy']?.['type'] ?? 'RollingUpdate') !== 'RollingUpdate') throw new KubelabError('rollout status is only available for RollingUpdate strategy type');
    if (gen > (st['observedGeneration'] ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
    const desired = st['desiredNumberScheduled'] ?? 0;
    if ((st['updatedNumberScheduled'] ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st['updatedNumberScheduled'] ?? 0} out of ${desired} new pods have been updated...`, done: false };
    if ((st['numberAvailable'] ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st['numberAvailable'] ?? 0} of ${desired} updated pods are available...`, done: false };
    return { message: `daemon set "${name}" successfully rolled out`, done: true };
  }
  if (kind === 'StatefulSet') {
    if ((spec['updateStrategy']?.['type'] ?? 'RollingUpdate') !== 'RollingUpdate') throw new KubelabError('rollout status is only available for RollingUpdate strategy type');
    if (!st['observedGeneration'] || gen > st['observedGeneration']) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
    const want = spec['replicas'] ?? 1;
    if ((st['readyReplicas'] ?? 0) < want) return { message: `Waiting for ${want - (st['readyReplicas'] ?? 0)} pods to be ready...`, done: false };
    const partition = spec['updateStrategy']?.['rollingUpdate']?.['partition'];
    if (partition !== undefined && partition !== null) {
      if ((st['updatedReplicas'] ?? 0) < want - partition) return { message: `Waiting for partitioned roll out to finish: ${st['updatedReplicas'] ?? 0} out of ${want - partition} new pods have been updated...`, done: false };
      return { message: `partitioned roll out complete: ${st['updatedReplicas'] ?? 0} new pods have been updated...`, done: true };
    }
    if (st['updateRevision'] !== st['currentRevision']) return { message: `waiting for statefulset rolling update to complete ${st['updatedReplicas'] ?? 0} pods at revision ${st['updateRevision']}...`, done: false };
    return { message: `statefulset rolling update complete ${st['currentReplicas'] ?? 0} pods at revision ${st['currentRevision']}...`, done: true };
  }
  throw new KubelabError(`no status viewer has been implemented for ${kind}`);
}
