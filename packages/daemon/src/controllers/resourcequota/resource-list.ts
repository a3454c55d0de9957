/**
 * Resource lists as quota arithmetic uses them (k8s.io/apiserver/pkg/quota/v1/resources.go):
 * maps of resource name → exact quantity, added, masked to a set of names, compared with a
 * hard limit, and written back in canonical form ("500m", "1Gi", "3").
 */
import {
  type ExactQuantity,
  compareQuantities,
  formatQuantity,
  parseExactQuantity,
} from '@kubelab/core/defaults/canonical-quantity';

export type ResourceList = Map<string, ExactQuantity>;

export const ZERO: ExactQuantity = { mant: 0n, exp: 0, format: 'DecimalSI' };

export function one(): ExactQuantity {
  return { mant: 1n, exp: 0, format: 'DecimalSI' };
}

/** Reads a JSON resource list; values that do not parse are skipped (validation reports them). */
export function parseList(list: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      out.set(k, parseExactQuantity(v));
    } catch {
      // skip
    }
  }
  return out;
}

export function formatList(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...list.keys()].sort()) out[k] = formatQuantity(list.get(k)!);
  return out;
}

/** Quantity.Add: exact; the sum keeps the first non-zero operand's format. */
export function addQuantities(a: ExactQuantity, b: ExactQuantity): ExactQuantity {
  const exp = Math.min(a.exp, b.exp);
  const mant = a.mant * 10n ** BigInt(a.exp - exp) + b.mant * 10n ** BigInt(b.exp - exp);
  return { mant, exp, format: a.mant === 0n ? b.format : a.format };
}

export function negate(q: ExactQuantity): ExactQuantity {
  return { ...q, mant: -q.mant };
}

export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, v] of b) out.set(k, out.has(k) ? addQuantities(out.get(k)!, v) : v);
  return out;
}

/** SubtractWithNonNegativeResult. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of a) {
    const d = b.has(k) ? addQuantities(v, negate(b.get(k)!)) : v;
    out.set(k, d.mant < 0n ? ZERO : d);
  }
  return out;
}

/** Mask: only the named resources. */
export function mask(list: ResourceList, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  return new Map([...list].filter(([k]) => keep.has(k)));
}

export function removeZeros(list: ResourceList): ResourceList {
  return new Map([...list].filter(([, v]) => v.mant !== 0n));
}

/** LessThanOrEqual: every resource of a within b's limit (resources b does not limit pass); the names over. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of a) {
    const limit = b.get(k);
    if (limit && compareQuantities(v, limit) > 0) exceeded.push(k);
  }
  return { allowed: exceeded.length === 0, exceeded };
}

/** prettyPrint: "name=value" pairs sorted by name, comma separated. */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${formatQuantity(list.get(k)!)}`)
    .join(',');
}
