/**
 * Nodes (ValidateNode and ValidateNodeUpdate in pkg/apis/core/validation): taints, pod CIDRs,
 * resource quantities in status, and the fields controllers may set only once.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, duplicate, forbidden, invalid, semanticEqual } from './field.js';
import { validateCIDR, isIPv6String } from './ip.js';
import { validateLabelName } from './label-selector.js';
import { isValidLabelValue } from './names.js';
import { parseQuantityAt, validateQuantityValue } from './resources.js';
import { validateTaintEffect } from './scheduling.js';
import { type Obj, rec, recs, str, strs } from './shape.js';

/**
 * validateNodeTaints. Upstream builds this path from "metadata", so users see
 * `metadata.taints[0].effect` for a problem in spec.taints.
 */
function validateTaints(taints: unknown): Errs {
  const errs: Errs = [];
  const seen = new Map<string, Set<string>>();
  recs(taints).forEach((t, i) => {
    const p = `metadata.taints[${i}]`;
    const key = str(t['key']);
    const effect = str(t['effect']);
    errs.push(...validateLabelName(key, `${p}.key`));
    const msgs = isValidLabelValue(str(t['value']));
    if (msgs.length > 0) errs.push(invalid(`${p}.value`, str(t['value']), msgs.join(';')));
    errs.push(...validateTaintEffect(effect, false, `${p}.effect`));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(key)) {
      errs.push({ ...duplicate(p, t), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    keys.add(key);
    seen.set(effect, keys);
  });
  return errs;
}

/** Capacity and allocatable, reported as status.capacity.<name> (a child path, not a key). */
function validateNodeResources(status: Obj): Errs {
  const errs: Errs = [];
  for (const list of ['capacity', 'allocatable']) {
    for (const [name, value] of Object.entries(rec(status[list]))) {
      const f = `status.${list}.${name}`;
      const { q, errs: qe } = parseQuantityAt(value, f);
      errs.push(...qe);
      if (q) errs.push(...validateQuantityValue(name, q, f));
    }
  }
  return errs;
}

export function validateNode(node: KubeObject): Errs {
  const spec = rec(node['spec']);
  const errs = validateTaints(spec['taints']);
  errs.push(...validateNodeResources(rec(node['status'])));
  const cidrs = strs(spec['podCIDRs']);
  const cidrErrs = cidrs.flatMap((c, i) => validateCIDR(`spec.podCIDRs[${i}]`, c));
  errs.push(...cidrErrs);
  if (cidrs.length > 1 && cidrErrs.length === 0) {
    const v6 = cidrs.map((c) => isIPv6String(c.split('/')[0] ?? ''));
    if (!(v6.includes(true) && v6.includes(false)) || cidrs.length > 2) {
      errs.push(invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(`spec.podCIDRs[${i}]`, c));
      seen.add(c);
    });
  }
  return errs;
}

export function validateNodeUpdate(node: KubeObject, old: KubeObject): Errs {
  const spec = rec(node['spec']);
  const oldSpec = rec(old['spec']);
  const errs = validateNodeResources(rec(node['status']));
  const seen: Obj[] = [];
  recs(rec(node['status'])['addresses']).forEach((a, i) => {
    if (seen.some((s) => semanticEqual(s, a))) errs.push(duplicate(`status.addresses[${i}]`, a));
    seen.push(a);
  });
  const oldCIDRs = strs(oldSpec['podCIDRs']);
  const cidrs = strs(spec['podCIDRs']);
  if (oldCIDRs.length > 0) {
    const msg = 'node updates may not change podCIDR except from "" to valid';
    if (oldCIDRs.length !== cidrs.length) errs.push(forbidden('spec.podCIDRs', msg));
    else for (const [i, c] of oldCIDRs.entries()) if (c !== cidrs[i]) errs.push(forbidden('spec.podCIDRs', msg));
  }
  const providerID = str(oldSpec['providerID']);
  if (providerID !== '' && providerID !== str(spec['providerID'])) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  errs.push(...validateTaints(spec['taints']));
  if (str(spec['externalID']) !== str(oldSpec['externalID'])) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}
