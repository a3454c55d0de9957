/**
 * The two Go formatters etcdctl's output uses: go-humanize's Bytes ("20 kB") for database
 * sizes, and time.Duration's String ("1.232589ms") for how long a health check took.
 */

const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** humanize.Bytes: powers of 1000, one decimal below 10 of a unit, none from 10 on. */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const unit = SI_UNITS[e] ?? 'EB';
  const value = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : goRound(value)} ${unit}`;
}

/** Go's %.0f rounds an exact half to even; toFixed(0) would round it up. */
function goRound(v: number): string {
  const floor = Math.floor(v);
  if (v - floor === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return String(Math.round(v));
}

/** time.Duration.String for a duration in nanoseconds: "0s", "850ns", "1.5µs", "4.28149ms", "1m2.5s". */
export function goDuration(ns: bigint): string {
  if (ns < 0n) return `-${goDuration(-ns)}`;
  if (ns === 0n) return '0s';
  if (ns < 1_000_000_000n) {
    const [unit, prec] = ns < 1_000n ? ['ns', 0] : ns < 1_000_000n ? ['µs', 3] : ['ms', 6];
    const [frac, whole] = fraction(ns, prec);
    return `${whole}${frac}${unit}`;
  }
  const [frac, seconds] = fraction(ns, 9);
  let out = `${seconds % 60n}${frac}s`;
  const minutes = seconds / 60n;
  if (minutes > 0n) {
    out = `${minutes % 60n}m${out}`;
    const hours = minutes / 60n;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return out;
}

/** Go's fmtFrac: the last prec digits as ".ddd" without trailing zeros, and what is left. */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let significant = false;
  for (let i = 0; i < prec; i++) {
    const d = v % 10n;
    significant ||= d !== 0n;
    if (significant) digits = `${d}${digits}`;
    v /= 10n;
  }
  return [significant ? `.${digits}` : '', v];
}
