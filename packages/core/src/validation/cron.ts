/**
 * CronJob schedules as kube-apiserver checks them: robfig/cron/v3's standard parser (five
 * fields, month and weekday names, ranges, steps, `?`, and the @yearly/@monthly/@weekly/
 * @daily/@midnight/@hourly/@every descriptors), returning its error text, which users see
 * verbatim in `spec.schedule: Invalid value: "...": <error>`.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** The parse error of a schedule, or undefined when it is valid. */
export function cronScheduleError(spec: string, isKnownTimeZone: (tz: string) => boolean): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    // robfig/cron slices up to the first space and panics without one; kube-apiserver recovers.
    if (space < 0) return `invalid schedule format: runtime error: slice bounds out of range [${eq + 1}:${space}]`;
    const tz = rest.slice(eq + 1, space);
    if (!isKnownTimeZone(tz)) return `provided bad location ${tz}: unknown time zone ${tz}`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) return descriptorError(rest);
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const bounds = [MINUTES, HOURS, DOM, MONTHS, DOW];
  for (let i = 0; i < 5; i++) {
    const err = fieldError(fields[i]!, bounds[i]!);
    if (err) return err;
  }
  return undefined;
}

function descriptorError(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) return undefined;
  if (descriptor.startsWith('@every ')) {
    const d = descriptor.slice('@every '.length);
    return isGoDuration(d) ? undefined : `failed to parse duration ${descriptor}: time: invalid duration ${JSON.stringify(d)}`;
  }
  return `unrecognized descriptor: ${descriptor}`;
}

/** time.ParseDuration's grammar: a signed sequence of decimal numbers with units. */
function isGoDuration(s: string): boolean {
  if (s === '0') return true;
  return /^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s);
}

function fieldError(field: string, r: Bounds): string | undefined {
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const err = rangeError(expr, r);
    if (err) return err;
  }
  return undefined;
}

function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0]!, r.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1]!, r.names);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = parseNonNegativeInt(rangeAndStep[1]!);
    if (typeof s === 'string') return s;
    step = s;
    // "N/step" means "N-max/step".
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number | string {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : parseNonNegativeInt(expr);
}

/** mustParseInt: strconv.Atoi, then no negatives. */
function parseNonNegativeInt(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number.parseInt(expr, 10);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

/** Whether a time zone name is known (time.LoadLocation); Intl knows the IANA database. */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
