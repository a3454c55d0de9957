import { describe, expect, it } from 'vitest';
import { parseTaints } from './taint.js';

describe('taint specs', () => {
  it('reads additions and removals', () => {
    expect(parseTaints(['k=v:NoSchedule', 'x:NoExecute', 'k:NoSchedule-', 'y-'])).toEqual({
      add: [{ key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'x', effect: 'NoExecute' }],
      remove: [{ key: 'k', effect: 'NoSchedule' }, { key: 'y' }],
    });
  });

  it('rejects an unknown effect', () => {
    expect(() => parseTaints(['k=v:Sometimes'])).toThrow('invalid taint effect: Sometimes, unsupported taint effect');
  });
});
