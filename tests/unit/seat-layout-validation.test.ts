import { describe, expect, it } from 'vitest';
import { rowCells } from '@/lib/seat-layout/cells';
import type { DraftRow, LayoutDraft } from '@/lib/seat-layout/draft';
import { fillSeats, insertRows, setKind, setRowLabel, setSeatNumber } from '@/lib/seat-layout/operations';
import { blankDraft, LAYOUT_TEMPLATES, templateDraft } from '@/lib/seat-layout/templates';
import { type LayoutProblem, validateDraft } from '@/lib/seat-layout/validate';

// Layout validation: each rule fails on the smallest draft that breaks it, names the cells, and
// says in words which seat is wrong and what to do.

const errors = (d: LayoutDraft) => validateDraft(d).filter((p) => p.severity === 'error');
const only = (d: LayoutDraft, code: LayoutProblem['code']) => validateDraft(d).filter((p) => p.code === code);
const seats = (rows: number, cols: number) => blankDraft(rows, cols, { filled: true });
/** A valid small hall: 3 × 6, wheelchair space A1 with companion A2. */
const hall = () => {
  let d = seats(3, 6);
  d = setKind(d, [{ row: 0, col: 0 }], 'WHEELCHAIR');
  return setKind(d, [{ row: 0, col: 1 }], 'COMPANION');
};

describe('layout validation', () => {
  it('finds nothing wrong with a sound hall or any template', () => {
    expect(validateDraft(hall())).toEqual([]);
    for (const t of LAYOUT_TEMPLATES) expect(validateDraft(templateDraft(t.key)), t.key).toEqual([]);
  });

  it('a wheelchair space needs a companion seat right beside it, in its row', () => {
    let d = setKind(hall(), [{ row: 1, col: 3 }], 'WHEELCHAIR');
    // A companion in the row behind does not count.
    d = setKind(d, [{ row: 2, col: 3 }], 'COMPANION');
    const [wheelchair] = only(d, 'wheelchair-without-companion');
    expect(wheelchair).toMatchObject({ severity: 'error', cells: [{ row: 1, col: 3 }], rows: [1] });
    expect(wheelchair?.message).toBe(
      'The wheelchair space at seat B4 needs a companion seat right beside it in the same row.',
    );
    expect(only(d, 'companion-without-wheelchair')).toMatchObject([{ cells: [{ row: 2, col: 3 }] }]);
    expect(only(d, 'companion-without-wheelchair')[0]?.message).toContain('seat C4');
    // A companion across a gap is not beside it either.
    const gap = fillSeats(blankDraft(1, 3), [
      { row: 0, col: 0 },
      { row: 0, col: 2 },
    ]);
    const split = setKind(
      setKind(gap, [{ row: 0, col: 0 }], 'WHEELCHAIR'),
      [{ row: 0, col: 2 }],
      'COMPANION',
    );
    expect(errors(split).map((p) => p.code)).toEqual([
      'wheelchair-without-companion',
      'companion-without-wheelchair',
    ]);
    // Fixed by a companion on either side.
    expect(errors(setKind(d, [{ row: 1, col: 4 }], 'COMPANION'))).toEqual(
      only(d, 'companion-without-wheelchair'),
    );
  });

  it('row labels must be present, printable and unique', () => {
    let d = setRowLabel(hall(), 2, 'A');
    const [dup] = only(d, 'row-label-duplicate');
    expect(dup).toMatchObject({
      rows: [0, 2],
      cells: [
        { row: 0, col: 0 },
        { row: 2, col: 0 },
      ],
    });
    expect(dup?.message).toBe('2 rows are labelled “A” (grid rows 1 and 3): row labels must be unique.');

    d = setRowLabel(hall(), 1, 'B-1');
    expect(only(d, 'row-label-invalid')).toMatchObject([{ rows: [1] }]);

    // In manual labelling a newly drawn row has no label until it is given one.
    d = insertRows(setRowLabel(hall(), 0, 'A'), 3);
    d = fillSeats(d, rowCells(d, 3));
    expect(only(d, 'row-label-missing')).toMatchObject([{ rows: [3], cells: [{ row: 3, col: 0 }] }]);
    expect(errors(setRowLabel(d, 3, 'D'))).toEqual([]);
  });

  it('seat numbers must be unique within their row and in range', () => {
    const d = setSeatNumber(hall(), { row: 1, col: 5 }, 2);
    expect(only(d, 'seat-number-duplicate')).toMatchObject([
      {
        cells: [
          { row: 1, col: 1 },
          { row: 1, col: 5 },
        ],
        message: 'In row B, 2 seats are numbered 2 (columns 2 and 6): renumber the row.',
      },
    ]);
    // The same number in another row is fine: seats are A2, B2, …
    expect(errors(setSeatNumber(hall(), { row: 1, col: 5 }, 99))).toEqual([]);
    const broken = structuredClone(hall());
    (broken.rows[2] as DraftRow).cells[0] = {
      number: 10_000,
      category: 'STANDARD',
      kind: 'STANDARD',
      blocked: false,
    };
    expect(only(broken, 'seat-number-invalid')).toMatchObject([{ cells: [{ row: 2, col: 0 }] }]);
  });

  it('no seat outside the grid or in an aisle, and the grid within a screen’s bounds', () => {
    const d = structuredClone(hall());
    (d.rows[1] as DraftRow).cells[7] = { number: 9, category: 'STANDARD', kind: 'STANDARD', blocked: false };
    d.aisleCols = [3, 9];
    const codes = errors(d).map((p) => p.code);
    expect(codes).toContain('seat-outside-grid');
    expect(codes).toContain('aisle-outside-grid');
    expect(codes).toContain('seat-in-aisle');
    expect(only(d, 'seat-outside-grid')[0]?.cells).toEqual([{ row: 1, col: 7 }]);
    expect(only(d, 'seat-in-aisle')[0]?.cells).toEqual([
      { row: 0, col: 3 },
      { row: 1, col: 3 },
      { row: 2, col: 3 },
    ]);

    const huge = structuredClone(hall());
    huge.rows = Array.from({ length: 61 }, () => structuredClone(huge.rows[1] as DraftRow));
    expect(only(huge, 'grid-size')[0]?.message).toContain('this one has 61 × 6');
  });

  it('a layout needs seats; without a wheelchair space it only warns', () => {
    expect(errors(blankDraft(3, 3)).map((p) => p.code)).toEqual(['no-seats']);
    expect(validateDraft(seats(2, 2))).toMatchObject([{ code: 'no-wheelchair-space', severity: 'warning' }]);
  });
});
