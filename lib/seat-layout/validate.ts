import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS } from '@/lib/schemas/layout';
import {
  type Cell,
  type DraftRow,
  type LayoutDraft,
  rowHasSeats,
  seatAt,
  seatsOf,
} from '@/lib/seat-layout/draft';
import { ROW_LABEL_PATTERN } from '@/lib/seat-layout/labels';
import { MAX_SEAT_NUMBER } from '@/lib/seat-layout/numbering';

// What makes a layout unfit to sell, checked the same way in the editor (as you draw) and on the
// server (before anything is written: the client is never trusted). Each problem names the cells
// (or rows) it is about, so the editor can point at them.

export type LayoutProblemCode =
  | 'grid-size'
  | 'no-seats'
  | 'seat-outside-grid'
  | 'aisle-outside-grid'
  | 'seat-in-aisle'
  | 'row-label-missing'
  | 'row-label-invalid'
  | 'row-label-duplicate'
  | 'seat-number-invalid'
  | 'seat-number-duplicate'
  | 'wheelchair-without-companion'
  | 'companion-without-wheelchair'
  | 'no-wheelchair-space';

export type LayoutProblem = {
  code: LayoutProblemCode;
  /** Errors stop the layout from being saved; warnings are worth a look. */
  severity: 'error' | 'warning';
  message: string;
  /** The cells the problem is about, first the one to look at. */
  cells: Cell[];
  /** The grid rows it is about (for row-level problems, with their first seat in `cells`). */
  rows: number[];
};

/** How a person finds a cell: "seat G4" when it has a label and a number, else its grid position. */
function describeCell(draft: LayoutDraft, cell: Cell): string {
  const row = draft.rows[cell.row];
  const seat = seatAt(draft, cell);
  if (row?.label && seat && seat.number >= 1) return `seat ${row.label}${seat.number}`;
  return `the cell in grid row ${cell.row + 1}, column ${cell.col + 1}`;
}

function describeRow(draft: LayoutDraft, r: number): string {
  const label = draft.rows[r]?.label;
  return label ? `row ${label}` : `grid row ${r + 1}`;
}

