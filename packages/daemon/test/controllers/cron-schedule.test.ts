import { describe, expect, it } from 'vitest';
import { CronParseError, parseStandard } from '../../src/controllers/cronjob/cron-schedule.js';
import { mostRecentScheduleTime, rfc3339In } from '../../src/controllers/cronjob/cronjob-utils.js';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string) => {
  const t = parseStandard(spec).next(at(from));
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('cron schedules', () => {
  it('steps and ranges: every 15 minutes, weekdays at nine', () => {
    expect(next('*/15 * * * *', '2025-01-01T10:07:30Z')).toBe('2025-01-01T10:15:00.000Z');
    expect(next('*/15 * * * *', '2025-01-01T10:15:00Z')).toBe('2025-01-01T10:30:00.000Z');
    // 2025-01-03 is a Friday: the next weekday nine o'clock is Monday's.
    expect(next('0 9 * * 1-5', '2025-01-03T10:00:00Z')).toBe('2025-01-06T09:00:00.000Z');
    expect(next('0 9 * * mon-fri', '2025-01-03T08:00:00Z')).toBe('2025-01-03T09:00:00.000Z');
    expect(next('5,35 */6 * jan,jul *', '2025-01-31T23:50:00Z')).toBe('2025-07-01T00:05:00.000Z');
  });

  it('day of month OR day of week when both are restricted, AND when one is a star', () => {
    // The 13th, or any Friday: June 2025 has Friday the 6th before the 13th.
    expect(next('0 0 13 * 5', '2025-06-01T00:00:00Z')).toBe('2025-06-06T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2025-06-06T00:00:00Z')).toBe('2025-06-13T00:00:00.000Z');
    expect(next('0 0 13 * *', '2025-06-01T00:00:00Z')).toBe('2025-06-13T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2025-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('descriptors', () => {
    expect(next('@hourly', '2025-01-01T10:07:00Z')).toBe('2025-01-01T11:00:00.000Z');
    expect(next('@daily', '2025-01-01T10:07:00Z')).toBe('2025-01-02T00:00:00.000Z');
    expect(next('@midnight', '2025-01-01T10:07:00Z')).toBe('2025-01-02T00:00:00.000Z');
    expect(next('@weekly', '2025-01-01T10:07:00Z')).toBe('2025-01-05T00:00:00.000Z');
    expect(next('@monthly', '2025-01-01T10:07:00Z')).toBe('2025-02-01T00:00:00.000Z');
    expect(next('@yearly', '2025-01-01T10:07:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(next('@every 90s', '2025-01-01T10:07:00Z')).toBe('2025-01-01T10:08:30.000Z');
  });

  it('time zones: wall-clock times in the zone, daylight saving included', () => {
    expect(next('TZ=America/New_York 0 9 * * *', '2025-01-01T00:00:00Z')).toBe('2025-01-01T14:00:00.000Z');
    expect(next('CRON_TZ=America/New_York 0 9 * * *', '2025-07-01T00:00:00Z')).toBe('2025-07-01T13:00:00.000Z');
    // Berlin skips 02:00-03:00 on 2025-03-30: that day has no 02:30, as in robfig/cron.
    expect(next('TZ=Europe/Berlin 30 2 * * *', '2025-03-29T12:00:00Z')).toBe('2025-03-31T00:30:00.000Z');
    expect(next('TZ=Asia/Kolkata 0 0 * * *', '2025-01-01T00:00:00Z')).toBe('2025-01-01T18:30:00.000Z');
    expect(rfc3339In(at('2025-01-01T14:00:00Z'), 'America/New_York')).toBe('2025-01-01T09:00:00-05:00');
    expect(rfc3339In(at('2025-01-01T14:00:00Z'), 'UTC')).toBe('2025-01-01T14:00:00Z');
  });

  it('refuses what kube-apiserver refuses, with its words', () => {
    expect(() => parseStandard('61 * * * *')).toThrow(new CronParseError('end of range (61) above maximum (59): 61'));
    expect(() => parseStandard('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseStandard('TZ=Mars/Olympus * * * * *')).toThrow('provided bad location Mars/Olympus: unknown time zone Mars/Olympus');
  });

  it('counts missed schedules and finds the most recent one since the last run', () => {
    const schedule = parseStandard('*/10 * * * *');
    const cj = { metadata: { creationTimestamp: '2025-01-01T00:00:00Z' }, status: { lastScheduleTime: '2025-01-01T00:10:00Z' } };
    expect(mostRecentScheduleTime(cj, at('2025-01-01T00:15:00Z'), schedule, false)).toEqual([at('2025-01-01T00:10:00Z'), undefined, 0]);
    expect(mostRecentScheduleTime(cj, at('2025-01-01T00:25:00Z'), schedule, false)).toEqual([at('2025-01-01T00:10:00Z'), at('2025-01-01T00:20:00Z'), 1]);
    expect(mostRecentScheduleTime(cj, at('2025-01-01T01:05:00Z'), schedule, false)).toEqual([at('2025-01-01T00:10:00Z'), at('2025-01-01T01:00:00Z'), 5]);
    // startingDeadlineSeconds moves the earliest time considered forward.
    const late = { ...cj, spec: { startingDeadlineSeconds: 300 } };
    expect(mostRecentScheduleTime(late, at('2025-01-01T01:05:00Z'), schedule, true)[0]).toBe(at('2025-01-01T01:00:00Z'));
  });
});
