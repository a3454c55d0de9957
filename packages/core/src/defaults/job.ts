/**
 * Job defaults (SetDefaults_Job in pkg/apis/batch/v1) and the selector the Job strategy
 * generates on create (generateSelector in pkg/registry/batch/job): pods are labelled with
 * the job's name and uid, and the job selects them by uid.
 */
import type { KubeObject } from '../api/meta.js';
import { defaultPodTemplate } from './pod-spec.js';
import { type Obj, child, isObj, items, setDefault } from './util.js';

const LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
};

/**
 * generateSelector: runs once the job has a uid, unless the user manages the selector. Labels
 * the user set are kept (validation then reports a conflict); repeated runs change nothing.
 */
export function generateJobSelector(job: KubeObject): void {
  const spec = child(job, 'spec');
  const uid = job.metadata?.uid;
  const name = job.metadata?.name ?? '';
  if (spec['manualSelector'] === true || !uid) return;
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const key of [LABELS.legacyJobName, LABELS.jobName]) if (!(key in labels)) labels[key] = name;
  for (const key of [LABELS.legacyControllerUid, LABELS.controllerUid]) if (!(key in labels)) labels[key] = uid;
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (!(LABELS.controllerUid in matchLabels)) matchLabels[LABELS.controllerUid] = uid;
}

function copyTemplateLabels(job: KubeObject, spec: Obj): void {
  const labels = isObj(spec['template']) && isObj(spec['template']['metadata']) ? spec['template']['metadata']['labels'] : undefined;
  const meta = (job.metadata ??= {});
  if (isObj(labels) && Object.keys(labels).length > 0 && Object.keys(meta.labels ?? {}).length === 0) {
    meta.labels = { ...(labels as Record<string, string>) };
  }
}

export function defaultJob(job: KubeObject): void {
  const spec = child(job, 'spec');
  if (spec['completions'] === undefined && spec['parallelism'] === undefined) spec['completions'] = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec['backoffLimitPerIndex'] !== undefined && spec['backoffLimitPerIndex'] !== null ? 2147483647 : 6);
  // The job takes its template's labels. Upstream copies them when decoding the request and
  // again on every read, so a job created without labels reads back with the generated ones.
  copyTemplateLabels(job, spec);
  generateJobSelector(job);
  copyTemplateLabels(job, spec);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  if (isObj(spec['podFailurePolicy'])) {
    for (const rule of items(spec['podFailurePolicy'], 'rules')) {
      for (const pattern of items(rule, 'onPodConditions')) if (!pattern['status']) pattern['status'] = 'True';
    }
  }
  // JobPodReplacementPolicy is beta and on in 1.32.
  setDefault(spec, 'podReplacementPolicy', isObj(spec['podFailurePolicy']) ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(child(spec, 'template'));
}
