import 'server-only';
import { AppError } from '@/lib/errors';
import type { HoldResponse } from '@/lib/schemas/booking';
import type { RowVersions, SeatEvent } from '@/lib/seat-events';
import { rememberHoldRows, takeHoldRows } from '@/server/booking/hold-rows';
import { seatRowKey, withKeyLocks } from '@/server/booking/keyed-mutex';
import { checkSeatRules, seatRuleError } from '@/server/booking/seat-rules';
import { type ContextSeat, type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { db, seatWriter } from '@/server/db';
import { isConstraintViolation, isRetryableTxError, pgError } from '@/server/db/errors';
import { env } from '@/server/env';
import { priceSelection } from '@/server/pricing/price-selection';
import { publishSeatEvents } from '@/server/realtime/publish';
import { limitHolds } from '@/server/security/limits';

// Hold 1–10 seats of a showtime for a signed-in user, all or nothing, replacing the user's
// previous hold on the same showtime. The transaction is SERIALIZABLE and the partial unique
// index seat_claims_one_live_per_seat is the last line of defence against a double hold.

export type HoldSeatsInput = {
  userId: string;
  showtimeId: string;
  seatIds: string[];
  /** The customer confirmed they need a wheelchair space (see seat rules). */
  accessible?: boolean;
  /**
   * Queue this process's transactions per row of seats (default). Tests turn it off to prove the
   * database alone keeps the invariant when many connections race.
   */
  queue?: boolean;
};

export function assertBookable(ctx: ShowtimeContext, now: Date): void {
  if (ctx.status !== 'SCHEDULED') throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime was cancelled.');
  if (ctx.startsAt <= now) throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime has already started.');
}

export function resolveSeats(ctx: ShowtimeContext, seatIds: string[]): ContextSeat[] {
  const unknown = seatIds.filter((id) => !ctx.seats.has(id));
  if (unknown.length) {
    throw new AppError('UNKNOWN_SEAT', 'Some of these seats are not in this showtime’s screen.', {
      details: { seatIds: unknown },
    });
  }
  return seatIds.map((id) => ctx.seats.get(id) as ContextSeat);
}

export function unavailable(seats: ContextSeat[], message: string): AppError {
  return new AppError('SEATS_UNAVAILABLE', message, {
    details: { seatIds: seats.map((s) => s.id), labels: seats.map((s) => s.label) },
  });
}

type SeatState = {
  status: string;
  open: boolean;
  /** Seats of the chosen rows in someone else's live hold or sold. */
  taken: string[];
  /** The caller's live holds on this showtime (normally none or one). */
  previous: string[];
  /** One of them has a payment in progress: it must not be replaced under it. */
  paying: boolean;
  /** Rows where those holds still hold seats: ending them changes those rows too. */
  previousRows: number[];
  /** Overdue HELD claims (of other holds) on the requested seats: free in fact, flipped on write. */
  overdue: string[];
  /** Versions of the chosen rows and of previousRows (a row missing here is at 0). */
  versions: RowVersions | null;
  /** Seats of the whole showtime others hold or bought, when a pricing rule looks at occupancy. */
  occupied: number | null;
};

// One snapshot (the PL/pgSQL function seat_state, whose plans stay cached per connection): the
// versions of the rows this hold touches, and everything the seat rules (which judge each row on
// its own) and the price need. Read outside the transaction on purpose (see holdSeats). Only the
// chosen rows' seats are read; the whole showtime is counted only for occupancy pricing.
async function readSeatState(options: {
  showtimeId: string;
  userId: string;
  seatIds: string[];
  rows: number[];
  countOccupied: boolean;
}): Promise<SeatState | null> {
  const [row] = await db().$queryRawUnsafe<{ state: SeatState | null }[]>(
    'SELECT seat_state($1::uuid, $2::uuid, $3::uuid[], $4::int[], $5::boolean) AS state',
    options.showtimeId,
    options.userId,
    options.seatIds,
    options.rows,
    options.countOccupied,
  );
  return row?.state ?? null;
}

type Written = {
  holdId: string;
  expiresAt: string;
  versions: RowVersions;
  released: { seatId: string; holdId: string }[];
};

/** hold_seats found a row changed since it was read (or the showtime off sale): read again. */
const SEATS_CHANGED = 'MQ409';

/**
 * Hold seats: all or nothing, replacing the user's previous hold on the showtime.
 *
 * Concurrency design. The unit is the row of seats: every transaction that changes whether a seat
 * is taken bumps the version of that seat's row (showtime_seat_rows). A hold reads the state of
 * the rows it touches once (outside any transaction, in one statement: a consistent snapshot),
 * checks availability, the seat rules and the price against it, and then writes with one call of
 * the PL/pgSQL function hold_seats, one SERIALIZABLE transaction on the seat-writer pool, which
 * bumps those rows only from the versions that were judged: if anything changed a touched row since
 * the read, nothing is written and we read again. The seat rules look at one row at a time (the
 * orphan rule reads a seat's neighbours in its row), so two holds that could together strand a
 * seat touch the same row and one of them re-judges; holds in different rows, or on different
 * showtimes, never wait for each other. The transaction touches rows only by primary key, so under
 * SERIALIZABLE it takes no range (page) predicate locks on the claim and hold indexes that every
 * other booking writes to. The partial unique index seat_claims_one_live_per_seat remains the last
 * line of defence: whatever happens above, a seat cannot be in two live claims.
 *
 * Occupancy pricing counts the showtime's taken seats in the same snapshot, but that count is not
 * part of the comparison: a hold priced while another on a different row commits may see the
 * occupancy one hold behind, as a customer looking a moment earlier would.
 */
export async function holdSeats(input: HoldSeatsInput): Promise<HoldResponse> {
  // Burst guard (server/security/limits.ts): 429 RATE_LIMITED when one user holds too often.
  await limitHolds(input.userId);
  const ctx = await showtimeContext(input.showtimeId);
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  assertBookable(ctx, new Date());
  const selected = resolveSeats(ctx, input.seatIds);
  const blocked = selected.filter((s) => s.blocked);
  if (blocked.length)
    throw unavailable(blocked, `${blocked.map((s) => s.label).join(', ')} cannot be booked.`);
  const holdMinutes = env().HOLD_MINUTES;
  const rows = [...new Set(selected.map((s) => s.rowIndex))].sort((a, b) => a - b);
  const countOccupied = ctx.rules.some((r) => r.kind === 'OCCUPANCY');

  const attempt = async () => {
    const state = await readSeatState({
      showtimeId: ctx.id,
      userId: input.userId,
      seatIds: input.seatIds,
      rows,
      countOccupied,
    });
    if (state?.status !== 'SCHEDULED' || !state.open) {
      throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime is no longer on sale.');
    }
    if (state.paying) {
      throw new AppError(
        'PAYMENT_PENDING',
        'You are paying for your seats on this show in another window. Finish or cancel that payment first.',
        { retryAfter: 2 },
      );
    }
    const taken = new Set(state.taken);
    const lost = selected.filter((s) => taken.has(s.id));
    if (lost.length) {
      throw unavailable(
        lost,
        `${lost.map((s) => s.label).join(', ')} ${lost.length > 1 ? 'are' : 'is'} no longer available.`,
      );
    }
    for (const r of rows) for (const seat of ctx.rows.get(r) ?? []) if (seat.blocked) taken.add(seat.id);
    const violation = checkSeatRules({
      ctx,
      taken,
      selected,
      accessible: input.accessible ?? false,
      now: new Date(),
    });
    if (violation) throw seatRuleError(violation);
    const occupancyBps = Math.floor(((state.occupied ?? 0) * 10_000) / Math.max(1, ctx.capacity));
    const price = priceSelection({ ctx, seats: selected, occupancyBps });
    const prices = new Map(price.seats.map((l) => [l.seatId, l.priceMinor]));
    const touched = [...new Set([...rows, ...state.previousRows])].sort((a, b) => a - b);

    let written: Written | undefined;
    try {
      // One statement = one SERIALIZABLE transaction on the seat-writer pool: a single round trip.
      // A serialization failure means a touched row changed under us, like SEATS_CHANGED: both
      // read again rather than repeat a write judged on what is now stale.
      const [row] = await seatWriter().$queryRawUnsafe<{ hold: Written }[]>(
        `SELECT hold_seats($1::uuid, $2::uuid, $3::int[], $4::int[], $5::uuid[], $6::uuid[],
                           $7::uuid[], $8::text[], $9::int[], $10::jsonb, $11::int, $12::int) AS hold`,
        ctx.id,
        input.userId,
        touched,
        touched.map((r) => state.versions?.[String(r)] ?? 0),
        state.previous,
        state.overdue,
        selected.map((s) => s.id),
        selected.map((s) => s.category),
        selected.map((s) => prices.get(s.id) ?? 0),
        JSON.stringify(price),
        price.totalMinor,
        holdMinutes,
      );
      written = row?.hold;
    } catch (error) {
      if (pgError(error)?.sqlState === SEATS_CHANGED || isRetryableTxError(error)) return null;
      throw error;
    }
    if (!written) return null;
    const result = { ...written, price };
    publishHeld(ctx.id, result, selected);
    rememberHoldRows(written.holdId, { showtimeId: ctx.id, rows });
    for (const id of state.previous) takeHoldRows(id);
    return result;
  };

  // Holds on one row queue in this process (see keyed-mutex.ts); other rows go ahead.
  const run = <T>(fn: () => Promise<T>) =>
    input.queue === false
      ? fn()
      : withKeyLocks(
          rows.map((r) => seatRowKey(ctx.id, r)),
          fn,
        );
  let result: NonNullable<Awaited<ReturnType<typeof attempt>>> | null = null;
  for (let round = 1; !result; round++) {
    try {
      result = await run(attempt);
    } catch (error) {
      // A same-user race (two tabs) or a seat taken between our read and write: read again.
      const retryable =
        isConstraintViolation(error, 'seat_holds_one_active_per_user') ||
        isConstraintViolation(error, 'seat_claims_one_live_per_seat');
      if (!retryable || round >= MAX_ROUNDS) {
        if (isConstraintViolation(error, 'seat_claims_one_live_per_seat')) {
          throw unavailable(selected, 'Someone else just took one of these seats.');
        }
        throw error;
      }
    }
    if (!result) {
      if (round >= MAX_ROUNDS) {
        throw new AppError('BUSY', 'Seats on this showtime are changing fast; please try again.', {
          retryAfter: 1,
        });
      }
      // Another booking changed a row we touch between our read and write (another instance, or
      // queue disabled): back off a little, with jitter, and read again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(40, 2 ** round)));
    }
  }

  return {
    holdId: result.holdId,
    showtimeId: ctx.id,
    expiresAt: new Date(result.expiresAt).toISOString(),
    seats: result.price.seats.map((l) => ({
      id: l.seatId,
      label: l.label,
      category: l.category,
      priceMinor: l.priceMinor,
    })),
    price: result.price,
    versions: result.versions,
  };
}

// Published while the rows are still ours in this process, so viewers get one row's batches in
// the order they committed.
function publishHeld(showtimeId: string, written: Written, selected: ContextSeat[]): void {
  const events: SeatEvent[] = [];
  const releasedByHold = new Map<string, string[]>();
  for (const r of written.released)
    releasedByHold.set(r.holdId, [...(releasedByHold.get(r.holdId) ?? []), r.seatId]);
  for (const [holdId, seatIds] of releasedByHold) events.push({ type: 'seat.released', seatIds, holdId });
  events.push({ type: 'seat.held', seatIds: selected.map((s) => s.id), holdId: written.holdId });
  publishSeatEvents({ showtimeId, versions: written.versions, events, committedAt: Date.now() });
}

const MAX_ROUNDS = 25;
