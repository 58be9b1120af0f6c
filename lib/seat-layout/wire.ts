import {
  type DraftRow,
  type DraftSeat,
  type LayoutDraft,
  type RowLabelling,
  type RowNumbering,
  SEAT_CATEGORIES,
  SEAT_KINDS,
} from '@/lib/seat-layout/draft';
import { normalize } from '@/lib/seat-layout/operations';

// A draft as it travels to the server and into sessionStorage: one character per cell instead of
// an object per seat. Server actions take at most 64 KB (next.config.ts, server/http/request-gate.ts);
// a 1,500-seat hall as objects is about 100 KB, as text under 10 KB, and the largest grid the
// schema allows (60 × 80, every row numbered by hand) about 35 KB. Numbers travel only for rows
// numbered by hand: every other row's numbers follow from its scheme, and the server derives them
// with the same code the editor used (normalize()), so nothing the client says about them is trusted.

/** One character per seat state: category × kind × blocked, in this order; '.' is a gap. */
const SEAT_CODES = 'ABCDEFGHIJKLMNOPQR';
const GAP_CODE = '.';
export const CELL_PATTERN = /^[.A-R]*$/;

export type WireRow = {
  label: string;
  cells: string;
  numbering: RowNumbering;
  /** Only for `manual` numbering: the seats' numbers, left to right. */
  numbers?: number[];
  offset: number;
  curve: number;
};

export type WireDraft = {
  cols: number;
  rows: WireRow[];
  aisleCols: number[];
  screenAt: LayoutDraft['screenAt'];
  note: string;
  labelling: RowLabelling;
};

function seatCode(seat: DraftSeat): string {
  const index =
    SEAT_CATEGORIES.indexOf(seat.category) * 6 + SEAT_KINDS.indexOf(seat.kind) * 2 + (seat.blocked ? 1 : 0);
  return SEAT_CODES[index] as string;
}

function seatFromCode(code: string): DraftSeat | null {
  const index = SEAT_CODES.indexOf(code);
  if (index < 0) return null;
  return {
    number: 0,
    category: SEAT_CATEGORIES[Math.floor(index / 6)] as DraftSeat['category'],
    kind: SEAT_KINDS[Math.floor((index % 6) / 2)] as DraftSeat['kind'],
    blocked: index % 2 === 1,
  };
}

export function encodeDraft(draft: LayoutDraft): WireDraft {
  return {
    cols: draft.cols,
    aisleCols: [...draft.aisleCols],
    screenAt: draft.screenAt,
    note: draft.note,
    labelling: draft.labelling,
    rows: draft.rows.map((row) => ({
      label: row.label,
      cells: row.cells.map((seat) => (seat ? seatCode(seat) : GAP_CODE)).join(''),
      numbering: row.numbering,
      ...(row.numbering.order === 'manual'
        ? { numbers: row.cells.flatMap((seat) => (seat ? [seat.number] : [])) }
        : {}),
      offset: row.offset,
      curve: row.curve,
    })),
  };
}

/** The seats of a row's cell string (for checking `numbers` against it). */
export const seatCount = (cells: string) => cells.length - cells.split(GAP_CODE).length + 1;

/**
 * The draft a wire draft stands for, numbered and labelled by its schemes. Assumes a well-formed
 * input (the zod schema in lib/schemas/venues.ts checks it): cell codes from CELL_PATTERN and, for
 * hand-numbered rows, one number per seat.
 */
export function decodeDraft(wire: WireDraft): LayoutDraft {
  const rows: DraftRow[] = wire.rows.map((row) => {
    const numbers = row.numbers ?? [];
    let n = 0;
    const cells = [...row.cells].map((code) => {
      const seat = seatFromCode(code);
      if (seat && row.numbering.order === 'manual') seat.number = numbers[n++] ?? 0;
      return seat;
    });
    // A short row is a row whose last cells are gaps.
    while (cells.length < wire.cols) cells.push(null);
    return { label: row.label, cells, numbering: row.numbering, offset: row.offset, curve: row.curve };
  });
  return normalize({
    cols: wire.cols,
    rows,
    aisleCols: [...wire.aisleCols].sort((a, b) => a - b),
    screenAt: wire.screenAt,
    note: wire.note,
    labelling: wire.labelling,
  });
}
