import { describe, expect, it } from 'vitest';
import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS } from '@/lib/schemas/layout';
import { rectangle, rowCells } from '@/lib/seat-layout/cells';
import type { Cell, DraftRow, LayoutDraft } from '@/lib/seat-layout/draft';
import { labelsFor, letterLabel } from '@/lib/seat-layout/labels';
import { centreLine, numbersFor } from '@/lib/seat-layout/numbering';
import {
  eraseCells,
  fillSeats,
  insertCols,
  insertRows,
  mirror,
  relabelRows,
  removeCols,
  removeRows,
  renumberRows,
  setAisles,
  setBlocked,
  setCategory,
  setKind,
  setRowLabel,
  setRowShape,
  setSeatNumber,
} from '@/lib/seat-layout/operations';
import { blankDraft } from '@/lib/seat-layout/templates';

// The layout model's operations, numbering and labelling, on small grids drawn in ASCII:
// `#` a seat, `.` a gap. Validation and conversion have their own files.

/** A draft from rows of `#` and `.`, labelled and numbered by the default schemes. */
function draw(...lines: string[]): LayoutDraft {
  const cols = Math.max(...lines.map((l) => l.length));
  let d = blankDraft(lines.length, cols);
  const seats: Cell[] = [];
  lines.forEach((line, row) => {
    [...line].forEach((ch, col) => {
      if (ch === '#') seats.push({ row, col });
    });
  });
  d = fillSeats(d, seats);
  return d;
}

/** The row's numbers as text, `.` for a gap: "1 2 . 3". */
const numbers = (d: LayoutDraft, row: number) =>
  (d.rows[row] as DraftRow).cells.map((s) => (s ? String(s.number) : '.')).join(' ');
const labels = (d: LayoutDraft) => d.rows.map((r) => r.label || '-').join(' ');

describe('row labels', () => {
  it('counts A … Z, AA, AB … and can leave out I and O', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map((i) => letterLabel(i))).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
    ]);
    expect(letterLabel(7, true)).toBe('H');
    expect(letterLabel(8, true)).toBe('J'); // I skipped
    expect(letterLabel(13, true)).toBe('P'); // O skipped too
    expect(letterLabel(23, true)).toBe('Z');
    expect(letterLabel(24, true)).toBe('AA');
  });

  it('labels only rows with seats, from the screen or from the back, wherever the screen is drawn', () => {
    const d = draw('###', '...', '###', '###');
    expect(labels(d)).toBe('A - B C');
    expect(labelsFor(d.rows, { style: 'letters', skipIO: false, from: 'back' }, 'top')).toEqual([
      'C',
      '',
      'B',
      'A',
    ]);
    expect(labelsFor(d.rows, { style: 'numbers', from: 'screen' }, 'top')).toEqual(['1', '', '2', '3']);
    // Screen at the bottom: the last grid row is the front row.
    expect(labelsFor(d.rows, { style: 'letters', skipIO: false, from: 'screen' }, 'bottom')).toEqual([
      'C',
      '',
      'B',
      'A',
    ]);
  });

  it('relabels by a scheme and keeps doing so as rows come and go', () => {
    let d = draw('##', '##', '##');
    d = relabelRows(d, { style: 'numbers', from: 'back' });
    expect(labels(d)).toBe('3 2 1');
    d = insertRows(d, 1);
    d = fillSeats(d, rowCells(d, 1));
    expect(labels(d)).toBe('4 3 2 1');
  });

  it('a typed label makes labelling manual: other rows keep theirs, a new row has none until named', () => {
    let d = draw('##', '##');
    d = setRowLabel(d, 1, ' vip ');
    expect(labels(d)).toBe('A VIP');
    expect(d.labelling).toEqual({ style: 'manual' });
    d = insertRows(d, 0);
    d = fillSeats(d, rowCells(d, 0));
    expect(labels(d)).toBe('- A VIP');
  });
});

