/**
 * What a benchmark hands back: named figures, the first of which is its headline. The
 * report turns these into the table, the target checks and the --json document, so a
 * benchmark never formats anything itself.
 */

export interface Figure {
  /** Stable identifier, used by targets and in --json (e.g. "putsPerSecond"). */
  key: string;
  /** How the table labels it (e.g. "p99"). */
  label: string;
  value: number;
  /** "puts/s", "ms", ... */
  unit: string;
}

export interface BenchResult {
  /** What --only selects (e.g. "puts-64"). */
  name: string;
  /** One line saying what was measured. */
  title: string;
  /** Headline first. Empty when skipped. */
  figures: Figure[];
  /** Why the figures are missing, and what to do about it. */
  skipped?: string;
  /** Extra lines worth reading next to the figures (which clock, what load). */
  notes?: string[];
  /**
   * The headline figure of each interleaved round, in round order, for benchmarks run in
   * rounds: ratios are taken round by round, between figures measured moments apart.
   */
  perRound?: number[];
  /** Raw values and the like, for --json only. */
  extra?: Record<string, unknown>;
}

export function figure(key: string, label: string, value: number, unit: string): Figure {
  return { key, label, value, unit };
}

export function skipped(name: string, title: string, reason: string): BenchResult {
  return { name, title, figures: [], skipped: reason };
}

export function resultOf(results: readonly BenchResult[], name: string): BenchResult | undefined {
  return results.find((r) => r.name === name && !r.skipped);
}

export function figureOf(results: readonly BenchResult[], name: string, key: string): number | undefined {
  return results.find((r) => r.name === name)?.figures.find((f) => f.key === key)?.value;
}
