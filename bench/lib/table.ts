// One fixed-width table that reads the same in a terminal and as Markdown.

export type Column = { title: string; align?: 'left' | 'right' };

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) =>
    columns[i]?.align === 'left' ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'left' ? `:${'-'.repeat((widths[i] ?? 0) + 1)}` : `${'-'.repeat((widths[i] ?? 0) + 1)}:`)).join('|')}|`;
  return [
    line(columns.map((c) => c.title)),
    rule,
    ...rows.map((r) => line(columns.map((_, i) => r[i] ?? ''))),
  ].join('\n');
}

/** 1234.5 → "1,235"; NaN → "–". */
export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

/** Milliseconds with one decimal below 100, whole above. */
export function fmtMs(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return n < 100 ? n.toFixed(1) : String(Math.round(n));
}
