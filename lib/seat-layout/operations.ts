import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS, ROW_OFFSET_LIMIT } from '@/lib/schemas/layout';
import { boundingBox, onGrid } from '@/lib/seat-layout/cells';
import {
  type Cell,
  DEFAULT_NUMBERING,
  type DraftRow,
  type DraftSeat,
  emptyRow,
  type LayoutDraft,
  type RowLabelling,
  type RowNumbering,
  type SeatCategory,
  type SeatKind,
} from '@/lib/seat-layout/draft';
import { labelsFor } from '@/lib/seat-layout/labels';
import { centreLine, renumberRow } from '@/lib/seat-layout/numbering';

// Everything the editor can do to a draft, as pure functions: draft in, new draft out, the input
// never changed. Rows that an operation does not touch keep their identity, so the editor redraws
// only what changed and undo history shares most of its memory. Every operation ends in
// normalize(): seats are numbered and rows labelled by their schemes, whatever moved.

/** Numbers every row by its scheme and labels rows by the draft's; unchanged rows stay the same objects. */
export function normalize(draft: LayoutDraft): LayoutDraft {
  const centre = centreLine(draft);
  let rows = draft.rows.map((row) => renumberRow(row, centre));
  if (draft.labelling.style !== 'manual') {
    const labels = labelsFor(rows, draft.labelling, draft.screenAt);
    rows = rows.map((row, i) => (row.label === labels[i] ? row : { ...row, label: labels[i] as string }));
  }
  return rows.some((row, i) => row !== draft.rows[i]) ? { ...draft, rows } : draft;
}

/** Applies `change` to each given cell on the grid; rows without a change keep their identity. */
function mapCells(
  draft: LayoutDraft,
  cells: readonly Cell[],
  change: (seat: DraftSeat | null, cell: Cell) => DraftSeat | null,
): LayoutDraft {
  const byRow = new Map<number, Cell[]>();
  for (const cell of onGrid(draft, cells)) {
    const list = byRow.get(cell.row) ?? [];
    list.push(cell);
    byRow.set(cell.row, list);
  }
  let changed = false;
  const rows = draft.rows.map((row, r) => {
    const targets = byRow.get(r);
    if (!targets) return row;
    let next: (DraftSeat | null)[] | null = null;
    for (const cell of targets) {
      const before = row.cells[cell.col] ?? null;
      const after = change(before, cell);
      if (after === before) continue;
      next ??= [...row.cells];
      next[cell.col] = after;
    }
    if (!next) return row;
    changed = true;
    return { ...row, cells: next };
  });
  return changed ? normalize({ ...draft, rows }) : draft;
}

/** A new seat on every empty cell that is not in an aisle column. */
export function fillSeats(draft: LayoutDraft, cells: readonly Cell[], category: SeatCategory = 'STANDARD') {
  const aisles = new Set(draft.aisleCols);
  return mapCells(draft, cells, (seat, cell) =>
    seat || aisles.has(cell.col) ? seat : { number: 0, category, kind: 'STANDARD', blocked: false },
  );
}

/** Removes the seats on these cells: they become gaps. */
export function eraseCells(draft: LayoutDraft, cells: readonly Cell[]) {
  return mapCells(draft, cells, () => null);
}

export function setCategory(draft: LayoutDraft, cells: readonly Cell[], category: SeatCategory) {
  return mapCells(draft, cells, (seat) =>
    seat && seat.category !== category ? { ...seat, category } : seat,
  );
}

/** Makes seats wheelchair spaces, companion seats, or ordinary seats again. Gaps stay gaps. */
export function setKind(draft: LayoutDraft, cells: readonly Cell[], kind: SeatKind) {
  return mapCells(draft, cells, (seat) => (seat && seat.kind !== kind ? { ...seat, kind } : seat));
}

export function setBlocked(draft: LayoutDraft, cells: readonly Cell[], blocked: boolean) {
  return mapCells(draft, cells, (seat) => (seat && seat.blocked !== blocked ? { ...seat, blocked } : seat));
}

