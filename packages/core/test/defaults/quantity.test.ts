import { describe, expect, it } from 'vitest';
import { canonicalQuantity, compareQuantities, parseExactQuantity, roundUp, formatQuantity } from '../../src/defaults/canonical-quantity.js';

describe('canonical quantities, as kube-apiserver writes them back', () => {
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['.25', '250m'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['100M', '100M'],
    ['1200000', '1200k'],
    ['1e3', '1e3'],
    ['12e2', '1200'],
    ['1.5e-3', '1500e-6'],
    ['0', '0'],
    ['-1Gi', '-1Gi'],
    ['0.1n', '1n'],
    [3, '3'],
  ])('%s is written %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it.each([
    ['1K', "unable to parse quantity's suffix"],
    ['abc', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['1.2.3', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ])('%s does not parse: %s', (input, message) => {
    expect(() => parseExactQuantity(input)).toThrow(message);
  });

  it.each([
    ['0.0001', '1m'],
    ['100u', '1m'],
    ['2.5m', '3m'],
    ['-0.0001', '-1m'],
  ])('resource lists round %s up to %s', (input, rounded) => {
    expect(formatQuantity(roundUp(parseExactQuantity(input), -3))).toBe(rounded);
  });

  it.each([
    ['1', '1000m', 0],
    ['1Gi', '1G', 1],
    ['500m', '0.6', -1],
  ])('compares %s with %s exactly', (a, b, order) => {
    expect(compareQuantities(parseExactQuantity(a), parseExactQuantity(b))).toBe(order);
  });
});
