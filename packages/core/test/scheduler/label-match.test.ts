/** The scheduler's compiled label selectors answer exactly as Selector.matches does. */
import { describe, expect, it } from 'vitest';
import { parseSelector, selectorFromLabelSelector } from '../../src/labels/selector.js';
import { labelMatcher } from '../../src/scheduler/helpers/label-match.js';

const pods: Array<Record<string, string> | undefined> = [undefined, {}, { app: 'web' }, { app: 'web', tier: 'front' }, { app: 'db' }, { tier: 'front' }, { constructor: 'x' }];

describe('a compiled label selector', () => {
  it.each([
    ['one matchLabels key', { matchLabels: { app: 'web' } }],
    ['two matchLabels keys', { matchLabels: { app: 'web', tier: 'front' } }],
    ['an In with one value', { matchExpressions: [{ key: 'app', operator: 'In' as const, values: ['web'] }] }],
    ['an In with two values', { matchExpressions: [{ key: 'app', operator: 'In' as const, values: ['web', 'db'] }] }],
    ['a NotIn', { matchExpressions: [{ key: 'app', operator: 'NotIn' as const, values: ['web'] }] }],
    ['an Exists on an inherited property name', { matchExpressions: [{ key: 'constructor', operator: 'Exists' as const }] }],
    ['matchLabels on an inherited property name', { matchLabels: { constructor: 'x' } }],
    ['the empty selector, which selects everything', {}],
  ])('matches what the selector matches: %s', (_, ls) => {
    const selector = selectorFromLabelSelector(ls)!;
    const compiled = labelMatcher(selector);
    for (const labels of pods) expect(compiled(labels), JSON.stringify(labels)).toBe(selector.matches(labels));
  });

  it('selects nothing for a nil selector', () => {
    for (const labels of pods) expect(labelMatcher(null)(labels)).toBe(false);
  });

  it('keeps the numeric and negated forms of a parsed selector', () => {
    const selector = parseSelector('rank>3,!canary');
    expect(labelMatcher(selector)({ rank: '5' })).toBe(true);
    expect(labelMatcher(selector)({ rank: '5', canary: '' })).toBe(false);
  });
});
