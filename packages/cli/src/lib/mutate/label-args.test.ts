import { describe, expect, it } from 'vitest';
import { applyKeyChanges, splitKeyChanges } from './label-args.js';

describe('label and annotate arguments', () => {
  it('splits resources from KEY=VALUE and KEY- changes', () => {
    const c = splitKeyChanges(['pods', 'web', 'tier=front', 'old-'], 'label');
    expect(c.resources).toEqual(['pods', 'web']);
    expect([...c.set]).toEqual([['tier', 'front']]);
    expect(c.remove).toEqual(['old']);
  });

  it("refuses to change an existing value without --overwrite, in kubectl's words", () => {
    const c = splitKeyChanges(['cm/x', 'a=c'], 'label');
    expect(() => applyKeyChanges({ a: 'b' }, c, false)).toThrow("'a' already has a value (b), and --overwrite is false");
    expect(applyKeyChanges({ a: 'b' }, c, true).next).toEqual({ a: 'c' });
  });

  it('reports keys to remove that are not there', () => {
    const r = applyKeyChanges({ a: 'b' }, splitKeyChanges(['cm/x', 'z-'], 'label'), false);
    expect(r).toEqual({ next: { a: 'b' }, changed: 'none', missing: ['z'] });
  });
});
