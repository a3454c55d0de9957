/**
 * StatefulSet defaults (SetDefaults_StatefulSet in pkg/apis/apps/v1): OrderedReady pod
 * management, RollingUpdate from partition 0, claims retained on delete and scale-down, one
 * replica, ten revisions; volumeClaimTemplates get the claim defaults (so they read back with
 * `volumeMode: Filesystem` and `status: {phase: Pending}`).
 */
import type { KubeObject } from '../api/meta.js';
import { defaultPersistentVolumeClaim } from './persistent-volume.js';
import { defaultEmbeddedMeta, defaultPodTemplate } from './pod-spec.js';
import { child, isObj, items, setDefault, setDefaultIfZero } from './util.js';

export function defaultStatefulSet(sts: KubeObject): void {
  const spec = child(sts, 'spec');
  setDefaultIfZero(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (!strategy['type']) {
    strategy['type'] = 'RollingUpdate';
    // With the type defaulted, rollingUpdate takes its defaults too.
    child(strategy, 'rollingUpdate');
  }
  if (strategy['type'] === 'RollingUpdate' && isObj(strategy['rollingUpdate'])) setDefault(strategy['rollingUpdate'], 'partition', 0);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefaultIfZero(retention, 'whenDeleted', 'Retain');
  setDefaultIfZero(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
  for (const claim of items(spec, 'volumeClaimTemplates')) {
    defaultEmbeddedMeta(child(claim, 'metadata'));
    defaultPersistentVolumeClaim(claim);
  }
}