/** Gives one seat its own number; its row keeps its numbers from then on (manual numbering). */
export function setSeatNumber(draft: LayoutDraft, cell: Cell, number: number): LayoutDraft {
  const row = draft.rows[cell.row];
  const seat = row?.cells[cell.col];
  if (!row || !seat || seat.number === number) return draft;
  const cells = [...row.cells];
  cells[cell.col] = { ...seat, number };
  const rows = [...draft.rows];
  rows[cell.row] = { ...row, cells, numbering: { order: 'manual' } };
  return normalize({ ...draft, rows });
}

/** Marks columns as walkways (seats standing in them are removed) or back as seating columns. */
export function setAisles(draft: LayoutDraft, cols: readonly number[], aisle: boolean): LayoutDraft {
  const wanted = cols.filter((c) => c >= 0 && c < draft.cols);
  const set = new Set(draft.aisleCols);
  for (const c of wanted) {
    if (aisle) set.add(c);
    else set.delete(c);
  }
  const aisleCols = [...set].sort((a, b) => a - b);
  if (aisleCols.join() === draft.aisleCols.join()) return draft;
  const cleared = aisle
    ? draft.rows.map((row) =>
        wanted.some((c) => row.cells[c])
          ? { ...row, cells: row.cells.map((s, c) => (wanted.includes(c) ? null : s)) }
          : row,
      )
    : draft.rows;
  return normalize({ ...draft, aisleCols, rows: cleared });
}

/** Inserts empty rows before row `at` (at = rows.length appends), numbered like their neighbour. */
export function insertRows(draft: LayoutDraft, at: number, count = 1): LayoutDraft {
  const n = Math.min(count, LAYOUT_MAX_ROWS - draft.rows.length);
  if (n <= 0) return draft;
  const index = Math.max(0, Math.min(at, draft.rows.length));
  const numbering = (draft.rows[index - 1] ?? draft.rows[index])?.numbering ?? DEFAULT_NUMBERING;
  const fresh = Array.from({ length: n }, () => emptyRow(draft.cols, numbering));
  const rows = [...draft.rows.slice(0, index), ...fresh, ...draft.rows.slice(index)];
  return normalize({ ...draft, rows });
}

/** Removes rows; a grid keeps at least one row. */
export function removeRows(draft: LayoutDraft, rows: readonly number[]): LayoutDraft {
  const gone = new Set(rows);
  const kept = draft.rows.filter((_, i) => !gone.has(i));
  if (kept.length === draft.rows.length) return draft;
  return normalize({ ...draft, rows: kept.length ? kept : [emptyRow(draft.cols)] });
}

/** Inserts empty columns before column `at`; aisles to the right move with their seats. */
export function insertCols(draft: LayoutDraft, at: number, count = 1): LayoutDraft {
  const n = Math.min(count, LAYOUT_MAX_COLS - draft.cols);
  if (n <= 0) return draft;
  const index = Math.max(0, Math.min(at, draft.cols));
  const gap = Array.from({ length: n }, () => null);
  return normalize({
    ...draft,
    cols: draft.cols + n,
    aisleCols: draft.aisleCols.map((a) => (a >= index ? a + n : a)),
    rows: draft.rows.map((row) => ({
      ...row,
      cells: [...row.cells.slice(0, index), ...gap, ...row.cells.slice(index)],
    })),
  });
}

/** Removes columns (their seats and aisles); a grid keeps at least one column. */
export function removeCols(draft: LayoutDraft, cols: readonly number[]): LayoutDraft {
  const gone = new Set(cols.filter((c) => c >= 0 && c < draft.cols));
  if (gone.size === 0 || gone.size >= draft.cols) return draft;
  const shift = (c: number) => c - [...gone].filter((g) => g < c).length;
  return normalize({
    ...draft,
    cols: draft.cols - gone.size,
    aisleCols: draft.aisleCols.filter((a) => !gone.has(a)).map(shift),
    rows: draft.rows.map((row) => ({ ...row, cells: row.cells.filter((_, c) => !gone.has(c)) })),
  });
}

