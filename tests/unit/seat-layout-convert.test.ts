import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenLayoutSchema } from '@/lib/schemas/layout';
import { rectangle } from '@/lib/seat-layout/cells';
import { fromScreenRecords, toScreenRecords } from '@/lib/seat-layout/convert';
import { type Cell, type LayoutDraft, SEAT_CATEGORIES } from '@/lib/seat-layout/draft';
import { canRedo, canUndo, record, redo, startHistory, undo } from '@/lib/seat-layout/history';
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
  setScreenAt,
  setSeatNumber,
} from '@/lib/seat-layout/operations';
import { summarizeDraft } from '@/lib/seat-layout/summary';
import { blankDraft, LAYOUT_TEMPLATES, templateDraft } from '@/lib/seat-layout/templates';
import { decodeDraft, encodeDraft } from '@/lib/seat-layout/wire';
import { buildScreen, SCREEN_TEMPLATES, type ScreenTemplateKey } from '@/prisma/seed-data/screens';

// The draft and the database, both ways: what toScreenRecords() gives is exactly what the seed
// writes for its auditoriums, and any draft survives a trip through the database unchanged.

describe('conversion to and from what the database stores', () => {
  for (const key of Object.keys(SCREEN_TEMPLATES) as ScreenTemplateKey[]) {
    it(`round-trips the seed's “${key}” auditorium exactly`, () => {
      const built = buildScreen(SCREEN_TEMPLATES[key]);
      const draft = fromScreenRecords(built.layout, built.seats);
      const back = toScreenRecords(draft);
      expect(back.layout).toEqual(built.layout);
      expect(back.seats).toEqual(built.seats.map((s) => ({ ...s, blocked: false })));
      expect(back.capacity).toBe(built.seats.length);
      // It is recognised as lettered from the screen and numbered left to right, so editing goes on
      // in the same style.
      expect(draft.labelling).toEqual({ style: 'letters', skipIO: false, from: 'screen' });
      expect(draft.rows.every((r) => r.numbering.order === 'left-to-right')).toBe(true);
      expect(templateDraft(key)).toEqual(draft);
    });
  }

  it('offers every seed auditorium as a template, named, with its note', () => {
    expect(LAYOUT_TEMPLATES.map((t) => t.key)).toEqual(Object.keys(SCREEN_TEMPLATES));
    for (const t of LAYOUT_TEMPLATES) {
      expect(t.name).not.toBe('');
      expect(t.description).toBe(SCREEN_TEMPLATES[t.key].note);
    }
  });

  it('writes a layout the ScreenLayout schema accepts unchanged, row shapes and note included', () => {
    let d = templateDraft('classic');
    d = setRowShape(d, [2], { offset: -0.5, curve: 0.25 });
    d = setBlocked(d, [{ row: 0, col: 6 }], true);
    d = { ...d, note: 'Staggered row C' };
    const { layout, seats } = toScreenRecords(d);
    expect(screenLayoutSchema.parse(layout)).toEqual(layout);
    expect(layout.rowShapes).toEqual([{ row: 2, offset: -0.5, curve: 0.25 }]);
    expect(seats.find((s) => s.rowIndex === 0 && s.col === 6)).toMatchObject({
      rowLabel: 'A',
      number: 2,
      blocked: true,
    });
    const again = fromScreenRecords(layout, seats);
    expect(again.rows[2]).toMatchObject({ offset: -0.5, curve: 0.25 });
    expect(again.note).toBe('Staggered row C');
  });

  it('keeps numbers and labels that follow no scheme exactly as stored', () => {
    const layout = screenLayoutSchema.parse({ rows: 2, cols: 4, aisleCols: [], screenAt: 'bottom' });
    const seat = { category: 'STANDARD', kind: 'STANDARD', blocked: false } as const;
    const seats = [
      { ...seat, rowLabel: 'BB', number: 14, rowIndex: 0, col: 0 },
      { ...seat, rowLabel: 'BB', number: 3, rowIndex: 0, col: 2 },
      { ...seat, rowLabel: 'Z', number: 1, rowIndex: 1, col: 3 },
    ];
    const d = fromScreenRecords(layout, seats);
    expect(d.labelling).toEqual({ style: 'manual' });
    expect(d.rows[0]?.numbering).toEqual({ order: 'manual' });
    expect(toScreenRecords(d).seats).toEqual(seats);
    expect(toScreenRecords(d).layout).toEqual(layout);
  });

  it('recognises labels from the back and odd/even numbering', () => {
    let d = setAisles(blankDraft(4, 9, { filled: true }), [4], true);
    d = relabelRows(d, { style: 'letters', skipIO: false, from: 'back' });
    d = renumberRows(d, [0, 1, 2, 3], { order: 'odd-even', oddOn: 'right' });
    const again = fromScreenRecords(toScreenRecords(d).layout, toScreenRecords(d).seats);
    expect(again.labelling).toEqual({ style: 'letters', skipIO: false, from: 'back' });
    expect(again.rows[0]?.numbering).toEqual({ order: 'odd-even', oddOn: 'right' });
  });

  it('a seat stored beyond the grid stays in the draft, where validation can point at it', () => {
    const layout = screenLayoutSchema.parse({ rows: 1, cols: 2 });
    const seat = { category: 'STANDARD', kind: 'STANDARD', rowLabel: 'A', rowIndex: 0 } as const;
    const d = fromScreenRecords(layout, [
      { ...seat, number: 1, col: 0 },
      { ...seat, number: 2, col: 4 },
    ]);
    expect(d.cols).toBe(2);
    expect(d.rows[0]?.cells).toHaveLength(5);
    expect(d.rows[0]?.cells[4]).toMatchObject({ number: 2 });
  });

  it('refuses stored seats that contradict each other', () => {
    const layout = screenLayoutSchema.parse({ rows: 1, cols: 3 });
    const seat = { category: 'STANDARD', kind: 'STANDARD', rowIndex: 0 } as const;
    expect(() =>
      fromScreenRecords(layout, [
        { ...seat, rowLabel: 'A', number: 1, col: 0 },
        { ...seat, rowLabel: 'B', number: 2, col: 1 },
      ]),
    ).toThrow(/two labels/);
    expect(() =>
      fromScreenRecords(layout, [
        { ...seat, rowLabel: 'A', number: 1, col: 0 },
        { ...seat, rowLabel: 'A', number: 2, col: 0 },
      ]),
    ).toThrow(/share grid cell/);
  });

  // Any sequence of editing operations gives a draft whose records survive the database unchanged,
  // and which the wire encoding carries exactly.
  it('round-trips any draft the editor can make', () => {
    const cell = fc.record({ row: fc.nat(7), col: fc.nat(11) });
    const cells = fc.array(cell, { maxLength: 12 });
    const area = fc.tuple(cell, cell).map(([a, b]) => rectangle(a, b));
    type Op = (d: LayoutDraft) => LayoutDraft;
    const op: fc.Arbitrary<Op> = fc.oneof(
      area.map((a) => (d: LayoutDraft) => fillSeats(d, a)),
      cells.map((c) => (d: LayoutDraft) => eraseCells(d, c)),
      fc.tuple(cells, fc.constantFrom(...SEAT_CATEGORIES)).map(
        ([c, k]) =>
          (d: LayoutDraft) =>
            setCategory(d, c, k),
      ),
      fc.tuple(cells, fc.constantFrom('STANDARD', 'WHEELCHAIR', 'COMPANION') as fc.Arbitrary<'STANDARD'>).map(
        ([c, k]) =>
          (d: LayoutDraft) =>
            setKind(d, c, k),
      ),
      fc.tuple(cells, fc.boolean()).map(
        ([c, b]) =>
          (d: LayoutDraft) =>
            setBlocked(d, c, b),
      ),
      fc.tuple(fc.array(fc.nat(11), { maxLength: 2 }), fc.boolean()).map(
        ([c, b]) =>
          (d: LayoutDraft) =>
            setAisles(d, c, b),
      ),
      fc.tuple(fc.nat(8), fc.integer({ min: 1, max: 2 })).map(
        ([at, n]) =>
          (d: LayoutDraft) =>
            insertRows(d, at, n),
      ),
      fc.array(fc.nat(8), { maxLength: 2 }).map((rows) => (d: LayoutDraft) => removeRows(d, rows)),
      fc.tuple(fc.nat(12), fc.integer({ min: 1, max: 2 })).map(
        ([at, n]) =>
          (d: LayoutDraft) =>
            insertCols(d, at, n),
      ),
      fc.array(fc.nat(12), { maxLength: 2 }).map((cols) => (d: LayoutDraft) => removeCols(d, cols)),
      fc.tuple(fc.nat(8), fc.stringMatching(/^[A-Z]{1,2}$/)).map(
        ([r, l]) =>
          (d: LayoutDraft) =>
            setRowLabel(d, r, l),
      ),
      fc
        .constantFrom(
          { style: 'letters', skipIO: true, from: 'back' } as const,
          { style: 'numbers', from: 'screen' } as const,
          { style: 'letters', skipIO: false, from: 'screen' } as const,
        )
        .map((s) => (d: LayoutDraft) => relabelRows(d, s)),
      fc
        .tuple(
          fc.array(fc.nat(8), { maxLength: 3 }),
          fc.constantFrom(
            { order: 'right-to-left', start: 1, blockStep: 0 } as const,
            { order: 'odd-even', oddOn: 'left' } as const,
            { order: 'left-to-right', start: 5, blockStep: 100 } as const,
          ),
        )
        .map(
          ([rows, scheme]) =>
            (d: LayoutDraft) =>
              renumberRows(d, rows, scheme),
        ),
      fc.tuple(cell, fc.integer({ min: 1, max: 40 })).map(
        ([c, n]) =>
          (d: LayoutDraft) =>
            setSeatNumber(d, c, n),
      ),
      fc
        .tuple(
          fc.array(fc.nat(8), { maxLength: 2 }),
          fc.double({ min: -0.5, max: 0.5, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        )
        .map(
          ([rows, offset, curve]) =>
            (d: LayoutDraft) =>
              setRowShape(d, rows, { offset, curve }),
        ),
      fc
        .tuple(
          fc.constantFrom('horizontal', 'vertical') as fc.Arbitrary<'horizontal'>,
          fc.option(area, { nil: undefined }),
        )
        .map(
          ([axis, a]) =>
            (d: LayoutDraft) =>
              mirror(d, axis, a),
        ),
      fc.constantFrom('top', 'bottom' as const).map((s) => (d: LayoutDraft) => setScreenAt(d, s as 'top')),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...LAYOUT_TEMPLATES.map((t) => t.key), 'blank'),
        fc.array(op, { maxLength: 25 }),
        (start, ops) => {
          let d = start === 'blank' ? blankDraft(6, 10) : templateDraft(start);
          for (const f of ops) d = f(d);
          const records = toScreenRecords(d);
          const again = fromScreenRecords(records.layout, records.seats);
          expect(toScreenRecords(again)).toEqual(records);
          // And through the wire (to the server, to sessionStorage) it comes back the very same.
          expect(decodeDraft(encodeDraft(d))).toEqual(d);
          expect(summarizeDraft(again)).toEqual(summarizeDraft(d));
          // Cells never hold more than the grid's width in a draft the editor made.
          expect(d.rows.every((r) => r.cells.length === d.cols)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('undo history', () => {
  it('undoes and redoes, forgets the redo branch on a new change, and ignores no-ops', () => {
    const a = blankDraft(2, 2);
    const b = fillSeats(a, [{ row: 0, col: 0 }]);
    const c = fillSeats(b, [{ row: 1, col: 1 }]);
    let h = record(record(startHistory(a), b, 'paint 1'), c, 'paint 2');
    expect(record(h, c, 'nothing')).toBe(h);
    h = undo(h);
    expect(h.present).toEqual({ state: b, label: 'paint 1' });
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present.state).toBe(c);
    h = undo(undo(h));
    expect(h.present.state).toBe(a);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = record(h, c, 'paint both');
    expect(canRedo(h)).toBe(false);
  });

  it('keeps only the newest steps', () => {
    let h = startHistory(0, 'start', 3);
    for (let i = 1; i <= 10; i++) h = record(h, i, `step ${i}`);
    expect(h.past.map((e) => e.state)).toEqual([7, 8, 9]);
    for (let i = 0; i < 5; i++) h = undo(h);
    expect(h.present.state).toBe(7);
  });
});

describe('summary', () => {
  it('counts seats by category, accessible places and blocked seats', () => {
    let d = templateDraft('classic');
    const back: Cell[] = rectangle({ row: 10, col: 0 }, { row: 10, col: 19 });
    d = setBlocked(d, back, true);
    const s = summarizeDraft(d);
    const built = buildScreen(SCREEN_TEMPLATES.classic).seats;
    expect(s.seats).toBe(built.length);
    expect(s.byCategory).toEqual({
      STANDARD: built.filter((x) => x.category === 'STANDARD').length,
      PREMIUM: built.filter((x) => x.category === 'PREMIUM').length,
      RECLINER: built.filter((x) => x.category === 'RECLINER').length,
    });
    expect(s.wheelchair).toBe(2);
    expect(s.companion).toBe(2);
    expect(s.blocked).toBe(10);
  });
});
