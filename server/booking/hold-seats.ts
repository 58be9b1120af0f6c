import 'server-only';
import { AppError } from '@/lib/errors';
import type { HoldResponse } from '@/lib/schemas/booking';
import type { SeatEvent } from '@/lib/seat-events';
import { withKeyLock } from '@/server/booking/keyed-mutex';
import { checkSeatRules, seatRuleError } from '@/server/booking/seat-rules';
import { type ContextSeat, type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { serializableStatement } from '@/server/db/transaction';
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
   * Queue this process's transactions per showtime (default). Tests turn it off to prove the
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
  version: number;
  status: string;
  open: boolean;
  /** Seats in someone else's live hold or sold. */
  taken: string[];
  /** The caller's live holds on this showtime (normally none or one). */
  previous: string[];
  /** One of them has a payment in progress: it must not be replaced under it. */
  paying: boolean;
  /** Overdue HELD claims (of other holds) on the requested seats: free in fact, flipped on write. */
  overdue: string[];
};

// One statement, so one snapshot: the showtime's seat version and everything the rules and the
// price need. Read outside the transaction on purpose (see holdSeats).
async function readSeatState(
  showtimeId: string,
  userId: string,
  seatIds: string[],
): Promise<SeatState | null> {
  const [row] = await db().$queryRawUnsafe<SeatState[]>(
    `WITH mine AS (
       SELECT id, payment_pending FROM seat_holds
       WHERE user_id = $2::uuid AND showtime_id = $1::uuid AND status = 'ACTIVE'
     )
     SELECT s.seat_version AS version, s.status::text AS status, s.starts_at > now() AS open,
            ARRAY(SELECT c.seat_id::text FROM seat_claims c
                  WHERE c.showtime_id = s.id AND c.state IN ('HELD', 'SOLD')
                    AND (c.state = 'SOLD' OR c.expires_at > now()) AND c.hold_id NOT IN (SELECT id FROM mine)) AS taken,
            ARRAY(SELECT id::text FROM mine) AS previous,
            EXISTS (SELECT 1 FROM mine WHERE payment_pending) AS paying,
            ARRAY(SELECT c.id::text FROM seat_claims c
                  WHERE c.showtime_id = s.id AND c.seat_id = ANY($3::uuid[]) AND c.state = 'HELD'
                    AND c.expires_at <= now() AND c.hold_id NOT IN (SELECT id FROM mine)) AS overdue
     FROM showtimes s WHERE s.id = $1::uuid`,
    showtimeId,
    userId,
    seatIds,
  );
  return row ?? null;
}

type Written = {
  version: number | null;
  holdId: string | null;
  expiresAt: Date | null;
  released: { seatId: string; holdId: string }[] | null;
};

