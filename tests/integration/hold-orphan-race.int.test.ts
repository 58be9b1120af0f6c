import { describe, expect, it } from 'vitest';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { strandedSeats } from '@/server/booking/seat-rules';
import { type ContextSeat, type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { createBookableShowtime, createCinema, createUser } from '../support/factories';

// The edge of holding by row. Holds on different seats no longer wait for each other, but the
// orphan-seat rule reads a seat's neighbours: two holds on near seats of one row can together
// leave a single seat alone that neither leaves alone by itself (A1–A2 and A4–A5 strand A3). So
// such pairs must conflict, and the one that loses must re-judge against the other's seats. Many
// such pairs race here at once, each pair in its own row, through the production path (holds
// queued per row in this process) and through the database alone (many connections, no queue).
// Afterwards exactly one hold of each pair stands, the other was refused with
// SEAT_RULE_VIOLATION, and no row has a stranded seat. Every other round starts with this
// process's copy of the rows warm (a hold and a release on each row before the race), so holds
// are judged on that copy too (seat-rows-cache.ts), not only on a read. Against a design that
// locks or versions only the chosen seats, both holds of a pair commit (checked by breaking the
// design once).

const ROWS = 12;
const COLS = 8;
const ROUNDS = 6;

type Pair = { a: number[]; b: number[] };

/** Runs of 1–3 side-by-side seats of one row, by column. */
function runs(): number[][] {
  const out: number[][] = [];
  for (let len = 1; len <= 3; len++)
    for (let start = 0; start + len <= COLS; start++)
      out.push(Array.from({ length: len }, (_, i) => start + i));
  return out;
}

/**
 * Pairs of selections in one row that are each fine on an empty row but strand a seat together,
 * whichever comes second: judged by the rule itself, not by a copy of it.
 */
function strandingPairs(ctx: ShowtimeContext): Pair[] {
  const row = ctx.rows.get(0) as ContextSeat[];
  const ids = (cols: number[]) => new Set(cols.map((c) => (row[c] as ContextSeat).id));
  const fine = (taken: number[], selected: number[]) =>
    strandedSeats(ctx, ids(taken), ids(selected)).length === 0;
  const pairs: Pair[] = [];
  for (const a of runs())
    for (const b of runs()) {
      if (b[0]! <= a.at(-1)! + 1) continue; // b strictly right of a, with a gap
      if (fine([], a) && fine([], b) && !fine(a, b) && !fine(b, a)) pairs.push({ a, b });
    }
  return pairs;
}

describe('holds on neighbouring seats racing the orphan rule', () => {
  for (const queue of [true, false]) {
    it(`never lets two holds strand a seat together (${queue ? 'production path' : 'database alone, no in-process queue'})`, async () => {
      const cinema = await createCinema({ orphanSeatRule: true });
      const users = await Promise.all(Array.from({ length: 2 * ROWS }, () => createUser()));
      const warmer = await createUser();
      let pairs: Pair[] = [];
      let refused = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const { showtime } = await createBookableShowtime({ rows: ROWS, cols: COLS, cinemaId: cinema.id });
        const ctx = (await showtimeContext(showtime.id)) as ShowtimeContext;
        if (!pairs.length) pairs = strandingPairs(ctx);
        expect(pairs.length).toBeGreaterThan(5);
        const seatIds = (r: number, cols: number[]) =>
          cols.map((c) => (ctx.rows.get(r) as ContextSeat[])[c]!.id);
        const plan = Array.from({ length: ROWS }, (_, r) => pairs[(r + round * ROWS) % pairs.length]!);
        if (round % 2 === 1) {
          for (let r = 0; r < ROWS; r++) {
            const warm = await holdSeats({
              userId: warmer.id,
              showtimeId: showtime.id,
              seatIds: seatIds(r, [0]),
            });
            await releaseHold({ userId: warmer.id, holdId: warm.holdId });
          }
        }
        // Both holds of every row at once: A and B of a row must decide between themselves.
        const outcomes = await Promise.all(
          plan.flatMap((pair, r) =>
            [pair.a, pair.b].map((cols, k) =>
              holdSeats({
                userId: users[2 * r + k]!.id,
                showtimeId: showtime.id,
                seatIds: seatIds(r, cols),
                queue,
              }).then(
                () => 'held' as const,
                (e: unknown) => toAppError(e).code,
              ),
            ),
          ),
        );
        const live = await db().seatClaim.findMany({
          where: { showtimeId: showtime.id, state: { in: ['HELD', 'SOLD'] } },
          select: { seatId: true },
        });
        const taken = new Set(live.map((c) => c.seatId));
        for (let r = 0; r < ROWS; r++) {
          const [a, b] = [outcomes[2 * r], outcomes[2 * r + 1]];
          const label = `round ${round}, row ${r}: A ${plan[r]!.a} → ${a}, B ${plan[r]!.b} → ${b}`;
          expect([a, b].sort(), label).toEqual(['SEAT_RULE_VIOLATION', 'held']);
          const winner = a === 'held' ? plan[r]!.a : plan[r]!.b;
          const rowTaken = (ctx.rows.get(r) as ContextSeat[]).filter((s) => taken.has(s.id));
          expect(rowTaken.map((s) => s.col).sort(), label).toEqual([...winner].sort());
        }
        // And, read back from the database, no row of the showtime has a seat left alone.
        expect(strandedSeats(ctx, new Set(), taken).map((s) => s.label)).toEqual([]);
        refused += outcomes.filter((o) => o !== 'held').length;
      }
      expect(refused).toBe(ROUNDS * ROWS);
    }, 120_000);
  }
});