/** Names one row; from then on every row keeps the label it has (manual labelling). */
export function setRowLabel(draft: LayoutDraft, row: number, label: string): LayoutDraft {
  const target = draft.rows[row];
  const clean = label.trim().toUpperCase();
  if (!target || (target.label === clean && draft.labelling.style === 'manual')) return draft;
  const rows = [...draft.rows];
  rows[row] = { ...target, label: clean };
  return normalize({ ...draft, rows, labelling: { style: 'manual' } });
}

/** Labels every row with seats by a scheme (and keeps doing so as rows come and go). */
export function relabelRows(draft: LayoutDraft, labelling: RowLabelling): LayoutDraft {
  return normalize({ ...draft, labelling });
}

/** Numbers the seats of these rows by a scheme (and keeps doing so as seats come and go). */
export function renumberRows(
  draft: LayoutDraft,
  rows: readonly number[],
  numbering: RowNumbering,
): LayoutDraft {
  const targets = new Set(rows);
  return normalize({
    ...draft,
    rows: draft.rows.map((row, i) => (targets.has(i) ? { ...row, numbering } : row)),
  });
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Staggers (offset, in seats) or curves rows; only drawing changes, never the grid. */
export function setRowShape(
  draft: LayoutDraft,
  rows: readonly number[],
  shape: { offset?: number; curve?: number },
): LayoutDraft {
  const targets = new Set(rows);
  let changed = false;
  const next = draft.rows.map((row, i) => {
    if (!targets.has(i)) return row;
    const offset =
      shape.offset === undefined ? row.offset : clamp(shape.offset, -ROW_OFFSET_LIMIT, ROW_OFFSET_LIMIT);
    const curve = shape.curve === undefined ? row.curve : clamp(shape.curve, 0, 1);
    if (offset === row.offset && curve === row.curve) return row;
    changed = true;
    return { ...row, offset, curve };
  });
  return changed ? { ...draft, rows: next } : draft;
}

export function setScreenAt(draft: LayoutDraft, screenAt: LayoutDraft['screenAt']): LayoutDraft {
  return draft.screenAt === screenAt ? draft : normalize({ ...draft, screenAt });
}

export function setNote(draft: LayoutDraft, note: string): LayoutDraft {
  return draft.note === note ? draft : { ...draft, note };
}

/**
 * Flips the seats inside the selection's bounding box (the whole grid without one): left for right
 * (`horizontal`) or front for back (`vertical`). Aisles flip only when the box spans every row
 * (an aisle runs the whole depth of the room); whole rows flip with their shape and numbering
 * when the box spans every column. Labels stay where they are: they name positions.
 */
export function mirror(
  draft: LayoutDraft,
  axis: 'horizontal' | 'vertical',
  area?: readonly Cell[],
): LayoutDraft {
  const box = (area && boundingBox(onGrid(draft, area))) ?? {
    top: 0,
    bottom: draft.rows.length - 1,
    left: 0,
    right: draft.cols - 1,
  };
  const { top, bottom, left, right } = box;
  const allRows = top === 0 && bottom === draft.rows.length - 1;
  const allCols = left === 0 && right === draft.cols - 1;
  if (axis === 'horizontal') {
    const flip = (c: number) => (c >= left && c <= right ? left + right - c : c);
    const rows = draft.rows.map((row, r) => {
      if (r < top || r > bottom) return row;
      const cells = row.cells.map((_, c) => row.cells[flip(c)] ?? null);
      return { ...row, cells, offset: allCols && row.offset ? -row.offset : row.offset };
    });
    const aisleCols = allRows ? draft.aisleCols.map(flip).sort((a, b) => a - b) : draft.aisleCols;
    return normalize({ ...draft, rows, aisleCols });
  }
  const flip = (r: number) => top + bottom - r;
  const rows = draft.rows.map((row, r): DraftRow => {
    if (r < top || r > bottom) return row;
    const source = draft.rows[flip(r)] as DraftRow;
    if (allCols) return { ...source, label: row.label };
    return {
      ...row,
      cells: row.cells.map((seat, c) => (c >= left && c <= right ? (source.cells[c] ?? null) : seat)),
    };
  });
  return normalize({ ...draft, rows });
}
