/**
 * Resource names and quantities (pkg/apis/core/validation: validateResourceName,
 * validateContainerResourceName, ValidateResourceQuantityValue, validateResourceRequirements;
 * the name sets of pkg/apis/core/helper). Quantities are compared exactly and quoted in
 * canonical form, as upstream's Quantity.String() prints them.
 */
import {
  type ExactQuantity,
  QuantitySyntaxError,
  compareQuantities,
  formatQuantity,
  isInteger,
  isNegativeQuantity,
  parseExactQuantity,
} from '../defaults/canonical-quantity.js';
import { type Errs, IS_NEGATIVE, forbidden, invalid, required } from './field.js';
import { isQualifiedName } from './names.js';
import { rec } from './shape.js';

const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage',
  'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps',
  'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'persistentvolumeclaims',
  'configmaps', 'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps',
  'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers',
]);

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isQuotaHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** Native resources have no domain or a kubernetes.io one. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Extended resources and hugepages cannot be overcommitted: their requests must equal their limits. */
function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}

/** validateResourceName: a qualified name; unprefixed names must be standard resources. */
export function validateResourceName(name: string, field: string): Errs {
  const errs = isQualifiedName(name).map((m) => invalid(field, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !(STANDARD_RESOURCES.has(name) || isQuotaHugePageResourceName(name))) {
    return [invalid(field, name, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

export function validateContainerResourceName(name: string, field: string): Errs {
  const errs = validateResourceName(name, field);
  if (!name.includes('/')) {
    if (!(['cpu', 'memory', 'ephemeral-storage'].includes(name) || isHugePageResourceName(name))) {
      return [...errs, invalid(field, name, 'must be a standard resource for containers')];
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    return [...errs, invalid(field, name, "doesn't follow extended resource name standard")];
  }
  return errs;
}

export function validateQuotaResourceName(name: string, field: string): Errs {
  const errs = validateResourceName(name, field);
  if (!name.includes('/') && !(QUOTA_RESOURCES.has(name) || isQuotaHugePageResourceName(name))) {
    return [...errs, invalid(field, name, 'must be a standard resource for quota')];
  }
  return errs;
}

/** A parsed quantity, or the error a malformed one earns at its path. */
export function parseQuantityAt(value: unknown, field: string): { q?: ExactQuantity; errs: Errs } {
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new QuantitySyntaxError('quantities must be a string or a number');
    return { q: parseExactQuantity(value), errs: [] };
  } catch (e) {
    // Upstream rejects these while decoding the body (400 "cannot be handled as ..."); here the
    // problem is reported at its field, with the same wording.
    return { errs: [invalid(field, value ?? null, e instanceof Error ? e.message : String(e))] };
  }
}

/** ValidateResourceQuantityValue: not negative, and whole numbers for countable resources. */
export function validateQuantityValue(resource: string, q: ExactQuantity, field: string): Errs {
  const errs: Errs = [];
  if (isNegativeQuantity(q)) errs.push(invalid(field, formatQuantity(q), IS_NEGATIVE));
  if (isIntegerResourceName(resource) && !isInteger(q)) errs.push(invalid(field, formatQuantity(q), 'must be an integer'));
  return errs;
}

/** A resource list (name → quantity) checked with a name rule, e.g. quota hard limits. */
export function validateResourceList(list: unknown, field: string, nameRule: (name: string, field: string) => Errs): Errs {
  const errs: Errs = [];
  for (const [name, value] of Object.entries(rec(list))) {
    const f = `${field}[${name}]`;
    errs.push(...nameRule(name, f));
    const { q, errs: qe } = parseQuantityAt(value, f);
    errs.push(...qe);
    if (q) errs.push(...validateQuantityValue(name, q, f));
  }
  return errs;
}

/** validateResourceRequirements for a container: names, quantities, requests ≤ limits. */
export function validateContainerResources(resources: unknown, field: string): Errs {
  const r = rec(resources);
  const limPath = `${field}.limits`;
  const reqPath = `${field}.requests`;
  const errs: Errs = [];
  const limits = new Map<string, ExactQuantity>();
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(rec(r['limits']))) {
    const f = `${limPath}[${name}]`;
    errs.push(...validateContainerResourceName(name, f));
    const { q, errs: qe } = parseQuantityAt(value, f);
    errs.push(...qe);
    if (!q) continue;
    limits.set(name, q);
    errs.push(...validateQuantityValue(name, q, f));
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, value] of Object.entries(rec(r['requests']))) {
    const f = `${reqPath}[${name}]`;
    errs.push(...validateContainerResourceName(name, f));
    const { q, errs: qe } = parseQuantityAt(value, f);
    errs.push(...qe);
    if (!q) continue;
    errs.push(...validateQuantityValue(name, q, f));
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!isOvercommitAllowed(name) && !(name in rec(r['limits']))) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (hugePages && !limCpuMem && !reqCpuMem) errs.push(forbidden(field, 'HugePages require cpu or memory'));
  return errs;
}
