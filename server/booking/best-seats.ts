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
// never across an aisle, and only ordinary seats (wheelchair spaces and companion seats are
// chosen on purpose, not suggested). A suggestion holds nothing: the caller then holds the seats,
// which can still lose to someone faster (409) and ask again.

/** Where the best row is, as a fraction of the way from the screen to the back. */
const SWEET_SPOT = 0.65;

type Candidate = { seats: ContextSeat[]; score: number };

/** Runs of side-by-side free ordinary seats in a row, split by aisles, gaps and taken seats. */
function freeRuns(
  row: ContextSeat[],
  taken: ReadonlySet<string>,
  category?: SeatCategoryName,
): ContextSeat[][] {
  const runs: ContextSeat[][] = [];
  let run: ContextSeat[] = [];
  for (const seat of row) {
    const usable =
      seat.kind === 'STANDARD' &&
      !seat.blocked &&
      !taken.has(seat.id) &&
      (!category || seat.category === category);
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

export function bestSeats(options: {
  ctx: Pick<ShowtimeContext, 'rows'>;
  taken: ReadonlySet<string>;
  count: number;
  category?: SeatCategoryName;
}): ContextSeat[] | null {
  const { ctx, taken, count, category } = options;
  const rowIndexes = [...ctx.rows.keys()].sort((a, b) => a - b);
  if (rowIndexes.length === 0) return null;
  const first = rowIndexes[0] as number;
  const depth = Math.max(1, (rowIndexes.at(-1) as number) - first);
  const idealRow = first + depth * SWEET_SPOT;
  let best: Candidate | null = null;
  for (const [rowIndex, row] of ctx.rows) {
    const cols = row.map((s) => s.col);
    const centre = (Math.min(...cols) + Math.max(...cols)) / 2;
    const width = Math.max(1, Math.max(...cols) - Math.min(...cols));
    for (const run of freeRuns(row, taken, category)) {
      for (let i = 0; i + count <= run.length; i++) {
        const seats = run.slice(i, i + count);
        const middle = ((seats[0] as ContextSeat).col + (seats.at(-1) as ContextSeat).col) / 2;
        // Distance from the sweet spot: a row away weighs twice the same share of the row's width.
        const score = (Math.abs(rowIndex - idealRow) / depth) * 2 + Math.abs(middle - centre) / width;
        if (best && score >= best.score) continue;
        if (strandedSeats(ctx, taken, new Set(seats.map((s) => s.id))).length > 0) continue;
        best = { seats, score };
      }
    }
  }
  return best?.seats ?? null;
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
  if (!seats) {
    throw new AppError(
      'SEATS_UNAVAILABLE',
      `No ${options.count} seats side by side are left${options.category ? ` in ${options.category.toLowerCase()}` : ''}. Try fewer, or pick seats on the map.`,
      { details: { count: options.count, category: options.category ?? null } },
    );
  }
  return {
    seatIds: seats.map((s) => s.id),
    labels: seats.map((s) => s.label),
    category: (seats[0] as ContextSeat).category,
  };
}
