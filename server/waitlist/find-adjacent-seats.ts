import 'server-only';
import { strandedSeats } from '@/server/booking/seat-rules';
import type { ContextSeat, ShowtimeContext } from '@/server/booking/showtime-context';

// Where `count` waitlisted people can sit together: `count` free seats side by side in one row
// with no aisle or gap between them (consecutive grid columns), all ordinary seats. Wheelchair
// spaces and companion seats are never offered to the general waitlist, and blocked seats never
// are. Where the cinema enforces the orphan-seat rule, a block that would leave a single seat on
// its own is skipped (holdSeats would refuse it). Pure: the caller says which seats are taken.

export type SeatBlock = { seats: ContextSeat[]; score: number[] };

/** Runs of side-by-side ordinary seats per row, whatever their state. */
function ordinaryRuns(ctx: Pick<ShowtimeContext, 'rows'>): ContextSeat[][] {
  const runs: ContextSeat[][] = [];
  for (const row of ctx.rows.values()) {
    let run: ContextSeat[] = [];
    for (const seat of row) {
      const ordinary = seat.kind === 'STANDARD' && !seat.blocked;
      const prev = run.at(-1);
      if (!ordinary || (prev && seat.col !== prev.col + 1)) {
        if (run.length) runs.push(run);
        run = [];
      }
      if (ordinary) run.push(seat);
    }
    if (run.length) runs.push(run);
  }
  return runs;
}

/**
 * Every block of `count` free seats that could be held together, best first: blocks of one seat
 * category before mixed ones; then the tightest fit (a freed pair goes to a party of two before a
 * freed four is split); then nearest the middle of the row; then by row and column, so the
 * choice is deterministic.
 */
function adjacentBlocks(
  ctx: Pick<ShowtimeContext, 'rows' | 'seats' | 'cinema'>,
  taken: ReadonlySet<string>,
  count: number,
): SeatBlock[] {
  const out: SeatBlock[] = [];
  const blockedOrTaken = new Set(taken);
  for (const seat of ctx.seats.values()) if (seat.blocked) blockedOrTaken.add(seat.id);
  for (const run of ordinaryRuns(ctx)) {
    // Split the run into stretches of free seats; a block must lie inside one stretch.
    let stretch: ContextSeat[] = [];
    const stretches: ContextSeat[][] = [];
    for (const seat of run) {
      if (blockedOrTaken.has(seat.id)) {
        if (stretch.length) stretches.push(stretch);
        stretch = [];
      } else stretch.push(seat);
    }
    if (stretch.length) stretches.push(stretch);
    const row = ctx.rows.get(run[0]?.rowIndex ?? -1) ?? run;
    const rowMiddle = ((row[0]?.col ?? 0) + (row.at(-1)?.col ?? 0)) / 2;
    for (const free of stretches) {
      for (let i = 0; i + count <= free.length; i++) {
        const seats = free.slice(i, i + count);
        if (ctx.cinema.orphanSeatRule) {
          const stranded = strandedSeats(ctx, blockedOrTaken, new Set(seats.map((s) => s.id)));
          if (stranded.length) continue;
        }
        const first = seats[0] as ContextSeat;
        const last = seats.at(-1) as ContextSeat;
        const mixed = seats.some((s) => s.category !== first.category) ? 1 : 0;
        const middle = Math.abs((first.col + last.col) / 2 - rowMiddle);
        out.push({
          seats,
          score: [mixed, free.length - count, middle, first.rowIndex, first.col],
        });
      }
    }
  }
  return out.sort((a, b) => {
    for (let i = 0; i < a.score.length; i++) {
      const d = (a.score[i] ?? 0) - (b.score[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** The best block of `count` free seats side by side, or null when there is none. */
export function bestAdjacentSeats(
  ctx: Pick<ShowtimeContext, 'rows' | 'seats' | 'cinema'>,
  taken: ReadonlySet<string>,
  count: number,
): ContextSeat[] | null {
  return adjacentBlocks(ctx, taken, count)[0]?.seats ?? null;
}
