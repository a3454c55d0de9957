/**
 * Exact resource quantities, as k8s.io/apimachinery/pkg/api/resource.Quantity keeps them, for
 * the two places where the approximate numbers of ../quantity.ts are not enough:
 *
 * - kube-apiserver writes every quantity back in canonical form (`0.5` is stored and shown as
 *   `500m`, `1024Mi` as `1Gi`, `1.5Gi` as `1536Mi`), and container resource lists are first
 *   rounded up to milli precision (SetDefaults_ResourceList). Users see this in `-o yaml`.
 * - validation messages quote canonical values ("must be less than or equal to cpu limit of 1").
 *
 * A quantity is `mant × 10^exp` with a BigInt mantissa, plus the format its suffix implied.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface ExactQuantity {
  mant: bigint;
  exp: number;
  format: QuantityFormat;
}

/** resource.ErrFormatWrong, which users meet as the decode error of a malformed quantity. */
export const QUANTITY_FORMAT_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_MESSAGE = "unable to parse quantity's suffix";

export class QuantitySyntaxError extends Error {}

const NUMBER_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;
const SUFFIX_RE = /^[eEinumkKMGTP]*[-+]?[0-9]*$/;
const BINARY_POWER: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Parses a quantity (a JSON number is read as its decimal text); throws QuantitySyntaxError. */
export function parseExactQuantity(input: string | number): ExactQuantity {
  const text = (typeof input === 'number' ? String(input) : input).trim();
  if (text === '') throw new QuantitySyntaxError(QUANTITY_FORMAT_MESSAGE);
  const m = NUMBER_RE.exec(text);
  if (!m) throw new QuantitySyntaxError(QUANTITY_FORMAT_MESSAGE);
  const [, sign, whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') throw new QuantitySyntaxError(QUANTITY_FORMAT_MESSAGE);
  if (!SUFFIX_RE.test(suffix)) throw new QuantitySyntaxError(QUANTITY_FORMAT_MESSAGE);
  let mant = BigInt((whole + frac).replace(/^0+(?=.)/, '') || '0');
  let exp = -frac.length;
  let format: QuantityFormat;
  if (suffix in BINARY_POWER) {
    format = 'BinarySI';
    mant *= 1024n ** BigInt(BINARY_POWER[suffix]!);
  } else if (suffix in DECIMAL_EXP) {
    format = 'DecimalSI';
    exp += DECIMAL_EXP[suffix]!;
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    exp += Number.parseInt(suffix.slice(1), 10);
  } else {
    throw new QuantitySyntaxError(QUANTITY_SUFFIX_MESSAGE);
  }
  if (sign === '-') mant = -mant;
  // Values finer than a nano-unit round up (away from zero), as resource.ParseQuantity does.
  const q = roundUp({ mant, exp, format }, -9);
  // A fractional binary quantity below one unit cannot be shown with a binary suffix.
  if (q.format === 'BinarySI' && compareQuantities(abs(q), { mant: 1n, exp: 0, format: 'DecimalSI' }) < 0) q.format = 'DecimalSI';
  return q;
}

/** The canonical text, e.g. for `1.5` → `1500m`, `1024Mi` → `1Gi`, `1e3` → `1e3`. */
export function formatQuantity(q: ExactQuantity): string {
  if (q.mant === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareQuantities(abs(q), { mant: 1024n, exp: 0, format: 'DecimalSI' }) < 0;
    if (small || !isInteger(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let value = scaleTo(q, 0);
    let power = 0;
    while (power < 6 && value % 1024n === 0n) {
      value /= 1024n;
      power++;
    }
    return `${value}${BINARY_SUFFIX[power]}`;
  }
  let { mant, exp } = strip(q);
  const r = ((exp % 3) + 3) % 3;
  mant *= 10n ** BigInt(r);
  exp -= r;
  if (format === 'DecimalExponent') return exp === 0 ? `${mant}` : `${mant}e${exp}`;
  const suffix = DECIMAL_SUFFIX[exp];
  return suffix === undefined ? `${mant}e${exp}` : `${mant}${suffix}`;
}

/** The canonical text of a quantity, or undefined when it does not parse. */
export function canonicalQuantity(input: unknown): string | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return formatQuantity(parseExactQuantity(input));
  } catch {
    return undefined;
  }
}

/** Rounds away from zero to the given decimal exponent (-3: milli), as Quantity.RoundUp does. */
export function roundUp(q: ExactQuantity, exp: number): ExactQuantity {
  if (q.exp >= exp) return q;
  const div = 10n ** BigInt(exp - q.exp);
  const neg = q.mant < 0n;
  const a = neg ? -q.mant : q.mant;
  let m = a / div;
  if (a % div !== 0n) m += 1n;
  return { mant: neg ? -m : m, exp, format: q.format };
}

export function compareQuantities(a: ExactQuantity, b: ExactQuantity): number {
  const e = Math.min(a.exp, b.exp);
  const x = scaleTo(a, e);
  const y = scaleTo(b, e);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isNegativeQuantity(q: ExactQuantity): boolean {
  return q.mant < 0n;
}

/** True when the quantity is a whole number of units (MilliValue % 1000 == 0). */
export function isInteger(q: ExactQuantity): boolean {
  if (q.exp >= 0) return true;
  return q.mant % 10n ** BigInt(-q.exp) === 0n;
}

function abs(q: ExactQuantity): ExactQuantity {
  return q.mant < 0n ? { ...q, mant: -q.mant } : q;
}

/** The mantissa at a smaller-or-equal exponent (exact), or truncated at a larger one. */
function scaleTo(q: ExactQuantity, exp: number): bigint {
  return exp <= q.exp ? q.mant * 10n ** BigInt(q.exp - exp) : q.mant / 10n ** BigInt(exp - q.exp);
}

function strip(q: ExactQuantity): { mant: bigint; exp: number } {
  let { mant, exp } = q;
  while (mant !== 0n && mant % 10n === 0n) {
    mant /= 10n;
    exp++;
  }
  return { mant, exp };
}

/**
 * SetDefaults_ResourceList and quantity serialization together: every value of a resource
 * list is rounded up to milli precision and written in canonical form. Values that do not
 * parse are left for validation to report.
 */
export function defaultResourceList(list: unknown): void {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return;
  const l = list as Record<string, unknown>;
  for (const [k, v] of Object.entries(l)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      l[k] = formatQuantity(roundUp(parseExactQuantity(v), -3));
    } catch {
      // keep the malformed value
    }
  }
}

/** A single quantity field written in canonical form (no milli rounding), if it parses. */
export function canonicalizeQuantityField(obj: Record<string, unknown>, key: string): void {
  const c = canonicalQuantity(obj[key]);
  if (c !== undefined) obj[key] = c;
}
