import { describe, expect, it } from 'vitest';
import { wantsColour } from './colour.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('colour', () => {
  it('is for terminals only, and never with NO_COLOR or a dumb terminal', () => {
    expect(wantsColour(tty, {})).toBe(true);
    expect(wantsColour(pipe, {})).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '' })).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(tty, { TERM: 'dumb' })).toBe(false);
  });
});
