/**
 * Deployment defaults (SetDefaults_Deployment in pkg/apis/apps/v1): one replica, a
 * RollingUpdate strategy with 25% surge and 25% unavailable, ten old ReplicaSets kept, and a
 * 600-second progress deadline.
 */
import type { KubeObject } from '../api/meta.js';
import { defaultPodTemplate } from './pod-spec.js';
import { child, setDefault, setDefaultIfZero } from './util.js';

export function defaultDeployment(d: KubeObject): void {
  const spec = child(d, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefaultIfZero(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(child(spec, 'template'));
}
