import { describe, expect, it } from 'vitest';
import { checkSeatRules, strandedSeats } from '@/server/booking/seat-rules';
import type { ContextSeat, ShowtimeContext } from '@/server/booking/showtime-context';

// A row drawn as a string: '.' free seat, 'x' taken, '|' aisle (no seat), 'W' wheelchair space,
// 'C' companion seat, '#' blocked. Seat ids are `${row}${index}` on the grid.
function world(rows: string[]) {
  const seats = new Map<string, ContextSeat>();
  const byRow = new Map<number, ContextSeat[]>();
  const taken = new Set<string>();
  rows.forEach((row, r) => {
    [...row].forEach((ch, col) => {
      if (ch === '|') return;
      const id = `${String.fromCharCode(65 + r)}${col}`;
      const seat: ContextSeat = {
        id,
        label: id,
        row: String.fromCharCode(65 + r),
        number: col + 1,
        rowIndex: r,
        col,
        category: 'STANDARD',
        kind: ch === 'W' ? 'WHEELCHAIR' : ch === 'C' ? 'COMPANION' : 'STANDARD',
        blocked: ch === '#',
      };
      seats.set(id, seat);
      byRow.set(r, [...(byRow.get(r) ?? []), seat]);
      if (ch === 'x') taken.add(id);
    });
  });
  const ctx = {
    rows: byRow,
    startsAt: new Date('2030-01-01T18:00:00Z'),
    cinema: { orphanSeatRule: true, wheelchairReleaseMinutes: 30 },
  } as unknown as ShowtimeContext;
  const pick = (...ids: string[]) => ids.map((id) => seats.get(id) as ContextSeat);
  return { ctx, taken, pick };
}

const labels = (seats: ContextSeat[]) => seats.map((s) => s.label);

describe('the orphan-seat rule', () => {
  it('refuses a selection that leaves one seat alone next to a taken seat or a row end', () => {
    const { ctx, taken, pick } = world(['x.......']);
    expect(labels(strandedSeats(ctx, taken, new Set(['A2', 'A3'])))).toEqual(['A1']);
    expect(labels(strandedSeats(ctx, taken, new Set(['A1', 'A2'])))).toEqual([]);
    const end = world(['........']);
    // Six of eight seats from the second: both ends are left alone.
    expect(labels(strandedSeats(end.ctx, end.taken, new Set(['A1', 'A2', 'A3', 'A4', 'A5', 'A6'])))).toEqual([
      'A0',
      'A7',
    ]);
    expect(labels(strandedSeats(end.ctx, end.taken, new Set(['A0', 'A1', 'A2', 'A3', 'A4', 'A5'])))).toEqual(
      [],
    );
    expect(pick('A1')).toHaveLength(1);
  });

  it('treats an aisle as a row end', () => {
    const { ctx, taken } = world(['....|....']);
    // Seats A0–A3, an aisle at column 4, then A5–A8.
    expect(labels(strandedSeats(ctx, taken, new Set(['A1', 'A2'])))).toEqual(['A0', 'A3']);
    expect(labels(strandedSeats(ctx, taken, new Set(['A0', 'A1'])))).toEqual([]);
    expect(labels(strandedSeats(ctx, taken, new Set(['A5', 'A6', 'A7'])))).toEqual(['A8']);
    expect(labels(strandedSeats(ctx, taken, new Set(['A0', 'A1', 'A2', 'A3'])))).toEqual([]);
  });

  it('does not blame a selection for a seat that was already alone', () => {
    const { ctx, taken } = world(['x.x.....']);
    // A1 is alone before and after: not this selection's doing.
    expect(labels(strandedSeats(ctx, taken, new Set(['A3', 'A4'])))).toEqual([]);
    // But leaving A3 alone next to taken A2 is.
    expect(labels(strandedSeats(ctx, taken, new Set(['A4', 'A5'])))).toEqual(['A3']);
  });

  it('can be turned off per cinema', () => {
    const { ctx, taken, pick } = world(['x.......']);
    (ctx.cinema as { orphanSeatRule: boolean }).orphanSeatRule = false;
    expect(
      checkSeatRules({
        ctx,
        taken,
        selected: pick('A2', 'A3'),
        accessible: false,
        now: new Date('2029-12-31'),
      }),
    ).toBeNull();
  });
});

describe('wheelchair and companion seats', () => {
  const early = new Date('2030-01-01T10:00:00Z');
  const late = new Date('2030-01-01T17:45:00Z'); // within 30 minutes of the show

  it('sells a companion seat only with a wheelchair space until they are released', () => {
    const { ctx, taken, pick } = world(['WC......']);
    const alone = checkSeatRules({ ctx, taken, selected: pick('A1'), accessible: false, now: early });
    expect(alone).toMatchObject({ rule: 'companion-needs-wheelchair', labels: ['A1'] });
    expect(
      checkSeatRules({ ctx, taken, selected: pick('A0', 'A1'), accessible: true, now: early }),
    ).toBeNull();
    expect(checkSeatRules({ ctx, taken, selected: pick('A1'), accessible: false, now: late })).toBeNull();
  });

  it('keeps wheelchair spaces for people who need them until the release time', () => {
    const { ctx, taken, pick } = world(['W.......']);
    expect(checkSeatRules({ ctx, taken, selected: pick('A0'), accessible: false, now: early })).toMatchObject(
      {
        rule: 'wheelchair-reserved',
      },
    );
    expect(checkSeatRules({ ctx, taken, selected: pick('A0'), accessible: true, now: early })).toBeNull();
    expect(checkSeatRules({ ctx, taken, selected: pick('A0'), accessible: false, now: late })).toBeNull();
  });
});
