/**
 * DaemonSet defaults (SetDefaults_DaemonSet in pkg/apis/apps/v1): RollingUpdate with one
 * unavailable pod and no surge, ten revisions kept.
 */
import type { KubeObject } from '../api/meta.js';
import { defaultPodTemplate } from './pod-spec.js';
import { child, setDefault, setDefaultIfZero } from './util.js';

export function defaultDaemonSet(ds: KubeObject): void {
  const spec = child(ds, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setDefaultIfZero(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
}
