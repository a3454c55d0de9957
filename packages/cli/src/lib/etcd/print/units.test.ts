import { describe, expect, it } from 'vitest';
import { goDuration, humanizeBytes } from './units.js';

describe("Go's formatters, as etcdctl prints with them", () => {
  it.each([
    [0n, '0s'],
    [850n, '850ns'],
    [1_500n, '1.5µs'],
    [999_999n, '999.999µs'],
    [1_232_589n, '1.232589ms'],
    [4_281_490n, '4.28149ms'],
    [1_342_000n, '1.342ms'],
    [1_000_000_000n, '1s'],
    [62_500_000_000n, '1m2.5s'],
    [3_723_000_000_000n, '1h2m3s'],
  ])('time.Duration(%s).String() is %s', (ns, text) => {
    expect(goDuration(ns)).toBe(text);
  });

  it.each([
    [7, '7 B'],
    [999, '999 B'],
    [20_480, '20 kB'],
    [12_288, '12 kB'],
    [12_500, '12 kB'],
    [13_500, '14 kB'],
    [2_100_000, '2.1 MB'],
    [395_216, '395 kB'],
  ])('humanize.Bytes(%i) is %s', (n, text) => {
    expect(humanizeBytes(n)).toBe(text);
  });
});
