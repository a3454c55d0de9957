/**
 * Ages and durations as kubectl and kube-apiserver print them
 * (k8s.io/apimachinery/pkg/util/duration): "45s", "3m10s", "70m", "3h1m", "2d1h", "2y1d".
 *
 * Both functions take milliseconds. Like upstream they tolerate a clock that runs up to
 * (but not including) two seconds behind the object's timestamp by printing "0s", and print
 * "<invalid>" for anything further in the future. Every division truncates towards zero, as
 * Go's integer conversions do.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * About two or three significant figures: seconds up to two minutes, minutes and seconds up
 * to ten minutes, minutes up to three hours, hours and minutes up to eight hours, hours up to
 * two days, days and hours up to eight days, days up to two years, years and days up to
 * eight years, then years. A zero second part ("2m", "3h", "2d", "2y") is left out.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;

  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;

  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;

  const days = Math.trunc(hours / 24);
  if (hours < 8 * 24) return withRemainder(days, 'd', hours % 24, 'h');
  if (hours < 2 * 365 * 24) return `${days}d`;

  const years = Math.trunc(days / 365);
  if (hours < 8 * 365 * 24) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

/** One unit only: seconds under a minute, then minutes, hours, days, years. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 365 * 24) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / YEAR)}y`;
}

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

export const DURATION_UNITS = { SECOND, MINUTE, HOUR, DAY, YEAR } as const;
