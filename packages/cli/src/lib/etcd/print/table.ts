/**
 * etcdctl's tables: olekukonko/tablewriter as etcdctl sets it up (printer_table.go) — a
 * border line above and below the header and at the end, the header centred (an odd space of
 * padding goes right), every cell right-aligned, one space of padding inside each column.
 *
 *   +------------------+---------+------+
 *   |        ID        | STATUS  | NAME |
 *   +------------------+---------+------+
 *   | bdae9bbc11dd390d | started |  ref |
 *   +------------------+---------+------+
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: string[], pad: (v: string, w: number) => string) => `|${widths.map((w, i) => ` ${pad(cells[i] ?? '', w)} `).join('|')}|`;
  const centre = (v: string, w: number) => {
    const left = Math.floor((w - v.length) / 2);
    return ' '.repeat(left) + v + ' '.repeat(w - v.length - left);
  };
  return [border, line(header, centre), border, ...rows.map((r) => line(r, (v, w) => v.padStart(w))), border, ''].join('\n');
}
