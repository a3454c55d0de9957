/**
 * Go's time.Duration.String(), which is how metav1.Duration appears in JSON: "0s", "1.5s",
 * "2m0s", "1h0m0s", "300ms", "1.5µs", "7ns", with a leading "-" when negative
 * (https://pkg.go.dev/time#Duration.String).
 */
const NS_PER_US = 1_000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

export function formatGoDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  const u = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (u < NS_PER_S) {
    if (u < NS_PER_US) return `${sign}${u}ns`;
    if (u < NS_PER_MS) return `${sign}${fraction(u, NS_PER_US)}µs`;
    return `${sign}${fraction(u, NS_PER_MS)}ms`;
  }
  const hours = u / (3600n * NS_PER_S);
  const minutes = (u / (60n * NS_PER_S)) % 60n;
  const seconds = fraction(u % (60n * NS_PER_S), NS_PER_S);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** value / unit in decimal, without trailing zeros in the fraction: 1500/1000 → "1.5". */
function fraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
