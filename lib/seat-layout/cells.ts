import type { Cell, LayoutDraft } from '@/lib/seat-layout/draft';

// Sets of grid cells (the editor's selection, what an operation acts on), as "row:col" keys so
// they can live in a Set and cross to the server as plain strings.

export type CellKey = `${number}:${number}`;

export const cellKey = (cell: Cell): CellKey => `${cell.row}:${cell.col}`;

export function parseCellKey(key: string): Cell {
  const [row, col] = key.split(':').map(Number);
  return { row: row as number, col: col as number };
}

export function keysToCells(keys: Iterable<string>): Cell[] {
  return [...keys].map(parseCellKey).sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Every cell of the rectangle spanned by two corners, both included. */
export function rectangle(a: Cell, b: Cell): Cell[] {
  const out: Cell[] = [];
  for (let row = Math.min(a.row, b.row); row <= Math.max(a.row, b.row); row++) {
    for (let col = Math.min(a.col, b.col); col <= Math.max(a.col, b.col); col++) out.push({ row, col });
  }
  return out;
}

export function rowCells(draft: Pick<LayoutDraft, 'cols'>, row: number): Cell[] {
  return Array.from({ length: draft.cols }, (_, col) => ({ row, col }));
}

/** The distinct rows (or columns) the cells touch, in order. */
export function rowsOf(cells: readonly Cell[]): number[] {
  return [...new Set(cells.map((c) => c.row))].sort((a, b) => a - b);
}

export function colsOf(cells: readonly Cell[]): number[] {
  return [...new Set(cells.map((c) => c.col))].sort((a, b) => a - b);
}

/** The smallest rectangle holding every cell, or null for none. */
export function boundingBox(
  cells: readonly Cell[],
): { top: number; bottom: number; left: number; right: number } | null {
  if (cells.length === 0) return null;
  const rows = cells.map((c) => c.row);
  const cols = cells.map((c) => c.col);
  return {
    top: Math.min(...rows),
    bottom: Math.max(...rows),
    left: Math.min(...cols),
    right: Math.max(...cols),
  };
}

/** Keeps the cells that lie on the grid (after rows or columns were removed, say). */
export function onGrid(draft: Pick<LayoutDraft, 'rows' | 'cols'>, cells: readonly Cell[]): Cell[] {
  return cells.filter((c) => c.row >= 0 && c.row < draft.rows.length && c.col >= 0 && c.col < draft.cols);
}
