import type { DraftRow, DraftSeat, LayoutDraft, RowNumbering } from '@/lib/seat-layout/draft';

/** The largest seat number: four digits fit on a chair plate and a ticket. */
export const MAX_SEAT_NUMBER = 9999;

/**
 * The column the odd/even scheme counts outwards from: the aisle nearest the middle of the grid
 * when it is close to the middle (within an eighth of the width), else the middle itself (a
 * half column when the width is even). A seat on the line counts as the first on the odd side.
 */
export function centreLine(draft: Pick<LayoutDraft, 'cols' | 'aisleCols'>): number {
  const middle = (draft.cols - 1) / 2;
  let best: number | null = null;
  for (const a of draft.aisleCols) {
    if (Math.abs(a - middle) > draft.cols / 8) continue;
    if (best === null || Math.abs(a - middle) < Math.abs(best - middle)) best = a;
  }
  return best ?? middle;
}

/** Columns holding a seat, split into blocks wherever a gap or an aisle separates them. */
function blocksOf(cells: readonly (DraftSeat | null)[]): number[][] {
  const blocks: number[][] = [];
  let current: number[] = [];
  cells.forEach((seat, col) => {
    if (!seat) {
      if (current.length) blocks.push(current);
      current = [];
      return;
    }
    current.push(col);
  });
  if (current.length) blocks.push(current);
  return blocks;
}

/**
 * The number each seat of a row gets under a scheme, by column (null where there is no seat).
 * `manual` keeps numbers that are valid and gives the others (new seats) the next free ones.
 */
export function numbersFor(
  cells: readonly (DraftSeat | null)[],
  scheme: RowNumbering,
  centre: number,
): (number | null)[] {
  const out: (number | null)[] = cells.map(() => null);
  switch (scheme.order) {
    case 'left-to-right':
    case 'right-to-left': {
      const blocks = blocksOf(cells);
      const ordered =
        scheme.order === 'left-to-right' ? blocks : blocks.map((b) => [...b].reverse()).reverse();
      let n = scheme.start;
      ordered.forEach((block, b) => {
        if (scheme.blockStep > 0) n = scheme.start + b * scheme.blockStep;
        for (const col of block) out[col] = n++;
      });
      return out;
    }
    case 'odd-even': {
      const right: number[] = [];
      const left: number[] = [];
      cells.forEach((seat, col) => {
        if (seat) (col >= centre ? right : left).push(col);
      });
      left.reverse(); // outwards from the centre
      const [odd, even] = scheme.oddOn === 'right' ? [right, left] : [left, right];
      odd.forEach((col, i) => {
        out[col] = 2 * i + 1;
      });
      even.forEach((col, i) => {
        out[col] = 2 * i + 2;
      });
      return out;
    }
    case 'manual': {
      const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_SEAT_NUMBER;
      const used = new Set<number>();
      for (const seat of cells) if (seat && valid(seat.number)) used.add(seat.number);
      let next = used.size ? Math.max(...used) + 1 : 1;
      cells.forEach((seat, col) => {
        if (!seat) return;
        if (valid(seat.number)) out[col] = seat.number;
        else {
          while (used.has(next)) next++;
          used.add(next);
          out[col] = next;
        }
      });
      return out;
    }
  }
}

/** The row with its seats numbered by its own scheme; the same object when nothing changes. */
export function renumberRow(row: DraftRow, centre: number): DraftRow {
  const numbers = numbersFor(row.cells, row.numbering, centre);
  if (row.cells.every((seat, col) => !seat || seat.number === numbers[col])) return row;
  return {
    ...row,
    cells: row.cells.map((seat, col) => (seat ? { ...seat, number: numbers[col] as number } : null)),
  };
}

/** Numbering schemes, most usual first: what a draft made from existing seats is tested against. */
const NUMBERING_SCHEMES: readonly Exclude<RowNumbering, { order: 'manual' }>[] = [
  { order: 'left-to-right', start: 1, blockStep: 0 },
  { order: 'right-to-left', start: 1, blockStep: 0 },
  { order: 'odd-even', oddOn: 'right' },
  { order: 'odd-even', oddOn: 'left' },
  { order: 'left-to-right', start: 1, blockStep: 100 },
  { order: 'right-to-left', start: 1, blockStep: 100 },
];

/** The scheme a row's numbers follow, or `manual` when none does. */
export function detectNumbering(cells: readonly (DraftSeat | null)[], centre: number): RowNumbering {
  for (const scheme of NUMBERING_SCHEMES) {
    const numbers = numbersFor(cells, scheme, centre);
    if (cells.every((seat, col) => !seat || seat.number === numbers[col])) return scheme;
  }
  return { order: 'manual' };
}
