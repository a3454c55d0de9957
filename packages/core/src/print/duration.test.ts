import { describe, expect, it } from 'vitest';
import { humanDuration, shortHumanDuration } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  it.each([
    ['a clock up to two seconds behind reads as now', -2 * s + 1, '0s'],
    ['a timestamp two seconds in the future is invalid', -2 * s, '<invalid>'],
    ['under a second is 0s', 999, '0s'],
    ['seconds are shown up to two minutes', 2 * m - 1, '119s'],
    ['two minutes drop the zero seconds', 2 * m, '2m'],
    ['minutes and seconds under ten minutes', 3 * m + 10 * s, '3m10s'],
    ['seconds are dropped from ten minutes', 10 * m + 59 * s, '10m'],
    ['minutes are shown up to three hours', 3 * h - 1, '179m'],
    ['hours and minutes under eight hours', 3 * h + 1 * m, '3h1m'],
    ['whole hours drop the zero minutes', 5 * h, '5h'],
    ['minutes are dropped from eight hours', 8 * h + 59 * m, '8h'],
    ['hours are shown up to two days', 2 * d - 1, '47h'],
    ['days and hours under eight days', 2 * d + 5 * h, '2d5h'],
    ['hours are dropped from eight days', 8 * d + 23 * h, '8d'],
    ['days are shown up to two years', 2 * y - 1, '729d'],
    ['years and days under eight years', 2 * y + 1 * d, '2y1d'],
    ['whole years drop the zero days', 3 * y + 23 * h, '3y'],
    ['days are dropped from eight years', 8 * y + 364 * d, '8y'],
  ])('%s', (_name, ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    ['a timestamp two seconds in the future is invalid', -2 * s, '<invalid>'],
    ['a clock slightly behind reads as now', -1 * s, '0s'],
    ['seconds under a minute', 59 * s + 999, '59s'],
    ['whole minutes under an hour', 2 * m - 1, '1m'],
    ['whole hours under a day', 24 * h - 1, '23h'],
    ['whole days under a year', y - 1, '364d'],
    ['whole years after that', 2 * y - 1, '1y'],
  ])('%s', (_name, ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});
