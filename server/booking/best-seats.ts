import 'server-only';
import { AppError } from '@/lib/errors';
import type { SeatCategoryName } from '@/lib/seat-map';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { strandedSeats } from '@/server/booking/seat-rules';
import type { ContextSeat, ShowtimeContext } from '@/server/booking/showtime-context';

// "Best N seats": the N side-by-side free seats a box-office seller or a moviegoer in a hurry
// would pick. Best means in the middle of a row about two-thirds of the way back (where the
// picture fills the eye without craning), never leaving a single seat stranded (whether or not
// the cinema enforces that rule: a suggestion should not make the next customer's life harder),
// never across an aisle, and only ordinary seats unless "wheelchair + companion" is asked for
// (wheelchair spaces and companion seats are chosen on purpose, never handed to anyone else).
// suggestBestSeats holds nothing; hold-best-seats.ts picks and holds in one step, from the seats
// as they are when the hold is written.

/** Where the best row is, as a fraction of the way from the screen to the back. */
const SWEET_SPOT = 0.65;

export type BestSeatsRequest = {
  count: number;
  category?: SeatCategoryName;
  /**
   * A wheelchair user and their party: the block holds exactly one wheelchair space and, for two or
   * more people, the companion seat beside it (the rest of the party on ordinary seats next to
   * them, in the same run). Without it only ordinary seats are picked.
   */
  wheelchair?: boolean;
};

export type ScoredBlock = { seats: ContextSeat[]; score: number };

/** Runs of side-by-side free seats a pick may use in a row, split by aisles, gaps and taken seats. */
function freeRuns(
  row: ContextSeat[],
  taken: ReadonlySet<string>,
  request: BestSeatsRequest,
): ContextSeat[][] {
  const runs: ContextSeat[][] = [];
  let run: ContextSeat[] = [];
  for (const seat of row) {
    const usable =
      (seat.kind === 'STANDARD' || request.wheelchair === true) &&
      !seat.blocked &&
      !taken.has(seat.id) &&
      (!request.category || seat.category === request.category);
    const prev = run.at(-1);
    if (!usable || (prev && seat.col !== prev.col + 1)) {
      if (run.length) runs.push(run);
      run = [];
    }
    if (usable) run.push(seat);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** A wheelchair pick: one wheelchair space, with its companion seat when there are two or more. */
function fitsWheelchair(seats: ContextSeat[]): boolean {
  const wheelchairs = seats.filter((s) => s.kind === 'WHEELCHAIR').length;
  const companions = seats.filter((s) => s.kind === 'COMPANION').length;
  return wheelchairs === 1 && (seats.length === 1 || companions >= 1);
}

/**
 * Every block of `count` seats a pick may take against `taken`, with its score (lower is better):
 * side by side in one row, never across an aisle, stranding no single seat.
 */
export function candidateBlocks(
  options: { ctx: Pick<ShowtimeContext, 'rows'>; taken: ReadonlySet<string> } & BestSeatsRequest,
): ScoredBlock[] {
  const { ctx, taken, count } = options;
  const score = blockScorer(ctx);
  const out: ScoredBlock[] = [];
  for (const row of ctx.rows.values()) {
    for (const run of freeRuns(row, taken, options)) {
      for (let i = 0; i + count <= run.length; i++) {
        const seats = run.slice(i, i + count);
        if (options.wheelchair && !fitsWheelchair(seats)) continue;
        out.push({ seats, score: score(seats) });
      }
    }
  }
  return out.filter((b) => strandedSeats(ctx, taken, new Set(b.seats.map((s) => s.id))).length === 0);
}

/** How far a block of one row is from the best place in the house (lower is better). */
export function blockScorer(ctx: Pick<ShowtimeContext, 'rows'>): (seats: ContextSeat[]) => number {
  const rowIndexes = [...ctx.rows.keys()].sort((a, b) => a - b);
  const first = rowIndexes[0] ?? 0;
  const depth = Math.max(1, (rowIndexes.at(-1) ?? 0) - first);
  const idealRow = first + depth * SWEET_SPOT;
  const rows = new Map(
    [...ctx.rows].map(([rowIndex, row]) => {
      const cols = row.map((s) => s.col);
      const centre = (Math.min(...cols) + Math.max(...cols)) / 2;
      return [rowIndex, { centre, width: Math.max(1, Math.max(...cols) - Math.min(...cols)) }];
    }),
  );
  return (seats) => {
    const first = seats[0] as ContextSeat;
    const { centre, width } = rows.get(first.rowIndex) ?? { centre: first.col, width: 1 };
    const middle = (first.col + (seats.at(-1) as ContextSeat).col) / 2;
    // Distance from the sweet spot: a row away weighs twice the same share of the row's width.
    return (Math.abs(first.rowIndex - idealRow) / depth) * 2 + Math.abs(middle - centre) / width;
  };
}

export function bestSeats(
  options: { ctx: Pick<ShowtimeContext, 'rows'>; taken: ReadonlySet<string> } & BestSeatsRequest,
): ContextSeat[] | null {
  let best: ScoredBlock | null = null;
  // The first of equals wins: rows in layout order, then left to right (deterministic).
  for (const block of candidateBlocks(options)) if (!best || block.score < best.score) best = block;
  return best?.seats ?? null;
}

export function noBlockLeft(request: BestSeatsRequest): AppError {
  const what = request.wheelchair
    ? `a wheelchair space${request.count > 1 ? ` with ${request.count - 1} seat${request.count > 2 ? 's' : ''} beside it` : ''}`
    : `${request.count} seats side by side`;
  return new AppError(
    'SEATS_UNAVAILABLE',
    `No ${what} ${request.wheelchair ? 'is' : 'are'} left${request.category ? ` in ${request.category.toLowerCase()}` : ''}. Try fewer, or pick seats on the map.`,
    {
      details: {
        count: request.count,
        category: request.category ?? null,
        wheelchair: request.wheelchair ?? false,
      },
    },
  );
}

/** The best `count` seats of a showtime as they are now (from the shared seat-map snapshot). */
export async function suggestBestSeats(options: {
  showtimeId: string;
  count: number;
  category?: SeatCategoryName;
}): Promise<{ seatIds: string[]; labels: string[]; category: SeatCategoryName }> {
  const { map, ctx } = await getSeatMap(options.showtimeId);
  if (map.status !== 'SCHEDULED' || ctx.startsAt.getTime() <= Date.now())
    throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime is not on sale.');
  const taken = new Set(map.seats.filter((s) => s.state !== 'available').map((s) => s.id));
  const seats = bestSeats({ ctx, taken, count: options.count, category: options.category });
  if (!seats) throw noBlockLeft(options);
  return {
    seatIds: seats.map((s) => s.id),
    labels: seats.map((s) => s.label),
    category: (seats[0] as ContextSeat).category,
  };
}
