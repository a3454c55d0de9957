/**
 * Pods (ValidatePodCreate and ValidatePodUpdate in pkg/apis/core/validation). A pod's spec is
 * immutable but for container images, a shrinking activeDeadlineSeconds, added tolerations,
 * removed scheduling gates (and, while gated, added node selectors).
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, forbidden, invalid, required, semanticEqual } from './field.js';
import { inclusiveRangeError } from './formats.js';
import { validateImagesOnlyForPod } from './container.js';
import { validatePodSpec } from './pod-spec.js';
import { validatePodSpecificAnnotations } from './pod-template.js';
import { validateTolerations } from './scheduling.js';
import { type Obj, arr, isObj, num, present, rec, recs, str, strMap } from './shape.js';

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validatePodMetadataAndSpec(pod: KubeObject): Errs {
  const spec = rec(pod['spec']);
  const errs = validatePodSpecificAnnotations(pod.metadata?.annotations, spec, 'metadata.annotations');
  errs.push(...validatePodSpec(spec, 'spec', { isPod: true, podName: pod.metadata?.name }));
  if (str(spec['serviceAccountName']) === '') {
    recs(spec['volumes']).forEach((v, vi) => {
      recs(rec(v['projected'])['sources']).forEach((s, si) => {
        if (present(s['serviceAccountToken'])) {
          errs.push(forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  errs.push(...validateImagesOnlyForPod(spec['containers'], 'spec.containers'));
  errs.push(...validateImagesOnlyForPod(spec['initContainers'], 'spec.initContainers'));
  return errs;
}

export function validatePod(pod: KubeObject): Errs {
  const spec = rec(pod['spec']);
  const errs = validatePodMetadataAndSpec(pod);
  if (arr(spec['ephemeralContainers']).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec['nodeName']) !== '' && arr(spec['schedulingGates']).length > 0) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

/** ValidateContainerUpdates: the same number of containers, each with an image. */
function validateContainerUpdates(next: unknown, prev: unknown, field: string): { errs: Errs; stop: boolean } {
  const a = recs(next);
  if (a.length !== recs(prev).length) return { errs: [forbidden(field, 'pod updates may not add or remove containers')], stop: true };
  const errs: Errs = [];
  a.forEach((c, i) => {
    const image = str(c['image']);
    if (image === '') errs.push(required(`${field}[${i}].image`));
    if (image.trim() !== image) errs.push(invalid(`${field}[${i}].image`, image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): Errs {
  const spec = rec(pod['spec']);
  const oldSpec = rec(old['spec']);
  // Status writes and metadata-only updates keep the spec that was validated when stored;
  // kubelets report status often, so only the annotations are checked then.
  if (semanticEqual(spec, oldSpec)) return validatePodSpecificAnnotations(pod.metadata?.annotations, spec, 'metadata.annotations');
  const errs = validatePodMetadataAndSpec(pod);
  for (const list of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[list], oldSpec[list], `spec.${list}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  if (present(spec['activeDeadlineSeconds'])) {
    const v = num(spec['activeDeadlineSeconds']) ?? 0;
    if (v < 0 || v > 2147483647) return [...errs, invalid('spec.activeDeadlineSeconds', v, inclusiveRangeError(0, 2147483647))];
    const prev = num(oldSpec['activeDeadlineSeconds']);
    if (prev !== undefined && prev < v) return [...errs, invalid('spec.activeDeadlineSeconds', v, 'must be less than or equal to previous value')];
  } else if (present(oldSpec['activeDeadlineSeconds'])) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec['tolerations'], oldSpec['tolerations']));
  errs.push(...validateOnlyDeletedSchedulingGates(spec['schedulingGates'], oldSpec['schedulingGates']));

  // Compare the specs with the mutable fields taken from the old pod.
  const munged: Obj = structuredClone(spec);
  for (const list of ['containers', 'initContainers']) {
    const prev = recs(oldSpec[list]);
    munged[list] = recs(munged[list]).map((c, i) => ({ ...c, image: prev[i]?.['image'] }));
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['schedulingGates'] = oldSpec['schedulingGates'];
  munged['tolerations'] = oldSpec['tolerations'];
  const oldGrace = num(oldSpec['terminationGracePeriodSeconds']);
  if (oldGrace !== undefined && oldGrace < 0 && num(munged['terminationGracePeriodSeconds']) === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  if (arr(oldSpec['schedulingGates']).length > 0 && !semanticEqual(munged['nodeSelector'], oldSpec['nodeSelector'])) {
    // A gated pod may gain node selectors (no mutations or deletions).
    const next = strMap(munged['nodeSelector']);
    const prev = strMap(oldSpec['nodeSelector']);
    if (Object.entries(prev).some(([k, v]) => next[k] !== v)) {
      errs.push(invalid('spec.nodeSelector', next, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    }
    munged['nodeSelector'] = oldSpec['nodeSelector'];
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}\n${specDiff(oldSpec, munged)}`));
  }
  return errs;
}

function validateOnlyAddedTolerations(next: unknown, prev: unknown): Errs {
  const added = recs(next);
  for (const old of recs(prev)) {
    const found = added.some((t) => semanticEqual({ ...old, tolerationSeconds: t['tolerationSeconds'] }, t));
    if (!found) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, 'spec.tolerations');
}

function validateOnlyDeletedSchedulingGates(next: unknown, prev: unknown): Errs {
  const old = new Set(recs(prev).map((g) => str(g['name'])));
  const errs: Errs = [];
  recs(next).forEach((g, i) => {
    const name = str(g['name']);
    if (!old.has(name)) errs.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${name}'`));
  });
  return errs;
}

/**
 * The spec fields that differ, one "-" and one "+" line each. Upstream prints a go-cmp diff of
 * the internal PodSpec here; this keeps its shape (what changed, from what, to what).
 */
function specDiff(old: Obj, next: Obj): string {
  const lines = ['  core.PodSpec{'];
  for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (semanticEqual(old[key], next[key])) continue;
    if (isObj(old[key]) || old[key] !== undefined) lines.push(`- \t${key}: ${JSON.stringify(old[key] ?? null)},`);
    if (next[key] !== undefined) lines.push(`+ \t${key}: ${JSON.stringify(next[key])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}
