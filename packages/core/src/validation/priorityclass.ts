/**
 * PriorityClasses (ValidatePriorityClass and ValidatePriorityClassUpdate in
 * pkg/apis/scheduling/validation): user classes stay at or below one billion, "system-" names
 * are reserved for the two built-in classes, and value and preemptionPolicy never change.
 * (Only one globalDefault class may exist; the Priority admission plugin enforces that.)
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, forbidden, immutable } from './field.js';
import { validatePreemptionPolicy } from './pod-spec.js';
import { num, present } from './shape.js';

export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ name: string; value: number }> = [
  { name: 'system-node-critical', value: 2_000_001_000 },
  { name: 'system-cluster-critical', value: 2_000_000_000 },
];

function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(pc: KubeObject): Errs {
  const errs: Errs = [];
  const name = pc.metadata?.name ?? '';
  const value = num(pc['value']) ?? 0;
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value, pc['globalDefault'] === true);
    if (err) errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (present(pc['preemptionPolicy'])) errs.push(...validatePreemptionPolicy(pc['preemptionPolicy'], 'preemptionPolicy'));
  return errs;
}

/** Updates check metadata (done by the caller) and the two immutable fields only. */
export function validatePriorityClassUpdate(pc: KubeObject, old: KubeObject): Errs {
  const errs: Errs = [];
  if ((num(pc['value']) ?? 0) !== (num(old['value']) ?? 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
  return [...errs, ...immutable(pc['preemptionPolicy'], old['preemptionPolicy'], 'preemptionPolicy')];
}
