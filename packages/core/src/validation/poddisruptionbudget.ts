/**
 * PodDisruptionBudgets (ValidatePodDisruptionBudgetSpec in pkg/apis/policy/validation): at most
 * one of minAvailable and maxUnavailable, each a non-negative count or a percentage up to 100%.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid, notSupported } from './field.js';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-string.js';
import { validateLabelSelector } from './label-selector.js';
import { present, rec, str } from './shape.js';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

export function validatePodDisruptionBudget(pdb: KubeObject): Errs {
  const spec = rec(pdb['spec']);
  const errs: Errs = [];
  if (present(spec['minAvailable']) && present(spec['maxUnavailable'])) {
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (!present(spec[f])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`), ...isNotMoreThan100Percent(spec[f], `spec.${f}`));
  }
  errs.push(...validateLabelSelector(spec['selector'], 'spec.selector'));
  if (present(spec['unhealthyPodEvictionPolicy']) && !EVICTION_POLICIES.includes(str(spec['unhealthyPodEvictionPolicy']))) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', spec['unhealthyPodEvictionPolicy'], EVICTION_POLICIES));
  }
  return errs;
}
