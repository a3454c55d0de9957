/**
 * Cron schedules as the CronJob controller evaluates them (github.com/robfig/cron/v3, the
 * standard parser): five fields — minute, hour, day of month, month, day of week — with
 * names (jan, mon), ranges, steps, lists, `*` and `?`; the descriptors @yearly (@annually),
 * @monthly, @weekly, @daily (@midnight), @hourly and @every <duration>; and a time zone,
 * "TZ=Europe/Berlin 0 9 * * 1-5" (or CRON_TZ=), as the controller writes spec.timeZone.
 *
 *   - Day of month and day of week: if either is `*` (or `?`), both must match; otherwise
 *     either may (so "0 0 13 * 5" fires on the 13th and on every Friday), as in Vixie cron.
 *   - Times are wall-clock times in the zone; a time the zone skips for daylight saving
 *     ("30 2 * * *" on the night 02:00 becomes 03:00) does not fire that day, as in robfig/cron.
 *   - Without a zone, kubelab evaluates in UTC (upstream: kube-controller-manager's local
 *     time zone, UTC in a kubeadm cluster).
 *
 * Parse errors are those of kube-apiserver's validation (core/validation/cron.ts), so a
 * schedule that got past the API server always parses here.
 */
import { cronScheduleError, isKnownTimeZone } from '@kubelab/core/validation/cron';

export interface Schedule {
  /** The first activation strictly after t (ms since the epoch); undefined if none within five years. */
  next(t: number): number | undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A field: the allowed values, and whether it was `*`/`?` (robfig's star bit). */
interface Field {
  values: Set<number>;
  star: boolean;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export class CronParseError extends Error {}

/** cron.ParseStandard */
export function parseStandard(spec: string): Schedule {
  const err = cronScheduleError(spec, isKnownTimeZone);
  if (err) throw new CronParseError(err);
  let rest = spec;
  let tz = 'UTC';
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    tz = rest.slice(rest.indexOf('=') + 1, space) || 'UTC';
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@every ')) return everySchedule(parseGoDuration(rest.slice('@every '.length)));
  const expr = DESCRIPTORS[rest] ?? rest;
  const [mi, h, dom, mo, dow] = expr.split(/\s+/).filter((f) => f !== '') as [string, string, string, string, string];
  return new SpecSchedule(parseField(mi, MINUTES), parseField(h, HOURS), parseField(dom, DOM), parseField(mo, MONTHS), parseField(dow, DOW), tz);
}

function parseField(field: string, b: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const [range, stepText] = expr.split('/') as [string, string | undefined];
    const lowHigh = range.split('-');
    let start: number;
    let end: number;
    if (lowHigh[0] === '*' || lowHigh[0] === '?') {
      start = b.min;
      end = b.max;
      if (stepText === undefined) star = true;
    } else {
      start = value(lowHigh[0]!, b);
      end = lowHigh.length > 1 ? value(lowHigh[1]!, b) : start;
    }
    let step = 1;
    if (stepText !== undefined) {
      step = Number.parseInt(stepText, 10);
      if (lowHigh.length === 1 && lowHigh[0] !== '*' && lowHigh[0] !== '?') end = b.max;
    }
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return { values, star };
}

function value(text: string, b: Bounds): number {
  return b.names?.[text.toLowerCase()] ?? Number.parseInt(text, 10);
}

/** time.ParseDuration, in milliseconds (sub-millisecond parts are dropped). */
function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const sign = s.startsWith('-') ? -1 : 1;
  for (const m of s.replace(/^[-+]/, '').matchAll(/([0-9.]+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number.parseFloat(m[1]!) * units[m[2]!]!;
  return sign * total;
}

/** ConstantDelaySchedule: every d (at least a second), on whole seconds. */
function everySchedule(d: number): Schedule {
  const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
  return { next: (t) => Math.floor(t / 1000) * 1000 + delay };
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  dow: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of instant t in zone tz. */
export function wallClock(t: number, tz: string): Wall {
  if (tz === 'UTC') {
    const d = new Date(t);
    return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), dow: d.getUTCDay() };
  }
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(tz, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(t)) parts[p.type] = p.value;
  const dow = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday']!);
  return { y: +parts['year']!, mo: +parts['month']!, d: +parts['day']!, h: +parts['hour']! % 24, mi: +parts['minute']!, s: +parts['second']!, dow };
}

/** time.Date in a zone: the instant whose wall clock reads these fields (normalizing overflow). */
export function instantOf(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  if (tz === 'UTC') return naive;
  const offsetAt = (t: number) => {
    const w = wallClock(t, tz);
    return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(t / 1000) * 1000;
  };
  let guess = naive - offsetAt(naive);
  guess = naive - offsetAt(guess);
  return guess;
}

class SpecSchedule implements Schedule {
  constructor(
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
    private readonly tz: string,
  ) {}

  private dayMatches(w: Wall): boolean {
    const domMatch = this.dom.values.has(w.d);
    const dowMatch = this.dow.values.has(w.dow);
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  /** SpecSchedule.Next, field by field on the zone's wall clock. */
  next(from: number): number | undefined {
    const tz = this.tz;
    let t = Math.floor(from / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = wallClock(t, tz).y + 5;
    for (;;) {
      let w = wallClock(t, tz);
      if (w.y > yearLimit) return undefined;
      let wrapped = false;
      while (!this.month.values.has(w.mo)) {
        if (!added) {
          added = true;
          t = instantOf(w.y, w.mo, 1, 0, 0, 0, tz);
        }
        w = wallClock(t, tz);
        t = instantOf(w.y, w.mo + 1, w.d, w.h, w.mi, w.s, tz);
        w = wallClock(t, tz);
        if (w.mo === 1) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      while (!this.dayMatches(w)) {
        if (!added) {
          added = true;
          t = instantOf(w.y, w.mo, w.d, 0, 0, 0, tz);
        }
        w = wallClock(t, tz);
        t = instantOf(w.y, w.mo, w.d + 1, w.h, w.mi, w.s, tz);
        w = wallClock(t, tz);
        // Midnight may not exist on a daylight-saving day: correct back to the day's start.
        if (w.h !== 0) {
          t += (w.h > 12 ? 24 - w.h : -w.h) * 3_600_000;
          w = wallClock(t, tz);
        }
        if (w.d === 1) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      while (!this.hour.values.has(w.h)) {
        if (!added) {
          added = true;
          t = instantOf(w.y, w.mo, w.d, w.h, 0, 0, tz);
        }
        t += 3_600_000;
        w = wallClock(t, tz);
        if (w.h === 0) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      while (!this.minute.values.has(w.mi)) {
        if (!added) {
          added = true;
          t = Math.floor(t / 60_000) * 60_000;
        }
        t += 60_000;
        w = wallClock(t, tz);
        if (w.mi === 0) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      // Seconds: the standard parser fixes them at 0.
      while (w.s !== 0) {
        if (!added) {
          added = true;
          t = Math.floor(t / 1000) * 1000;
        }
        t += 1000;
        w = wallClock(t, tz);
        if (w.s === 0) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      return t;
    }
  }
}
