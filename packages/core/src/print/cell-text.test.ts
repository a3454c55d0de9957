import { describe, expect, it } from 'vitest';
import { cellText } from './cell-text.js';
import type { Cell } from './table-types.js';

describe('cellText', () => {
  it.each<[string, Cell, string]>([
    ['prints a string as is', 'Running', 'Running'],
    ['prints nothing for null', null, ''],
    ['prints an empty string as nothing', '', ''],
    ['cuts a string at the first line break and marks it', 'first line\nsecond line', 'first line...'],
    ['treats a form feed as a line break', 'a\fb', 'a...'],
    ['treats a carriage return as a line break', 'a\rb', 'a...'],
    ['shows ESC as ^[', 'red \x1b[31mtext', 'red ^[[31mtext'],
    ['prints integers plainly', 42, '42'],
    ['prints fractions in the shortest form', 1.5, '1.5'],
    ['prints tiny numbers with a two-digit exponent, as Go does', 0.00001, '1e-05'],
    ['prints huge numbers with an exponent', 1e21, '1e+21'],
    ['prints booleans in lower case', true, 'true'],
    ['prints a list Go-style', ['a', 1, null], '[a 1 <nil>]'],
    ['prints a map Go-style with sorted keys', { b: 2, a: 'x' }, 'map[a:x b:2]'],
  ])('%s', (_name, cell, want) => {
    expect(cellText(cell)).toBe(want);
  });
});
