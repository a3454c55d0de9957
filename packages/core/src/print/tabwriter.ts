/**
 * An elastic tabstop writer that lays text out exactly as Go's text/tabwriter does, with the
 * RememberWidths extension of github.com/liggitt/tabwriter that kubectl uses — so columns
 * printed by our CLI line up to the byte with kubectl's.
 *
 * The model (Go's, reimplemented here): input is cut into cells, each ended by a tab ('\t',
 * or '\v' as a "soft" one); text after a line's last tab is a trailing cell that is never
 * padded. A column is a run of consecutive lines that all have a tab-terminated cell at that
 * index; its width is the widest cell in the run plus `padding`, but at least `minWidth`.
 * Runs nest: column k+1 is formed only within a run of column k. Widths count Unicode code
 * points (Go counts runes), not display width. A line holding a single cell (no tab) and a
 * '\f' flush everything buffered, so alignment restarts after them.
 *
 * With `rememberWidths`, each column index keeps the widest width it has had across
 * flushes and never shrinks until `setRememberedWidths` resets it (kubectl resets it for
 * every new resource type).
 *
 * kubectl's writer: minWidth 6, tabWidth 4, padding 3, padChar ' ', RememberWidths
 * (k8s.io/cli-runtime/pkg/printers/tabwriter.go).
 */

export interface TabWriterOptions {
  minWidth: number;
  tabWidth: number;
  padding: number;
  padChar: string;
  rememberWidths: boolean;
}

/** kubectl's settings. */
export const KUBECTL_TABWRITER: TabWriterOptions = { minWidth: 6, tabWidth: 4, padding: 3, padChar: ' ', rememberWidths: true };

interface Cell {
  text: string;
  /** Code points in text. */
  width: number;
  /** Ended by '\t' rather than '\v' or a line break. */
  htab: boolean;
}

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  /** Column widths of the enclosing runs while formatting. */
  private widths: number[] = [];
  private maxWidths: number[] = [];

  /** @param sink receives the laid-out text as it is produced, piece by piece. */
  constructor(
    private readonly sink: (chunk: string) => void,
    private readonly opts: TabWriterOptions = KUBECTL_TABWRITER,
  ) {
    if (opts.minWidth < 0 || opts.tabWidth < 0 || opts.padding < 0) throw new RangeError('negative minWidth, tabWidth, or padding');
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const cellsInLine = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        if (ch === '\f' || cellsInLine === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Lays out and emits everything buffered. A trailing partial line is emitted unpadded. */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  /** The remembered width of each column index (a copy). */
  rememberedWidths(): number[] {
    return [...this.maxWidths];
  }

  /** Replaces the remembered widths; null or [] forgets them. */
  setRememberedWidths(widths: readonly number[] | null): void {
    this.maxWidths = [...(widths ?? [])];
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1]!;
    line.push({ text: this.cell, width: codePoints(this.cell), htab });
    this.cell = '';
    return line.length;
  }

  /** Formats lines [line0, line1) at column depth this.widths.length. */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= this.lines[row]!.length - 1) continue;
      // A run of lines with a cell in this column starts here; emit what came before it.
      this.writeLines(line0, row);
      line0 = row;

      let width = this.opts.minWidth;
      for (; row < line1; row++) {
        const line = this.lines[row]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.opts.padding);
      }
      width = this.remember(width);

      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private remember(width: number): number {
    if (!this.opts.rememberWidths) return width;
    const depth = this.widths.length;
    if (this.maxWidths.length < depth) this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
    if (this.maxWidths.length === depth) {
      this.maxWidths.push(width);
      return width;
    }
    const remembered = this.maxWidths[depth]!;
    if (remembered > width) return remembered;
    this.maxWidths[depth] = width;
    return width;
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      let out = '';
      for (const [j, c] of line.entries()) {
        out += c.text;
        if (j < this.widths.length) out += this.padding(c.width, this.widths[j]!);
      }
      // The last line is the one still being written; it has no line break yet.
      if (i + 1 < this.lines.length) out += '\n';
      if (out !== '') this.sink(out);
    }
  }

  private padding(textWidth: number, cellWidth: number): string {
    if (this.opts.padChar === '\t') {
      // Tabs pad to the next multiple of tabWidth (Go's behaviour for padchar '\t').
      if (this.opts.tabWidth === 0) return '';
      const w = Math.ceil(cellWidth / this.opts.tabWidth) * this.opts.tabWidth;
      return '\t'.repeat(Math.ceil((w - textWidth) / this.opts.tabWidth));
    }
    return this.opts.padChar.repeat(Math.max(0, cellWidth - textWidth));
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
