import {
  type BestSeatsRequest,
  blockScorer,
  candidateBlocks,
  type ScoredBlock,
} from '@/server/booking/best-seats';
import type { ContextSeat, ShowtimeContext } from '@/server/booking/showtime-context';

// The correctness check of a best-seats rush, shared by tests/integration/hold-best-seats and
// `npm run bench:best-seats`. Seats are only taken during the rush, never given back.
//
// 1. Never overlapping: no seat is in two answers.
// 2. Each answer is `count` seats side by side in one row.
// 3. As good as what was free when it asked, beyond what others took. For request i:
//    A_i = the seats taken before the rush plus those of every request answered before i was
//    sent (certainly taken when i asked); O_i = the seats got by the other requests sent before
//    i was answered (a later one cannot have changed what i saw). Then every block B that was a
//    valid pick for i against A_i (free, together, of the kind and category asked, no single seat
//    stranded) and scores strictly better than i's block (or any block, when i was told none is
//    left) shares a seat with O_i or has a seat of O_i within two places of it in its row: the
//    only ways another customer can spoil a block are taking one of its seats or taking the seat
//    beyond a neighbour, which taking the block would then strand. A block spoiled in neither way
//    was as valid when i's pick was made as when i asked, so the pick must be at least as good.
//    Requests that gave up (BUSY) are not judged here; they hold nothing.

export type RushOutcome = {
  request: BestSeatsRequest;
  /** performance.now() when the request was sent and when its answer came. */
  sentAt: number;
  doneAt: number;
  /** The seats held, in seat order; null when refused. */
  seatIds: string[] | null;
  /** The AppError code of a refusal. */
  error: string | null;
};

export type RushVerdict = {
  /** Seats in more than one answer. */
  overlaps: string[];
  /** Answers that are not `count` seats side by side in one row. */
  malformed: string[];
  /** Requests for which a better, unspoiled block was free (see 3.). */
  worse: string[];
  /** Requests judged (all but BUSY), and those that got the best block free when they asked. */
  judged: number;
  bestWhenAsked: number;
};

export function checkBestSeatsRush(
  ctx: Pick<ShowtimeContext, 'rows' | 'seats'>,
  takenBefore: readonly string[],
  outcomes: readonly RushOutcome[],
): RushVerdict {
  const seat = (id: string) => ctx.seats.get(id) as ContextSeat;
  const score = blockScorer(ctx);
  const owners = new Map<string, number>();
  for (const o of outcomes) for (const id of o.seatIds ?? []) owners.set(id, (owners.get(id) ?? 0) + 1);
  const overlaps = [...owners].filter(([, n]) => n > 1).map(([id]) => seat(id).label);

  const malformed: string[] = [];
  for (const [i, o] of outcomes.entries()) {
    if (!o.seatIds) continue;
    const picked = o.seatIds.map(seat);
    const first = picked[0] as ContextSeat;
    const together =
      picked.length === o.request.count &&
      picked.every((s, j) => s.rowIndex === first.rowIndex && s.col === first.col + j);
    if (!together)
      malformed.push(`request ${i} (${o.request.count}): ${picked.map((s) => s.label).join('-')}`);
  }

  const spoiled = (b: ScoredBlock, others: ContextSeat[]) => {
    const first = b.seats[0] as ContextSeat;
    const last = b.seats.at(-1) as ContextSeat;
    return others.some(
      (s) => s.rowIndex === first.rowIndex && s.col >= first.col - 2 && s.col <= last.col + 2,
    );
  };
  const worse: string[] = [];
  let judged = 0;
  let bestWhenAsked = 0;
  for (const [i, o] of outcomes.entries()) {
    if (o.error === 'BUSY') continue;
    judged++;
    const known = new Set(takenBefore);
    for (const p of outcomes) if (p.seatIds && p.doneAt < o.sentAt) for (const id of p.seatIds) known.add(id);
    const others = outcomes
      .filter((p, j) => j !== i && p.seatIds && p.sentAt < o.doneAt)
      .flatMap((p) => (p.seatIds ?? []).map(seat));
    const mine = o.seatIds ? score(o.seatIds.map(seat)) : Number.POSITIVE_INFINITY;
    const better = candidateBlocks({ ctx, taken: known, ...o.request }).filter((b) => b.score < mine - 1e-9);
    if (better.length === 0) bestWhenAsked++;
    const unexcused = better.filter((b) => !spoiled(b, others));
    if (unexcused.length) {
      const got = o.seatIds ? o.seatIds.map((id) => seat(id).label).join('-') : o.error;
      const free = unexcused.map((b) => b.seats.map((s) => s.label).join('-')).slice(0, 3);
      worse.push(`request ${i} (${o.request.count}) got ${got} while ${free.join(', ')} was free`);
    }
  }
  return { overlaps, malformed, worse, judged, bestWhenAsked };
}
