/**
 * Pod templates (ValidatePodTemplateSpec) and the pod-specific annotations pods and templates
 * share (ValidatePodSpecificAnnotations): the template's labels and annotations, its pod spec,
 * and no ephemeral containers.
 */
import { type Errs, forbidden, invalid } from './field.js';
import { validateLabelMap } from './label-selector.js';
import { validateAnnotations } from './object-meta.js';
import { validatePodSpec } from './pod-spec.js';
import { type Obj, arr, rec, recs, str, strMap } from './shape.js';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export function validatePodSpecificAnnotations(annotations: unknown, spec: Obj, field: string): Errs {
  const errs: Errs = [];
  const a = strMap(annotations);
  if (MIRROR_POD_ANNOTATION in a && str(spec['nodeName']) === '') {
    errs.push(invalid(`${field}[${MIRROR_POD_ANNOTATION}]`, a[MIRROR_POD_ANNOTATION], 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (DELETION_COST_ANNOTATION in a) {
    const v = a[DELETION_COST_ANNOTATION]!;
    const n = /^[+-]?[0-9]+$/.test(v) ? Number.parseInt(v, 10) : Number.NaN;
    if (!(n >= -2147483648 && n <= 2147483647)) errs.push(invalid(`${field}[${DELETION_COST_ANNOTATION}]`, v, 'must be a 32bit integer'));
  }
  const containerNames = new Set(
    ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) => recs(spec[k]).map((c) => str(c['name']))),
  );
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue;
    const container = k.slice(APPARMOR_PREFIX.length);
    if (!containerNames.has(container)) errs.push(invalid(`${field}[${k}]`, container, 'container not found'));
    if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
      errs.push(invalid(`${field}[${k}]`, v, `invalid AppArmor profile name: ${JSON.stringify(v)}`));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec: template metadata errors are reported at "<template>.labels" (no "metadata"). */
export function validatePodTemplateSpec(template: unknown, field: string): Errs {
  const t = rec(template);
  const meta = rec(t['metadata']);
  const spec = rec(t['spec']);
  const errs = validateLabelMap(meta['labels'], `${field}.labels`);
  errs.push(...validateAnnotations(meta['annotations'] as Record<string, string> | undefined, `${field}.annotations`));
  errs.push(...validatePodSpecificAnnotations(meta['annotations'], spec, `${field}.annotations`));
  errs.push(...validatePodSpec(spec, `${field}.spec`, { isPod: false }));
  if (arr(spec['ephemeralContainers']).length > 0) {
    errs.push(forbidden(`${field}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