/**
 * Hold seats: all or nothing, replacing the user's previous hold on the showtime.
 *
 * Concurrency design. Every change to a showtime's seats, in every use case, bumps the showtime's
 * seat_version. So a hold reads the seat state once (outside any transaction, in one statement:
 * a consistent snapshot), checks availability, the seat rules and the price against it, and then
 * writes in a SERIALIZABLE transaction whose single statement first does a compare-and-set on the
 * version: if anything changed the showtime's seats since the read, nothing is written and we
 * read again. The transaction touches rows only by primary key, so under SERIALIZABLE it does not
 * take range (page) predicate locks on the claim and hold indexes that every other booking
 * writes to; with them, bookings on different showtimes aborted each other (measured: more than
 * half at 8 clients). The partial unique index seat_claims_one_live_per_seat remains the last line
 * of defence: whatever happens above, a seat cannot be in two live claims.
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

  const attempt = async () => {
    const state = await readSeatState(ctx.id, input.userId, input.seatIds);
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
    for (const seat of ctx.seats.values()) if (seat.blocked) taken.add(seat.id);
    const violation = checkSeatRules({
      ctx,
      taken,
      selected,
      accessible: input.accessible ?? false,
      now: new Date(),
    });
    if (violation) throw seatRuleError(violation);
    const occupancyBps = Math.floor((state.taken.length * 10_000) / Math.max(1, ctx.capacity));
    const price = priceSelection({ ctx, seats: selected, occupancyBps });
    const prices = new Map(price.seats.map((l) => [l.seatId, l.priceMinor]));

    // One statement = one SERIALIZABLE transaction on the seat-writer pool: a single round trip.
    // Every row it touches is found by primary key or hold id, and the parts with nothing to do
    // are left out of the statement rather than given an empty list: for `id = ANY('{}')` the
    // planner cannot use the primary key and scans the small index of active holds instead, and
    // under SERIALIZABLE a scan of those hot pages, which every booking writes to, makes every
    // concurrent booking a conflict (measured: 2.8 rollbacks per hold and 35 holds/s at 32
    // clients). The state/status tests are ::text comparisons for the same reason: compared as
    // enums they match the partial indexes of live claims and active holds.
    const replacePrevious = state.previous.length
      ? `prev AS (
             UPDATE seat_holds
             SET status = (CASE WHEN expires_at <= now() THEN 'EXPIRED' ELSE 'RELEASED' END)::"HoldStatus", ended_at = now()
             WHERE id = ANY($3::uuid[]) AND status::text = 'ACTIVE' AND NOT payment_pending AND EXISTS (SELECT 1 FROM v)
             RETURNING id, status
           ), prev_claims AS (
             UPDATE seat_claims c
             SET state = (CASE WHEN prev.status = 'EXPIRED' THEN 'EXPIRED' ELSE 'RELEASED' END)::"ClaimState", updated_at = now()
             FROM prev WHERE c.hold_id = prev.id AND c.hold_id = ANY($3::uuid[]) AND c.state::text = 'HELD'
             RETURNING c.seat_id, c.hold_id
           )`
      : `prev AS (SELECT NULL::uuid AS id WHERE $3::uuid[] IS NULL),
         prev_claims AS (SELECT NULL::uuid AS seat_id, NULL::uuid AS hold_id WHERE $3::uuid[] IS NULL)`;
    const expireOverdue = state.overdue.length
      ? `overdue AS (
             -- An expired hold never blocks a seat, swept or not: its claim is flipped here.
             UPDATE seat_claims SET state = 'EXPIRED', updated_at = now()
             WHERE id = ANY($4::uuid[]) AND state::text = 'HELD' AND expires_at <= now() AND EXISTS (SELECT 1 FROM v)
             RETURNING seat_id
           )`
      : `overdue AS (SELECT NULL::uuid AS seat_id WHERE $4::uuid[] IS NULL)`;
    const written = await serializableStatement(
      async (tx) => {
        const [row] = await tx.$queryRawUnsafe<Written[]>(
          `WITH v AS (
             UPDATE showtimes SET seat_version = seat_version + 1
             WHERE id = $1::uuid AND seat_version = $2::int AND status = 'SCHEDULED' AND starts_at > now()
             RETURNING seat_version
           ), ${replacePrevious}, ${expireOverdue}, h AS (
             INSERT INTO seat_holds (user_id, showtime_id, expires_at, price, total_minor)
             SELECT $5::uuid, $1::uuid, now() + make_interval(mins => $6::int), $7::jsonb, $8::int
             -- Reading the release CTEs' output makes them run to completion first: the seats
             -- they free must be free before the new claims hit the unique index, and the
             -- replaced hold must have ended before this one meets seat_holds_one_active_per_user.
             -- prev is read here itself, not only through prev_claims: when the old hold has no
             -- held claims left (taken over after it lapsed), a merge join in prev_claims stops
             -- at its empty side and never reads prev.
             WHERE EXISTS (SELECT 1 FROM v)
               AND (SELECT count(*) FROM prev) >= 0 AND (SELECT count(*) FROM prev_claims) >= 0
               AND (SELECT count(*) FROM overdue) >= 0
             RETURNING id, expires_at
           ), claims AS (
             INSERT INTO seat_claims (hold_id, showtime_id, seat_id, expires_at, category, price_minor)
             SELECT h.id, $1::uuid, x.seat_id, h.expires_at, x.category::"SeatCategory", x.price_minor
             FROM h, unnest($9::uuid[], $10::text[], $11::int[]) AS x(seat_id, category, price_minor)
             RETURNING hold_id
           )
           SELECT (SELECT seat_version FROM v) AS version,
                  (SELECT id::text FROM h) AS "holdId",
                  (SELECT expires_at FROM h) AS "expiresAt",
                  (SELECT count(*) FROM claims) AS inserted,
                  (SELECT count(*) FROM overdue) AS flipped,
                  (SELECT json_agg(json_build_object('seatId', seat_id, 'holdId', hold_id)) FROM prev_claims) AS released`,
          ctx.id,
          state.version,
          state.previous,
          state.overdue,
          input.userId,
          holdMinutes,
          JSON.stringify(price),
          price.totalMinor,
          selected.map((s) => s.id),
          selected.map((s) => s.category),
          selected.map((s) => prices.get(s.id) ?? 0),
        );
        return row;
      },
      { label: 'hold-seats' },
    );
    if (!written || written.version === null || !written.holdId || !written.expiresAt) return null; // seats changed: read again
    return {
      version: written.version,
      released: written.released ?? [],
      holdId: written.holdId,
      expiresAt: written.expiresAt,
      price,
    };
  };

  const run = <T>(fn: () => Promise<T>) =>
    input.queue === false ? fn() : withKeyLock(`showtime:${ctx.id}`, fn);
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
      // Another booking changed this showtime between our read and write (another instance, or
      // queue disabled): back off a little, with jitter, and read again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(40, 2 ** round)));
    }
  }

  const events: SeatEvent[] = [];
  const releasedByHold = new Map<string, string[]>();
  for (const r of result.released)
    releasedByHold.set(r.holdId, [...(releasedByHold.get(r.holdId) ?? []), r.seatId]);
  for (const [holdId, seatIds] of releasedByHold) events.push({ type: 'seat.released', seatIds, holdId });
  events.push({ type: 'seat.held', seatIds: selected.map((s) => s.id), holdId: result.holdId });
  publishSeatEvents({ showtimeId: ctx.id, version: result.version, events, committedAt: Date.now() });

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
    version: result.version,
  };
}

const MAX_ROUNDS = 25;
