/** ReplicaSet defaults (SetDefaults_ReplicaSet in pkg/apis/apps/v1): one replica. */
import type { KubeObject } from '../api/meta.js';
import { defaultPodTemplate } from './pod-spec.js';
import { child, setDefault } from './util.js';

export function defaultReplicaSet(rs: KubeObject): void {
  const spec = child(rs, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(child(spec, 'template'));
}
