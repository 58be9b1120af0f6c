import { describe, expect, it } from 'vitest';
import { selectionAfterRefusal } from '@/lib/seat-selection';

// Issue 16.7: C5, then C6, then C4 must reach C4–C6 (legal) although C5 and C5–C6 alone would
// strand C4. The picker keeps a selection a seat rule refused; the server judges the whole one.

describe('the seat picker after a refusal', () => {
  it('keeps a selection a seat rule refused, so the next tap can complete it', () => {
    let held: string[] = [];
    let selection: string[] = [];
    const refuseUnlessLegal = (wanted: string[]) => {
      const legal = ['C4', 'C5', 'C6'].every((s) => wanted.includes(s));
      if (legal) {
        held = wanted;
        selection = wanted;
        return;
      }
      selection = selectionAfterRefusal({ wanted, held, refusal: { code: 'SEAT_RULE_VIOLATION' } }).selection;
    };
    refuseUnlessLegal([...selection, 'C5']);
    expect(selection).toEqual(['C5']);
    refuseUnlessLegal([...selection, 'C6']);
    expect(selection).toEqual(['C5', 'C6']);
    refuseUnlessLegal([...selection, 'C4']);
    expect(selection).toEqual(['C5', 'C6', 'C4']);
    expect(held).toEqual(['C5', 'C6', 'C4']);
  });

  it('goes back to the held seats on any other refusal', () => {
    expect(
      selectionAfterRefusal({ wanted: ['A1', 'A2'], held: ['A1'], refusal: { code: 'SEATS_UNAVAILABLE' } }),
    ).toEqual({ selection: ['A1'], awaitingRule: false });
    expect(
      selectionAfterRefusal({ wanted: ['A1', 'A2'], held: ['A1'], refusal: { code: 'SEAT_RULE_VIOLATION' } }),
    ).toEqual({ selection: ['A1', 'A2'], awaitingRule: true });
  });
});
