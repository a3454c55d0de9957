/**
 * Leases (ValidateLeaseSpec in pkg/apis/coordination/validation): a positive duration and a
 * non-negative transition count.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid } from './field.js';
import { num, rec } from './shape.js';

export function validateLease(lease: KubeObject): Errs {
  const spec = rec(lease['spec']);
  const errs: Errs = [];
  const duration = num(spec['leaseDurationSeconds']);
  if (duration !== undefined && duration <= 0) errs.push(invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = num(spec['leaseTransitions']);
  if (transitions !== undefined && transitions < 0) errs.push(invalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  return errs;
}
