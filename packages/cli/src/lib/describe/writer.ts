/**
 * kubectl describe's PrefixWriter over its tabwriter (k8s.io/kubectl/pkg/describe:
 * tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)): each line is indented two spaces per level, and
 * cells end at tabs, so consecutive lines align into columns as kubectl's do.
 */
import { TabWriter } from '@kubelab/core/print/tabwriter';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class PrefixWriter {
  private out = '';
  private readonly tw = new TabWriter((chunk) => (this.out += chunk), { minWidth: 0, tabWidth: 8, padding: 2, padChar: ' ', rememberWidths: false });

  /** raw: no tabwriter, tabs stay tabs (kubectl's rollout history --revision prints so). */
  constructor(private readonly raw = false) {}

  write(level: number, text: string): void {
    if (this.raw) this.out += '  '.repeat(level) + text;
    else this.tw.write('  '.repeat(level) + text);
  }

  /** fmt.Sprintln: the text and a newline. */
  writeLine(text: string): void {
    if (this.raw) this.out += `${text}\n`;
    else this.tw.write(`${text}\n`);
  }

  flush(): void {
    if (!this.raw) this.tw.flush();
  }

  text(): string {
    this.flush();
    return this.out;
  }
}

/** Describes with a fresh writer and returns its text. */
export function tabbed(fn: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  fn(w);
  return w.text();
}