const firstSeat = (row: DraftRow, r: number): Cell[] => {
  const col = row.cells.findIndex((c) => c !== null);
  return col < 0 ? [] : [{ row: r, col }];
};

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export function validateDraft(draft: LayoutDraft): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const error = (code: LayoutProblemCode, message: string, cells: Cell[] = [], rows: number[] = []) =>
    problems.push({ code, severity: 'error', message, cells, rows });

  const rowCount = draft.rows.length;
  if (rowCount < 1 || rowCount > LAYOUT_MAX_ROWS || draft.cols < 1 || draft.cols > LAYOUT_MAX_COLS) {
    error(
      'grid-size',
      `A screen's grid has 1 to ${LAYOUT_MAX_ROWS} rows and 1 to ${LAYOUT_MAX_COLS} columns; this one has ${rowCount} × ${draft.cols}.`,
    );
  }

  const outside = [...seatsOf(draft)]
    .filter((s) => s.col >= draft.cols)
    .map(({ row, col }) => ({ row, col }));
  if (outside.length) {
    error(
      'seat-outside-grid',
      `${outside.length === 1 ? 'A seat stands' : `${outside.length} seats stand`} outside the grid's ${draft.cols} columns (${list(outside.slice(0, 3).map((c) => describeCell(draft, c)))}${outside.length > 3 ? ', …' : ''}).`,
      outside,
    );
  }

  const badAisles = draft.aisleCols.filter((a) => !Number.isInteger(a) || a < 0 || a >= draft.cols);
  if (badAisles.length) {
    error(
      'aisle-outside-grid',
      `Aisle column${badAisles.length > 1 ? 's' : ''} ${list(badAisles.map((a) => String(a + 1)))} lie outside the grid.`,
    );
  }

  const aisles = new Set(draft.aisleCols);
  const inAisle = [...seatsOf(draft)].filter((s) => aisles.has(s.col)).map(({ row, col }) => ({ row, col }));
  if (inAisle.length) {
    error(
      'seat-in-aisle',
      `${inAisle.length === 1 ? 'A seat stands' : `${inAisle.length} seats stand`} in an aisle (${list(inAisle.slice(0, 3).map((c) => describeCell(draft, c)))}${inAisle.length > 3 ? ', …' : ''}): erase ${inAisle.length === 1 ? 'it' : 'them'} or unmark the aisle.`,
      inAisle,
    );
  }

  if (![...seatsOf(draft)].length) {
    error('no-seats', 'The layout has no seats yet: paint some, or start from a template.');
  }

  // Row labels: present, printable, and unique among rows with seats.
  const byLabel = new Map<string, number[]>();
  draft.rows.forEach((row, r) => {
    if (!rowHasSeats(row)) return;
    if (!row.label) {
      error(
        'row-label-missing',
        `Grid row ${r + 1} has seats but no label: name it, or relabel the rows.`,
        firstSeat(row, r),
        [r],
      );
      return;
    }
    if (!ROW_LABEL_PATTERN.test(row.label)) {
      error(
        'row-label-invalid',
        `Row label “${row.label}” (grid row ${r + 1}) must be 1 to 4 capital letters or digits.`,
        firstSeat(row, r),
        [r],
      );
    }
    byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), r]);
  });
  for (const [label, rows] of byLabel) {
    if (rows.length < 2) continue;
    error(
      'row-label-duplicate',
      `${rows.length} rows are labelled “${label}” (grid rows ${list(rows.map((r) => String(r + 1)))}): row labels must be unique.`,
      rows.flatMap((r) => firstSeat(draft.rows[r] as DraftRow, r)),
      rows,
    );
  }

  // Seat numbers: whole, in range, and unique within their row.
  draft.rows.forEach((row, r) => {
    const invalid: Cell[] = [];
    const byNumber = new Map<number, Cell[]>();
    row.cells.forEach((seat, col) => {
      if (!seat) return;
      if (!Number.isInteger(seat.number) || seat.number < 1 || seat.number > MAX_SEAT_NUMBER) {
        invalid.push({ row: r, col });
        return;
      }
      byNumber.set(seat.number, [...(byNumber.get(seat.number) ?? []), { row: r, col }]);
    });
    if (invalid.length) {
      error(
        'seat-number-invalid',
        `In ${describeRow(draft, r)}, ${invalid.length === 1 ? 'a seat has a number' : `${invalid.length} seats have numbers`} outside 1–${MAX_SEAT_NUMBER}.`,
        invalid,
        [r],
      );
    }
    for (const [number, cells] of byNumber) {
      if (cells.length < 2) continue;
      error(
        'seat-number-duplicate',
        `In ${describeRow(draft, r)}, ${cells.length} seats are numbered ${number} (columns ${list(cells.map((c) => String(c.col + 1)))}): renumber the row.`,
        cells,
        [r],
      );
    }
  });

  // Accessible seating: a wheelchair space comes with a companion seat right beside it, in its row,
  // and a companion seat exists only beside a wheelchair space (server/booking/seat-rules.ts sells
  // them together).
  let wheelchairs = 0;
  for (const { row, col, seat } of seatsOf(draft)) {
    if (seat.kind === 'STANDARD') continue;
    const neighbours = [seatAt(draft, { row, col: col - 1 }), seatAt(draft, { row, col: col + 1 })];
    const cell = { row, col };
    if (seat.kind === 'WHEELCHAIR') {
      wheelchairs++;
      if (!neighbours.some((n) => n?.kind === 'COMPANION')) {
        error(
          'wheelchair-without-companion',
          `The wheelchair space at ${describeCell(draft, cell)} needs a companion seat right beside it in the same row.`,
          [cell],
          [row],
        );
      }
    } else if (!neighbours.some((n) => n?.kind === 'WHEELCHAIR')) {
      error(
        'companion-without-wheelchair',
        `The companion seat at ${describeCell(draft, cell)} is not beside a wheelchair space: put one next to it, or make it an ordinary seat.`,
        [cell],
        [row],
      );
    }
  }
  if (wheelchairs === 0 && problems.every((p) => p.code !== 'no-seats')) {
    problems.push({
      code: 'no-wheelchair-space',
      severity: 'warning',
      message: 'There is no wheelchair space. Most halls need some, each with a companion seat beside it.',
      cells: [],
      rows: [],
    });
  }
  return problems;
}

export const blockingProblems = (problems: readonly LayoutProblem[]) =>
  problems.filter((p) => p.severity === 'error');
