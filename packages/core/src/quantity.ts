/**
 * Resource quantities ("100m", "1.5", "128Mi", "1G", "1e3") as k8s.io/apimachinery's
 * resource.Quantity reads them. Values are kept as plain numbers of base units (cores,
 * bytes): exact for every quantity a cluster of this size meets, and cheap to add and
 * compare in the scheduler's hot path.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

export class QuantityError extends Error {}

/** The quantity in base units; throws QuantityError with upstream's wording when malformed. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = QUANTITY_RE.exec(value.trim());
  if (!m) throw new QuantityError('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
  const n = Number.parseFloat(m[1]!);
  if (m[3] !== undefined) return n * 10 ** Number.parseInt(m[3], 10);
  const suffix = m[2] ?? '';
  return n * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

export function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  return QUANTITY_RE.test(value.trim());
}

/** CPU in millicores, rounded up as the scheduler counts it (MilliValue). */
export function milliValue(value: string | number): number {
  return Math.ceil(Math.round(parseQuantity(value) * 1e6) / 1e3);
}

/** Formats base units the way kubectl shows them: cpu as "250m"/"2", memory with a binary suffix when exact. */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const unit = BINARY[suffix]!;
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(Math.round(bytes));
}
