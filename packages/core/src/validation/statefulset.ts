/**
 * StatefulSets (ValidateStatefulSetSpec and ValidateStatefulSetUpdate in
 * pkg/apis/apps/validation). Upstream checks only the labels and annotations of the pod
 * template here, not its pod spec: a bad container surfaces when the controller creates pods.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, forbidden, invalid, nonNegative, notSupported, required, semanticEqual } from './field.js';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-string.js';
import { selectorMatches, validateLabelMap } from './label-selector.js';
import { validateAnnotations } from './object-meta.js';
import { validatePodSpecificAnnotations } from './pod-template.js';
import { type Obj, isObj, present, rec, str } from './shape.js';
import { alwaysRestartNoDeadline, templateLabelsMatch, validateRequiredSelector } from './workload.js';

const RETENTION = ['Retain', 'Delete'];

function validateUpdateStrategy(strategy: Obj, field: string): Errs {
  const type = str(strategy['type']);
  const ru = strategy['rollingUpdate'];
  switch (type) {
    case '':
      return [required(field)];
    case 'OnDelete':
      return present(ru) ? [invalid(`${field}.rollingUpdate`, ru, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate': {
      if (!isObj(ru)) return [];
      const p = `${field}.rollingUpdate`;
      const errs = nonNegative(ru['partition'], `${p}.partition`);
      if (present(ru['maxUnavailable'])) {
        errs.push(...validatePositiveIntOrPercent(ru['maxUnavailable'], `${p}.maxUnavailable`));
        if (intOrPercentValue(ru['maxUnavailable']) === 0) errs.push(invalid(`${p}.maxUnavailable`, ru['maxUnavailable'], 'cannot be 0'));
        errs.push(...isNotMoreThan100Percent(ru['maxUnavailable'], `${p}.maxUnavailable`));
      }
      return errs;
    }
    default:
      return [invalid(field, strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

export function validateStatefulSetSpec(spec: Obj): Errs {
  const errs: Errs = [];
  const pmp = str(spec['podManagementPolicy']);
  if (pmp === '') errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...validateUpdateStrategy(rec(spec['updateStrategy']), 'spec.updateStrategy'));
  if (isObj(spec['persistentVolumeClaimRetentionPolicy'])) {
    const policy = spec['persistentVolumeClaimRetentionPolicy'];
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(policy[f]);
      if (!RETENTION.includes(v)) errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, RETENTION));
    }
  }
  errs.push(...nonNegative(spec['replicas'], 'spec.replicas'));
  errs.push(...nonNegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  if (isObj(spec['ordinals'])) errs.push(...nonNegative(spec['ordinals']['start'], 'spec.ordinals.start'));
  errs.push(...validateRequiredSelector(spec, 'statefulset'));
  const template = rec(spec['template']);
  if (isObj(spec['selector']) && selectorMatches(spec['selector'], {}) === undefined) {
    errs.push(invalid('spec.selector', spec['selector'], ''));
  } else {
    errs.push(...templateLabelsMatch(spec['selector'], template, 'spec.template'));
    const meta = rec(template['metadata']);
    errs.push(...validateLabelMap(meta['labels'], 'spec.template.labels'));
    errs.push(...validateAnnotations(meta['annotations'] as Record<string, string> | undefined, 'spec.template.annotations'));
    errs.push(...validatePodSpecificAnnotations(meta['annotations'], rec(template['spec']), 'spec.template.annotations'));
  }
  errs.push(...alwaysRestartNoDeadline(template, 'spec.template', 'StatefulSet'));
  return errs;
}

export function validateStatefulSet(obj: KubeObject): Errs {
  return validateStatefulSetSpec(rec(obj['spec']));
}

const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): Errs {
  const spec = rec(obj['spec']);
  const oldSpec = rec(old['spec']);
  const errs = validateStatefulSetSpec(spec);
  const munged: Obj = { ...spec };
  for (const f of MUTABLE) munged[f] = oldSpec[f];
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(
      forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}