describe('seat numbering', () => {
  it('runs left to right or right to left across gaps and aisles', () => {
    const d = draw('##.###.#');
    expect(numbers(d, 0)).toBe('1 2 . 3 4 5 . 6');
    const rtl = renumberRows(d, [0], { order: 'right-to-left', start: 1, blockStep: 0 });
    expect(numbers(rtl, 0)).toBe('6 5 . 4 3 2 . 1');
    const from101 = renumberRows(d, [0], { order: 'left-to-right', start: 101, blockStep: 0 });
    expect(numbers(from101, 0)).toBe('101 102 . 103 104 105 . 106');
  });

  it('restarts in every block when asked (block 1 from 1, block 2 from 101, …)', () => {
    const d = renumberRows(draw('##.###.#'), [0], { order: 'left-to-right', start: 1, blockStep: 100 });
    expect(numbers(d, 0)).toBe('1 2 . 101 102 103 . 201');
    const rtl = renumberRows(d, [0], { order: 'right-to-left', start: 1, blockStep: 100 });
    expect(numbers(rtl, 0)).toBe('202 201 . 103 102 101 . 1');
  });

  it('numbers odd and even outwards from the centre aisle', () => {
    let d = setAisles(draw('###########'), [5], true);
    expect(centreLine(d)).toBe(5);
    d = renumberRows(d, [0], { order: 'odd-even', oddOn: 'right' });
    expect(numbers(d, 0)).toBe('10 8 6 4 2 . 1 3 5 7 9');
    d = renumberRows(d, [0], { order: 'odd-even', oddOn: 'left' });
    expect(numbers(d, 0)).toBe('9 7 5 3 1 . 2 4 6 8 10');
  });

  it('without an aisle near the middle, counts from the middle of the grid', () => {
    // Aisles at 1 and 6 of 8 columns are side aisles, far from the middle (3.5).
    const d = setAisles(draw('########'), [1, 6], true);
    expect(centreLine(d)).toBe(3.5);
    const odd = renumberRows(d, [0], { order: 'odd-even', oddOn: 'right' });
    expect(numbers(odd, 0)).toBe('6 . 4 2 1 3 . 5');
  });

  it('manual numbers stay; a new seat takes the next free number', () => {
    let d = setSeatNumber(draw('###.'), { row: 0, col: 0 }, 7);
    expect(numbers(d, 0)).toBe('7 2 3 .');
    expect((d.rows[0] as DraftRow).numbering).toEqual({ order: 'manual' });
    d = fillSeats(d, [{ row: 0, col: 3 }]);
    expect(numbers(d, 0)).toBe('7 2 3 8');
    expect(
      numbersFor(
        [null, { number: 0, category: 'STANDARD', kind: 'STANDARD', blocked: false }],
        { order: 'manual' },
        0,
      ),
    ).toEqual([null, 1]);
  });
});

