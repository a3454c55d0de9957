/**
 * CronJob defaults (SetDefaults_CronJob in pkg/apis/batch/v1): concurrent runs allowed, not
 * suspended, three successful and one failed job kept; the job template's pod template gets
 * the pod spec defaults (SetDefaults_Job itself does not apply to templates).
 */
import type { KubeObject } from '../api/meta.js';
import { defaultEmbeddedMeta, defaultPodTemplate } from './pod-spec.js';
import { child, setDefault, setDefaultIfZero } from './util.js';

export function defaultCronJob(cj: KubeObject): void {
  const spec = child(cj, 'spec');
  setDefaultIfZero(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = child(spec, 'jobTemplate');
  defaultEmbeddedMeta(child(jobTemplate, 'metadata'));
  defaultPodTemplate(child(child(jobTemplate, 'spec'), 'template'));
}
