import { describe, expect, it } from 'vitest';
import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS } from '@/lib/schemas/layout';
import { createScreenInputSchema, layoutDraftSchema } from '@/lib/schemas/venues';
import { rectangle } from '@/lib/seat-layout/cells';
import type { LayoutDraft } from '@/lib/seat-layout/draft';
import { renumberRows, setBlocked, setKind, setSeatNumber } from '@/lib/seat-layout/operations';
import { blankDraft, templateDraft } from '@/lib/seat-layout/templates';
import { decodeDraft, encodeDraft } from '@/lib/seat-layout/wire';

// The draft on the wire: small enough for a server action (64 KB at most, next.config.ts) at the
// largest grid a screen may have, exact both ways, and checked by the schema the action uses.

const ACTION_BODY_LIMIT = 64 * 1024;

/** The largest grid, every seat a different state, every row numbered by hand with 4-digit numbers. */
function largest(): LayoutDraft {
  let d = blankDraft(LAYOUT_MAX_ROWS, LAYOUT_MAX_COLS, { filled: true });
  d = setBlocked(d, rectangle({ row: 0, col: 0 }, { row: 30, col: 79 }), true);
  d = setKind(d, rectangle({ row: 10, col: 0 }, { row: 40, col: 39 }), 'COMPANION');
  const rows = d.rows.map((_, i) => i);
  d = renumberRows(d, rows, { order: 'left-to-right', start: 9900, blockStep: 0 });
  for (const row of rows) d = setSeatNumber(d, { row, col: 0 }, 9899);
  expect(d.rows.every((r) => r.numbering.order === 'manual')).toBe(true);
  return d;
}

describe('the draft on the wire', () => {
  it('fits a server action even at the largest grid, numbered by hand', () => {
    const d = largest();
    const body = JSON.stringify([
      { cinemaId: crypto.randomUUID(), name: 'Audi 1', formats: ['TWO_D'], draft: encodeDraft(d) },
    ]);
    expect(new TextEncoder().encode(body).length).toBeLessThan(ACTION_BODY_LIMIT * 0.75);
    expect(decodeDraft(encodeDraft(d))).toEqual(d);
  });

  it('sends numbers only for rows numbered by hand; the server derives the rest', () => {
    const wire = encodeDraft(setSeatNumber(templateDraft('studio'), { row: 1, col: 1 }, 40));
    expect(wire.rows.map((r) => r.numbers !== undefined)).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    // Numbers claimed for a scheme-numbered row would be ignored, so they are refused outright.
    const lying = structuredClone(wire);
    (lying.rows[0] as { numbers?: number[] }).numbers = [9, 9];
    expect(layoutDraftSchema.safeParse(lying).error?.issues[0]).toMatchObject({
      path: ['rows', 0, 'numbers'],
    });
    const short = structuredClone(wire);
    short.rows[1]?.numbers?.pop();
    expect(layoutDraftSchema.safeParse(short).success).toBe(false);
  });

  it('parses to the draft it encodes, and refuses what the editor cannot send', () => {
    const d = templateDraft('grand');
    const input = {
      cinemaId: crypto.randomUUID(),
      name: '  Audi 7 ',
      formats: ['IMAX', 'TWO_D'],
      draft: encodeDraft(d),
    };
    const parsed = createScreenInputSchema.parse(input);
    expect(parsed.draft).toEqual(d);
    expect(parsed.name).toBe('Audi 7');
    const bad = (draft: unknown) => layoutDraftSchema.safeParse(draft).success;
    const wire = encodeDraft(d);
    expect(bad({ ...wire, rows: [] })).toBe(false);
    expect(bad({ ...wire, cols: LAYOUT_MAX_COLS + 1 })).toBe(false);
    expect(bad({ ...wire, rows: [{ ...wire.rows[0], cells: 'AAZ' }] })).toBe(false);
    expect(bad({ ...wire, rows: Array.from({ length: LAYOUT_MAX_ROWS + 1 }, () => wire.rows[0]) })).toBe(
      false,
    );
    expect(bad({ ...wire, note: 'x\u0000' })).toBe(false);
    expect(createScreenInputSchema.safeParse({ ...input, formats: [] }).error?.issues[0]?.path).toEqual([
      'formats',
    ]);
    expect(createScreenInputSchema.safeParse({ ...input, formats: ['TWO_D', 'TWO_D'] }).success).toBe(false);
    expect(createScreenInputSchema.safeParse({ ...input, name: '   ' }).error?.issues[0]?.path).toEqual([
      'name',
    ]);
  });
});
