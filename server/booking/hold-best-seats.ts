import 'server-only';
import type { HoldResponse } from '@/lib/schemas/booking';
import { type BestSeatsRequest, bestSeats, noBlockLeft } from '@/server/booking/best-seats';
import { holdChosenSeats } from '@/server/booking/hold-seats';
import { measureHold } from '@/server/metrics/use-cases';

// "Best N seats in one tap": the server picks the best block and holds it in one step, for a
// moviegoer or a box-office seller (under the seller's account, as every counter hold).
//
// The pick is made inside the hold's own rounds (holdChosenSeats, the path every hold takes): each
// round reads every row of the showtime in one snapshot, picks the best block from what is free
// in it (best-seats.ts: together, centre of the screen and the row, no single seat stranded,
// wheelchair spaces only for "wheelchair + companion"), judges the seat rules and the price, and
// writes with hold_seats, one SERIALIZABLE transaction that succeeds only if the rows of the
// picked seats are still at the versions the pick was made from. When someone else changed one of
// those rows in between (or the database reports a serialization failure, or the unique index on
// live claims refuses), nothing is written and the next round picks again from a fresh read, up to
// the hold path's bounded number of rounds (then 503 BUSY). Pickers take turns per showtime on
// every instance (a session advisory lock from read to write, SeatChoice.takeTurns), so a round is
// lost only to a hand-picked hold, not to another picker chasing the same block. So two requests never get the same
// seat, and each gets the best block of a state no older than its request, at worst one that
// others changed only in rows other than its pick's (see tests/integration/hold-best-seats).
// Rows of other picks are not compared on purpose: a row that changes elsewhere cannot make this
// pick taken or strand a seat beside it, and comparing every row would make every pick on a busy
// show retry for every other hold.
//
// The caller's previous hold on the showtime is replaced, and its seats count as free for the
// pick (asking again for 3 may move the party to better seats that include their own).

export type HoldBestSeatsInput = BestSeatsRequest & {
  userId: string;
  showtimeId: string;
  /** As in holdSeats: tests turn this process's per-row queue off to let the database decide. */
  queue?: boolean;
};

export function holdBestSeats(input: HoldBestSeatsInput): Promise<HoldResponse> {
  const request: BestSeatsRequest = {
    count: input.count,
    category: input.category,
    wheelchair: input.wheelchair ?? false,
  };
  return measureHold(() =>
    holdChosenSeats(input, (ctx) => ({
      // The whole showtime: any row may hold the best block.
      rows: [...ctx.rows.keys()].sort((a, b) => a - b),
      // A wheelchair pick is the customer saying they need the space (seat-rules.ts).
      accessible: request.wheelchair === true,
      // Every picker wants the same best block: they take turns (see SeatChoice.takeTurns).
      takeTurns: true,
      pick: (taken) => {
        const seats = bestSeats({ ctx, taken, ...request });
        if (!seats) throw noBlockLeft(request);
        return seats;
      },
    })),
  );
}
