import { describe, expect, it } from 'vitest';
import { formatGoDuration } from './go-duration.js';

describe('formatGoDuration prints as Go time.Duration.String does', () => {
  const cases: Array<[bigint, string]> = [
    [0n, '0s'],
    [7n, '7ns'],
    [1_500n, '1.5µs'],
    [300_000_000n, '300ms'],
    [1_500_000_000n, '1.5s'],
    [120_000_000_000n, '2m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [5_430_000_000_000n, '1h30m30s'],
    [-90_000_000_000n, '-1m30s'],
    [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
  ];
  for (const [ns, text] of cases) {
    it(`${ns} ns is "${text}"`, () => expect(formatGoDuration(ns)).toBe(text));
  }
});
