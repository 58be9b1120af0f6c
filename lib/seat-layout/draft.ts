import type { SeatCategoryName, SeatKindName } from '@/lib/seat-map';

// The seat-layout editor's working copy of a screen: a grid of rows, each cell a seat or nothing
// (an aisle or a gap). Pure data, the same on both sides: the editor changes it through
// operations.ts, the server checks it with validate.ts, and convert.ts turns it into exactly what
// the database stores (ScreenLayout JSON and seat rows) and back. A seat is known by its grid cell
// (row index, column), which is also unique per screen in the `seats` table: comparing two
// versions of a layout cell by cell says which stored seat an edit touches.

export const SEAT_CATEGORIES = [
  'STANDARD',
  'PREMIUM',
  'RECLINER',
] as const satisfies readonly SeatCategoryName[];
export const SEAT_KINDS = ['STANDARD', 'WHEELCHAIR', 'COMPANION'] as const satisfies readonly SeatKindName[];

export type SeatCategory = (typeof SEAT_CATEGORIES)[number];
export type SeatKind = (typeof SEAT_KINDS)[number];

export type DraftSeat = {
  /** Printed on the chair; unique within its row. Kept in step with the row's numbering scheme. */
  number: number;
  category: SeatCategory;
  kind: SeatKind;
  /** Out of service: drawn, never sold. */
  blocked: boolean;
};

/**
 * How a row's seats are numbered. Seats are numbered along the row on the drawing as seen with
 * the screen at the top (left is the audience's left when they face a screen drawn at the top).
 * - `left-to-right` / `right-to-left`: from `start`; with `blockStep` > 0 every block of seats
 *   between aisles or gaps restarts, at start, start + blockStep, start + 2 × blockStep, …
 * - `odd-even`: from the centre aisle outwards, odd numbers on one side, even on the other
 *   (1, 3, 5… and 2, 4, 6…), as many Indian and European halls do.
 * - `manual`: the numbers stay as they are; a new seat takes the next free number.
 */
export type RowNumbering =
  | { order: 'left-to-right' | 'right-to-left'; start: number; blockStep: number }
  | { order: 'odd-even'; oddOn: 'left' | 'right' }
  | { order: 'manual' };

/**
 * How rows are labelled: A, B, C… (optionally skipping I and O, which read as 1 and 0) or 1, 2,
 * 3…, from the row nearest the screen or from the back. Rows without seats (cross-aisles) get no
 * label. `manual`: labels stay as typed.
 */
export type RowLabelling =
  | { style: 'letters'; skipIO: boolean; from: 'screen' | 'back' }
  | { style: 'numbers'; from: 'screen' | 'back' }
  | { style: 'manual' };

export type DraftRow = {
  /** Empty for a row without seats; a row with seats needs a unique one. */
  label: string;
  /** One entry per grid column: a seat, or null for an aisle or a gap. */
  cells: (DraftSeat | null)[];
  numbering: RowNumbering;
  /** Staggered rows: shifted sideways by this many seats (−0.5 … 0.5) when drawn. */
  offset: number;
  /** Curved rows: how much the row's ends bow towards the screen when drawn (0 … 1). */
  curve: number;
};

export type LayoutDraft = {
  cols: number;
  /** Grid rows in order from row 0; `screenAt` says which end the screen is at. */
  rows: DraftRow[];
  /** Walkway columns (sorted): no seat stands in them, and they split blocks. */
  aisleCols: number[];
  screenAt: 'top' | 'bottom';
  note: string;
  labelling: RowLabelling;
};

export type Cell = { row: number; col: number };

export const DEFAULT_NUMBERING: RowNumbering = { order: 'left-to-right', start: 1, blockStep: 0 };
export const DEFAULT_LABELLING: RowLabelling = { style: 'letters', skipIO: false, from: 'screen' };

/** Every seat of the draft with where it is, in reading order. */
export function* seatsOf(draft: LayoutDraft): Generator<{ row: number; col: number; seat: DraftSeat }> {
  for (let row = 0; row < draft.rows.length; row++) {
    const cells = (draft.rows[row] as DraftRow).cells;
    for (let col = 0; col < cells.length; col++) {
      const seat = cells[col];
      if (seat) yield { row, col, seat };
    }
  }
}

export function seatAt(draft: LayoutDraft, cell: Cell): DraftSeat | null {
  return draft.rows[cell.row]?.cells[cell.col] ?? null;
}

export function rowHasSeats(row: DraftRow): boolean {
  return row.cells.some((c) => c !== null);
}

export function emptyRow(cols: number, numbering: RowNumbering = DEFAULT_NUMBERING): DraftRow {
  return { label: '', cells: Array.from({ length: cols }, () => null), numbering, offset: 0, curve: 0 };
}
