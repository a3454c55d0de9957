import { describe, expect, it } from 'vitest';
import { KUBECTL_TABWRITER, TabWriter, type TabWriterOptions } from './tabwriter.js';

/** Writes the pieces (flushing between groups) and returns the laid-out text with "|" for line ends. */
function layout(groups: string[], opts: TabWriterOptions = KUBECTL_TABWRITER): string {
  let out = '';
  const tw = new TabWriter((chunk) => (out += chunk), opts);
  for (const g of groups) {
    tw.write(g);
    tw.flush();
  }
  return out.replaceAll('\n', '|\n');
}

describe('TabWriter with kubectl settings', () => {
  it.each<[string, string[], string]>([
    ['pads each column to its widest cell plus three spaces', ['NAME\tAGE\nweb-server\t5m\n'], 'NAME         AGE|\nweb-server   5m|\n'],
    ['makes a column at least six wide', ['A\tB\tC\nx\ty\tz\n'], 'A     B     C|\nx     y     z|\n'],
    ['never pads the last cell of a line', ['A\tB\nx\tlong-trailing-text\n'], 'A     B|\nx     long-trailing-text|\n'],
    ['pads an empty cell in full, so an empty last cell leaves trailing spaces', ['NAME\tX\t\nab\t\t\n'], 'NAME   X     |\nab           |\n'],
    ['counts code points, not bytes', ['ÄÖÜÄÖÜÄ\tx\nab\ty\n'], 'ÄÖÜÄÖÜÄ   x|\nab        y|\n'],
    [
      'aligns a column only over consecutive lines that have it',
      ['aaaaaaaaaa\tb\tc\nx\ty\nd\teeeeeeeeee\tf\n'],
      'aaaaaaaaaa   b     c|\nx            y|\nd            eeeeeeeeee   f|\n',
    ],
    [
      'flushes at a line without tabs, carrying remembered widths past it',
      ['aaaaaaaaaa\tb\nsingle\nc\td\n'],
      'aaaaaaaaaa   b|\nsingle|\nc            d|\n',
    ],
    ['treats a vertical tab as a cell break', ['a\vb\tc\nxxxxxxx\tyy\tz\n'], 'a         b     c|\nxxxxxxx   yy    z|\n'],
  ])('%s', (_name, groups, want) => {
    expect(layout(groups)).toBe(want);
  });

  it('remembers column widths across flushes until they are reset', () => {
    let out = '';
    const tw = new TabWriter((c) => (out += c));
    tw.write('a-long-name\tx\n');
    tw.flush();
    tw.write('b\ty\n');
    tw.flush();
    tw.setRememberedWidths(null);
    tw.write('c\tz\n');
    tw.flush();
    expect(out).toBe('a-long-name   x\nb             y\nc     z\n');
  });

  it('forgets widths between flushes without RememberWidths, as plain Go tabwriter does', () => {
    expect(layout(['a-long-name\tx\n', 'b\ty\n'], { ...KUBECTL_TABWRITER, rememberWidths: false })).toBe('a-long-name   x|\nb     y|\n');
  });

  it('emits a partial last line unpadded on flush', () => {
    expect(layout(['ab\tc\nd\te'])).toBe('ab    c|\nd     e');
  });

  it('pads with tabs to tab stops when the pad character is a tab', () => {
    expect(layout(['ab\tc\nabcdefgh\td\n'], { minWidth: 0, tabWidth: 8, padding: 1, padChar: '\t', rememberWidths: false })).toBe(
      'ab\t\tc|\nabcdefgh\td|\n',
    );
  });
});
