/**
 * Jobs (ValidateJob, validateJobSpec and ValidateJobSpecUpdate in pkg/apis/batch/validation):
 * counts are non-negative, pods restart OnFailure or Never, the generated selector and its
 * labels are in place, and the pod template is immutable (a suspended job that never started
 * may still change its scheduling directives).
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, immutable, invalid, nonNegative, notSupported, required, tooLong, tooMany } from './field.js';
import { selectorMatches, validateLabelSelector } from './label-selector.js';
import { isDNS1123Label, isQualifiedName } from './names.js';
import { validatePodTemplateSpec } from './pod-template.js';
import { type Obj, arr, bool, isObj, num, present, rec, recs, str, strMap } from './shape.js';
import { templateLabelsMatch } from './workload.js';

/** The labels the Job strategy generates for its pods (batch.kubernetes.io/… and the legacy pair). */
export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** ValidateHasLabel at spec.template.metadata.labels[<key>]. */
function hasLabel(labels: Record<string, string>, key: string, expected: string): Errs {
  const field = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [required(field, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalid(field, labels, `must be '${expected}'`)];
}

function validateGeneratedSelector(job: KubeObject): Errs {
  const spec = rec(job['spec']);
  if (spec['manualSelector'] === true || !isObj(spec['selector'])) return [];
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const errs = uid === '' ? [required('metadata.uid')] : [];
  const labels = strMap(rec(rec(spec['template'])['metadata'])['labels']);
  errs.push(...hasLabel(labels, JOB_LABELS.legacyControllerUid, uid), ...hasLabel(labels, JOB_LABELS.legacyJobName, name));
  errs.push(...hasLabel(labels, JOB_LABELS.controllerUid, uid), ...hasLabel(labels, JOB_LABELS.jobName, name));
  const expected = {
    [JOB_LABELS.controllerUid]: uid,
    [JOB_LABELS.jobName]: name,
    [JOB_LABELS.legacyControllerUid]: uid,
    [JOB_LABELS.legacyJobName]: name,
  };
  if (selectorMatches(spec['selector'], expected) === false) errs.push(invalid('spec.selector', spec['selector'], '`selector` not auto-generated'));
  return errs;
}

/** validateJobSpec: shared by Jobs and CronJob job templates. */
export function validateJobSpecCommon(spec: Obj, field: string): Errs {
  const errs: Errs = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    errs.push(...nonNegative(spec[f], `${field}.${f}`));
  }
  if (present(spec['maxFailedIndexes'])) {
    errs.push(...nonNegative(spec['maxFailedIndexes'], `${field}.maxFailedIndexes`));
    if (!present(spec['backoffLimitPerIndex'])) errs.push(required(`${field}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  if (present(spec['managedBy'])) {
    const mb = str(spec['managedBy']);
    const slash = mb.indexOf('/');
    if (mb === '') errs.push(required(`${field}.managedBy`));
    else if (slash <= 0 || isQualifiedName(mb.slice(0, slash)).length > 0) errs.push(invalid(`${field}.managedBy`, mb, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    if (mb.length > 63) errs.push(tooLong(`${field}.managedBy`, 63));
  }
  const mode = spec['completionMode'];
  const indexed = mode === 'Indexed';
  if (present(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${field}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (indexed) {
      if (!present(spec['completions'])) errs.push(required(`${field}.completions`, 'when completion mode is Indexed'));
      const parallelism = num(spec['parallelism']);
      if (parallelism !== undefined && parallelism > 100000) {
        errs.push(invalid(`${field}.parallelism`, parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
      }
      const mfi = num(spec['maxFailedIndexes']);
      const completions = num(spec['completions']);
      if (mfi !== undefined && completions !== undefined && mfi > completions) {
        errs.push(invalid(`${field}.maxFailedIndexes`, mfi, 'must be less than or equal to completions'));
      }
    }
  }
  if (!indexed) {
    if (present(spec['backoffLimitPerIndex'])) errs.push(invalid(`${field}.backoffLimitPerIndex`, spec['backoffLimitPerIndex'], 'requires indexed completion mode'));
    if (present(spec['maxFailedIndexes'])) errs.push(invalid(`${field}.maxFailedIndexes`, spec['maxFailedIndexes'], 'requires indexed completion mode'));
  }
  if (isObj(spec['podFailurePolicy'])) errs.push(...validatePodFailurePolicy(spec, `${field}.podFailurePolicy`));
  if (isObj(spec['successPolicy']) && !indexed) errs.push(invalid(`${field}.successPolicy`, spec['successPolicy'], 'requires indexed completion mode'));
  if (present(spec['podReplacementPolicy'])) {
    const prp = str(spec['podReplacementPolicy']);
    if (isObj(spec['podFailurePolicy'])) {
      if (prp !== 'Failed') errs.push(notSupported(`${field}.podReplacementPolicy`, prp, ['Failed']));
    } else if (prp !== 'Failed' && prp !== 'TerminatingOrFailed') {
      errs.push(notSupported(`${field}.podReplacementPolicy`, prp, ['Failed', 'TerminatingOrFailed']));
    }
  }
  const template = rec(spec['template']);
  errs.push(...validatePodTemplateSpec(template, `${field}.template`));
  const rp = str(rec(template['spec'])['restartPolicy']);
  const rpField = `${field}.template.spec.restartPolicy`;
  if (rp === 'Always' || rp === '') errs.push(required(rpField, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(rpField, rp, ['OnFailure', 'Never']));
  else if (isObj(spec['podFailurePolicy']) && rp !== 'Never') errs.push(invalid(rpField, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function validatePodFailurePolicy(spec: Obj, field: string): Errs {
  const errs: Errs = [];
  const rules = recs(rec(spec['podFailurePolicy'])['rules']);
  if (rules.length > 20) errs.push(tooMany(`${field}.rules`, rules.length, 20));
  const podSpec = rec(rec(spec['template'])['spec']);
  const containers = new Set([...recs(podSpec['containers']), ...recs(podSpec['initContainers'])].map((c) => str(c['name'])));
  rules.forEach((rule, i) => {
    const p = `${field}.rules[${i}]`;
    const action = str(rule['action']);
    if (action === '') errs.push(required(`${p}.action`, `valid values: ${JSON.stringify(POD_FAILURE_ACTIONS).replace(/,/g, ' ')}`));
    else if (action === 'FailIndex') {
      if (!present(spec['backoffLimitPerIndex'])) errs.push(invalid(`${p}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(`${p}.action`, action, POD_FAILURE_ACTIONS));
    const onExit = rule['onExitCodes'];
    const onConditions = arr(rule['onPodConditions']);
    if (isObj(onExit)) {
      const ep = `${p}.onExitCodes`;
      const op = str(onExit['operator']);
      if (op === '') errs.push(required(`${ep}.operator`, 'valid values: ["In" "NotIn"]'));
      else if (op !== 'In' && op !== 'NotIn') errs.push(notSupported(`${ep}.operator`, op, ['In', 'NotIn']));
      if (present(onExit['containerName']) && !containers.has(str(onExit['containerName']))) {
        errs.push(invalid(`${ep}.containerName`, str(onExit['containerName']), 'must be one of the container or initContainer names in the pod template'));
      }
      const values = arr(onExit['values']).map((v) => num(v) ?? 0);
      if (values.length === 0) errs.push(invalid(`${ep}.values`, values, 'at least one value is required'));
      else if (values.length > 255) errs.push(tooMany(`${ep}.values`, values.length, 255));
      const seen = new Set<number>();
      values.forEach((v, j) => {
        if (op === 'In' && v === 0) errs.push(invalid(`${ep}.values[${j}]`, v, 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push({ field: `${ep}.values[${j}]`, type: 'FieldValueDuplicate', value: v });
        seen.add(v);
      });
      if (values.some((v, j) => j > 0 && values[j - 1]! > v)) errs.push(invalid(`${ep}.values`, values, 'must be ordered'));
    }
    recs(onConditions).forEach((c, j) => {
      const cp = `${p}.onPodConditions[${j}]`;
      const type = str(c['type']);
      for (const m of isQualifiedName(type)) errs.push(invalid(`${cp}.type`, type, m));
      const status = str(c['status']);
      if (status === '') errs.push(required(`${cp}.status`, 'valid values: ["False" "True" "Unknown"]'));
      else if (!['False', 'True', 'Unknown'].includes(status)) errs.push(notSupported(`${cp}.status`, status, ['False', 'True', 'Unknown']));
    });
    if (isObj(onExit) && onConditions.length > 0) errs.push(invalid(p, null, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!isObj(onExit) && onConditions.length === 0) errs.push(invalid(p, null, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

export function validateJob(job: KubeObject): Errs {
  const spec = rec(job['spec']);
  const errs = validateGeneratedSelector(job);
  errs.push(...validateJobSpecCommon(spec, 'spec'));
  if (!isObj(spec['selector'])) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec['selector'], 'spec.selector'));
  errs.push(...templateLabelsMatch(spec['selector'] ?? null, rec(spec['template']), 'spec.template'));
  const completions = num(spec['completions']);
  if (spec['completionMode'] === 'Indexed' && completions !== undefined && completions > 0) {
    // Pods of an indexed job are named <job>-<index>, which must be a DNS label.
    const hostname = `${job.metadata?.name ?? ''}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(invalid('metadata.name', job.metadata?.name ?? '', `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

/** While suspended and never started, a job's scheduling directives may still change. */
function mutableSchedulingDirectives(old: KubeObject): boolean {
  return bool(rec(old['spec'])['suspend']) && !present(rec(old['status'])['startTime']);
}

export function validateJobUpdate(job: KubeObject, old: KubeObject): Errs {
  const spec = rec(job['spec']);
  const oldSpec = rec(old['spec']);
  const errs = validateJobSpecCommon(spec, 'spec');
  if (!isObj(spec['selector'])) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec['selector'], 'spec.selector'));
  errs.push(...templateLabelsMatch(spec['selector'] ?? null, rec(spec['template']), 'spec.template'));
  if (spec['completionMode'] !== 'Indexed') errs.push(...immutable(spec['completions'], oldSpec['completions'], 'spec.completions'));
  else if (num(spec['completions']) !== undefined && !Object.is(spec['completions'], oldSpec['completions']) && spec['completions'] !== spec['parallelism']) {
    errs.push(invalid('spec.completions', spec['completions'], 'can only be modified in tandem with spec.parallelism'));
  }
  errs.push(...immutable(spec['selector'], oldSpec['selector'], 'spec.selector'));
  let oldTemplate = oldSpec['template'];
  if (mutableSchedulingDirectives(old)) {
    const t = structuredClone(rec(oldSpec['template']));
    const next = rec(spec['template']);
    const meta = (t['metadata'] = { ...rec(t['metadata']) });
    meta['labels'] = rec(next['metadata'])['labels'];
    meta['annotations'] = rec(next['metadata'])['annotations'];
    const ps = (t['spec'] = { ...rec(t['spec']) });
    const nps = rec(next['spec']);
    for (const f of ['nodeSelector', 'tolerations', 'schedulingGates']) ps[f] = nps[f];
    if (isObj(nps['affinity']) || isObj(ps['affinity'])) {
      const a = { ...rec(ps['affinity']), nodeAffinity: rec(nps['affinity'])['nodeAffinity'] };
      ps['affinity'] = Object.values(a).every((v) => v === undefined) ? undefined : a;
    }
    oldTemplate = t;
  }
  errs.push(...immutable(spec['template'], oldTemplate, 'spec.template'));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(spec[f], oldSpec[f], `spec.${f}`));
  }
  return errs;
}
