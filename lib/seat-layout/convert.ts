import type { ScreenLayout } from '@/lib/schemas/layout';
import {
  type DraftRow,
  type DraftSeat,
  emptyRow,
  type LayoutDraft,
  type SeatCategory,
  type SeatKind,
  seatsOf,
} from '@/lib/seat-layout/draft';
import { detectLabelling } from '@/lib/seat-layout/labels';
import { centreLine, detectNumbering } from '@/lib/seat-layout/numbering';

// The draft and the database, both ways. A screen is stored as its ScreenLayout JSON (grid size,
// aisles, screen side, note, row shapes) and one `seats` row per seat; toScreenRecords() gives
// exactly those, fromScreenRecords() rebuilds the draft, recognising the numbering and labelling
// schemes the seats follow so that editing goes on in the same style. A round trip is exact.

/** One row of the `seats` table, as the draft decides it. */
export type SeatRecord = {
  rowLabel: string;
  number: number;
  rowIndex: number;
  col: number;
  category: SeatCategory;
  kind: SeatKind;
  blocked: boolean;
};

export type ScreenRecords = { layout: ScreenLayout; seats: SeatRecord[]; capacity: number };

export function toScreenRecords(draft: LayoutDraft): ScreenRecords {
  const seats: SeatRecord[] = [];
  for (const { row, col, seat } of seatsOf(draft)) {
    seats.push({
      rowLabel: (draft.rows[row] as DraftRow).label,
      number: seat.number,
      rowIndex: row,
      col,
      category: seat.category,
      kind: seat.kind,
      blocked: seat.blocked,
    });
  }
  const rowShapes = draft.rows.flatMap((r, row) =>
    r.offset || r.curve ? [{ row, offset: r.offset, curve: r.curve }] : [],
  );
  const layout: ScreenLayout = {
    rows: draft.rows.length,
    cols: draft.cols,
    aisleCols: [...draft.aisleCols],
    screenAt: draft.screenAt,
    ...(draft.note ? { note: draft.note } : {}),
    ...(rowShapes.length ? { rowShapes } : {}),
  };
  // Blocked seats count: capacity is the room's size; what can be sold is worked out per showtime.
  return { layout, seats, capacity: seats.length };
}

/**
 * The draft of a stored screen. Grid size comes from the layout, grown if a seat lies beyond it
 * (validation then reports that seat as outside the grid, rather than the seat silently vanishing).
 */
export function fromScreenRecords(
  layout: ScreenLayout,
  seats: readonly (Omit<SeatRecord, 'blocked'> & { blocked?: boolean })[],
): LayoutDraft {
  const rowCount = Math.max(layout.rows, ...seats.map((s) => s.rowIndex + 1));
  const width = Math.max(layout.cols, ...seats.map((s) => s.col + 1));
  const rows: DraftRow[] = Array.from({ length: rowCount }, () => emptyRow(width));
  for (const s of seats) {
    const row = rows[s.rowIndex] as DraftRow;
    if (row.label && row.label !== s.rowLabel) {
      throw new Error(`seats in grid row ${s.rowIndex} carry two labels: ${row.label} and ${s.rowLabel}`);
    }
    if (row.cells[s.col]) throw new Error(`two seats share grid cell ${s.rowIndex}:${s.col}`);
    row.label = s.rowLabel;
    const seat: DraftSeat = {
      number: s.number,
      category: s.category,
      kind: s.kind,
      blocked: s.blocked ?? false,
    };
    row.cells[s.col] = seat;
  }
  for (const shape of layout.rowShapes ?? []) {
    const row = rows[shape.row];
    if (row) Object.assign(row, { offset: shape.offset, curve: shape.curve });
  }
  const base = { cols: layout.cols, aisleCols: [...layout.aisleCols].sort((a, b) => a - b) };
  const centre = centreLine(base);
  for (const row of rows) {
    // Cells past the grid's width only exist for seats that lie there; keep them for validation.
    const last = row.cells.findLastIndex((c) => c !== null);
    row.cells = row.cells.slice(0, Math.max(layout.cols, last + 1));
    row.numbering = detectNumbering(row.cells, centre);
  }
  return {
    ...base,
    rows,
    screenAt: layout.screenAt,
    note: layout.note ?? '',
    labelling: detectLabelling(rows, layout.screenAt),
  };
}
