import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestBestSeatsOp } from '@/server/api/operations/showtimes';
import { bestSeats } from '@/server/booking/best-seats';
import { holdSeats } from '@/server/booking/hold-seats';
import { strandedSeats } from '@/server/booking/seat-rules';
import { type ContextSeat, showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { call } from '../support/api';
import { createBookableShowtime, createScreen, createShowtime, createUser } from '../support/factories';

// "Best N seats" as a seller or a hurried moviegoer would judge it: together, in the middle of a
// good row, never stranding a single seat, only what is free, and only the category asked for.

type Suggestion = { seatIds: string[]; labels: string[]; category: string };
const ask = (id: string, query: string) => call(suggestBestSeatsOp, { params: { id }, path: `?${query}` });

describe('best seats together', () => {
  it('picks the middle of the row two-thirds back, then the next best around what is taken', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 6, cols: 10 });
    const first = await ask(showtime.id, 'count=2');
    expect(first.status).toBe(200);
    // Rows A–F from the screen: two-thirds back is row D; columns 5 and 6 of 10 are the middle.
    expect((first.body as Suggestion).labels).toEqual(['D5', 'D6']);

    const user = await createUser();
    await holdSeats({
      userId: user.id,
      showtimeId: showtime.id,
      seatIds: (first.body as Suggestion).seatIds,
    });
    const next = (await ask(showtime.id, 'count=2')).body as Suggestion;
    // The middle of the row behind (a quarter-row further from the sweet spot at 3.25) beats two
    // seats two places off-centre in row D.
    expect(next.labels).toEqual(['E5', 'E6']);
    await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: next.seatIds });
    // Holding again replaces the user's hold: D5–D6 are free again and the best once more.
    expect(((await ask(showtime.id, 'count=2')).body as Suggestion).labels).toEqual(['D5', 'D6']);
    expect(seats.length).toBe(60);
  });

  it('keeps to a category, and says so when no such seats are left', async () => {
    const { screen, seats } = await createScreen({ rows: 4, cols: 6 });
    // Row A only is premium: drawn so before a show is put on the layout (a layout in use never
    // changes: trigger seats_frozen).
    await db().seat.updateMany({
      where: { id: { in: seats.slice(0, 6).map((s) => s.id) } },
      data: { category: 'PREMIUM' },
    });
    const showtime = await createShowtime({ screenId: screen.id });
    const premium = (await ask(showtime.id, 'count=3&category=PREMIUM')).body as Suggestion;
    // A2–A4 and A3–A5 are nearer the middle but would strand A1 or A6 alone.
    expect([premium.category, premium.labels]).toEqual(['PREMIUM', ['A1', 'A2', 'A3']]);
    const tooMany = await ask(showtime.id, 'count=7&category=PREMIUM');
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ error: { code: 'SEATS_UNAVAILABLE', details: { count: 7 } } });
    expect((await ask(showtime.id, 'count=0')).status).toBe(400);
    expect((await ask(showtime.id, 'count=11')).status).toBe(400);
  });

  it('whatever is taken: free, side by side in one row, ordinary seats, stranding nobody, or none at all', async () => {
    const { showtime } = await createBookableShowtime({ rows: 5, cols: 9 });
    const ctx = await showtimeContext(showtime.id);
    if (!ctx) throw new Error('no context');
    const all = [...ctx.seats.values()];
    fc.assert(
      fc.property(fc.subarray(all.map((s) => s.id)), fc.integer({ min: 1, max: 6 }), (takenIds, count) => {
        const taken = new Set(takenIds);
        const pick = bestSeats({ ctx, taken, count });
        if (!pick) {
          // None: then no window of `count` free seats in a row strands nobody.
          for (const row of ctx.rows.values()) {
            for (let i = 0; i + count <= row.length; i++) {
              const w = row.slice(i, i + count);
              const together = w.every(
                (s, j) => !taken.has(s.id) && (j === 0 || s.col === (w[j - 1] as ContextSeat).col + 1),
              );
              if (together) expect(strandedSeats(ctx, taken, new Set(w.map((s) => s.id)))).not.toEqual([]);
            }
          }
          return;
        }
        expect(pick).toHaveLength(count);
        expect(pick.every((s) => !taken.has(s.id) && s.kind === 'STANDARD' && !s.blocked)).toBe(true);
        expect(new Set(pick.map((s) => s.rowIndex)).size).toBe(1);
        expect(pick.map((s) => s.col - (pick[0] as ContextSeat).col)).toEqual(pick.map((_, i) => i));
        expect(strandedSeats(ctx, taken, new Set(pick.map((s) => s.id)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
