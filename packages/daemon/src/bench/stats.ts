/**
 * The few statistics the benchmarks report. Percentiles use the nearest-rank method on a
 * sorted copy (p99 of 1,000 samples is the 990th smallest), so a reported p99 is a latency
 * some request actually saw, never an interpolation between two.
 */

/** The q-quantile (0 ≤ q ≤ 1) by nearest rank; NaN for no samples. */
export function percentile(samples: ArrayLike<number>, q: number): number {
  return percentilesOf(samples, [q])[0]!;
}

/** Several quantiles with one sort. */
export function percentilesOf(samples: ArrayLike<number>, qs: readonly number[]): number[] {
  if (samples.length === 0) return qs.map(() => Number.NaN);
  const sorted = Float64Array.from(samples).sort();
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
}

export function median(samples: ArrayLike<number>): number {
  return percentile(samples, 0.5);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
  const [p50, p99, max] = percentilesOf(samples, [0.5, 0.99, 1]);
  return { count: samples.length, p50: p50!, p99: p99!, max: max! };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution, monotonic. */
export function nowMs(): number {
  return performance.now();
}