describe('editing operations', () => {
  it('paints seats on empty cells but never in an aisle, and numbers them', () => {
    let d = setAisles(blankDraft(1, 5), [2], true);
    d = fillSeats(d, rowCells(d, 0), 'PREMIUM');
    expect(numbers(d, 0)).toBe('1 2 . 3 4');
    expect((d.rows[0] as DraftRow).cells.filter(Boolean).every((s) => s?.category === 'PREMIUM')).toBe(true);
  });

  it('erasing leaves a gap and renumbers the row', () => {
    const d = eraseCells(draw('######'), [{ row: 0, col: 2 }]);
    expect(numbers(d, 0)).toBe('1 2 . 3 4 5');
  });

  it('changes category, kind and blocked on seats only, and leaves untouched rows as they were', () => {
    const d = draw('###', '#.#', '###');
    const next = setCategory(d, rectangle({ row: 0, col: 0 }, { row: 1, col: 2 }), 'RECLINER');
    expect(next.rows[1]?.cells[1]).toBeNull(); // the gap is not filled
    expect(next.rows[1]?.cells[0]?.category).toBe('RECLINER');
    expect(next.rows[2]).toBe(d.rows[2]); // untouched rows keep their identity (cheap undo, cheap redraw)
    const kinds = setKind(next, [{ row: 0, col: 0 }], 'WHEELCHAIR');
    expect(kinds.rows[0]?.cells[0]?.kind).toBe('WHEELCHAIR');
    const blocked = setBlocked(kinds, [{ row: 2, col: 1 }], true);
    expect(blocked.rows[2]?.cells[1]?.blocked).toBe(true);
    // An operation that changes nothing returns the very same draft: not an undo step.
    expect(setCategory(next, [{ row: 0, col: 0 }], 'RECLINER')).toBe(next);
    expect(setKind(d, [{ row: 1, col: 1 }], 'COMPANION')).toBe(d);
  });

  it('marking an aisle removes the seats standing in it; unmarking frees the column', () => {
    const d = setAisles(draw('#####', '#####'), [2], true);
    expect(d.aisleCols).toEqual([2]);
    expect(numbers(d, 0)).toBe('1 2 . 3 4');
    const back = setAisles(d, [2], false);
    expect(back.aisleCols).toEqual([]);
    expect(numbers(fillSeats(back, [{ row: 1, col: 2 }]), 1)).toBe('1 2 3 4 5');
  });

  it('inserts and removes rows, within the bounds of a screen', () => {
    const d = draw('##', '##');
    const more = insertRows(d, 1, 2);
    expect(more.rows).toHaveLength(4);
    expect(labels(more)).toBe('A - - B');
    expect(insertRows(blankDraft(LAYOUT_MAX_ROWS, 2), 0)).toHaveProperty('rows.length', LAYOUT_MAX_ROWS);
    expect(insertRows(blankDraft(LAYOUT_MAX_ROWS - 1, 2), 0, 5).rows).toHaveLength(LAYOUT_MAX_ROWS);
    expect(labels(removeRows(more, [0]))).toBe('- - A');
    expect(removeRows(d, [0, 1]).rows).toHaveLength(1);
  });

  it('inserts and removes columns, moving aisles with the seats beside them', () => {
    const d = setAisles(draw('#####'), [2], true);
    const wider = insertCols(d, 1, 2);
    expect(wider.cols).toBe(7);
    expect(wider.aisleCols).toEqual([4]);
    expect(numbers(wider, 0)).toBe('1 . . 2 . 3 4');
    const narrower = removeCols(wider, [0, 4]);
    expect(narrower.cols).toBe(5);
    expect(narrower.aisleCols).toEqual([]);
    expect(numbers(narrower, 0)).toBe('. . 1 2 3');
    expect(insertCols(blankDraft(1, LAYOUT_MAX_COLS), 0).cols).toBe(LAYOUT_MAX_COLS);
    expect(removeCols(d, [0, 1, 2, 3, 4])).toBe(d);
  });

  it('mirrors the whole plan left to right, aisles and staggered rows included', () => {
    let d = setAisles(draw('##.####', '#######'), [2], true);
    d = setKind(d, [{ row: 0, col: 0 }], 'WHEELCHAIR');
    d = setRowShape(d, [1], { offset: 0.5 });
    const m = mirror(d, 'horizontal');
    expect(m.aisleCols).toEqual([4]);
    expect(m.rows[0]?.cells[6]?.kind).toBe('WHEELCHAIR');
    expect(numbers(m, 0)).toBe('1 2 3 4 . 5 6');
    expect(m.rows[1]?.offset).toBe(-0.5);
  });

  it('mirrors a selection in place; aisles stay unless the selection spans every row', () => {
    let d = setAisles(draw('####.', '####.'), [4], true);
    d = setCategory(d, [{ row: 0, col: 0 }], 'PREMIUM');
    const m = mirror(d, 'horizontal', rectangle({ row: 0, col: 0 }, { row: 0, col: 3 }));
    expect(m.rows[0]?.cells[3]?.category).toBe('PREMIUM');
    expect(m.rows[1]).toBe(d.rows[1]);
    expect(m.aisleCols).toEqual([4]);
    const v = mirror(d, 'vertical');
    expect(v.rows[1]?.cells[0]?.category).toBe('PREMIUM');
    expect(labels(v)).toBe('A B');
  });

  it('staggers and curves rows within limits, without touching seats', () => {
    const d = draw('###', '###');
    const s = setRowShape(d, [0, 1], { offset: 2, curve: -1 });
    expect(s.rows.map((r) => [r.offset, r.curve])).toEqual([
      [0.5, 0],
      [0.5, 0],
    ]);
    expect(s.rows[0]?.cells).toBe(d.rows[0]?.cells);
    expect(setRowShape(s, [0], { offset: 0.5 })).toBe(s);
  });
});
