import 'server-only';
import { AppError } from '@/lib/errors';
import type { HoldResponse } from '@/lib/schemas/booking';
import type { SeatEvent } from '@/lib/seat-events';
import { withKeyLock } from '@/server/booking/keyed-mutex';
import { checkSeatRules, seatRuleError } from '@/server/booking/seat-rules';
import { type ContextSeat, type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { isConstraintViolation } from '@/server/db/errors';
import { serializable } from '@/server/db/transaction';
import { env } from '@/server/env';
import { priceSelection } from '@/server/pricing/price-selection';
import { publishSeatEvents } from '@/server/realtime/publish';

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

type Prepared = {
  version: number | null;
  released: { seatId: string; holdId: string }[] | null;
  taken: string[];
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

export async function holdSeats(input: HoldSeatsInput): Promise<HoldResponse> {
  const ctx = await showtimeContext(input.showtimeId);
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  assertBookable(ctx, new Date());
  const selected = resolveSeats(ctx, input.seatIds);
  const blocked = selected.filter((s) => s.blocked);
  if (blocked.length)
    throw unavailable(blocked, `${blocked.map((s) => s.label).join(', ')} cannot be booked.`);
  const holdMinutes = env().HOLD_MINUTES;

  const run = <T>(fn: () => Promise<T>) =>
    input.queue === false ? fn() : withKeyLock(`showtime:${ctx.id}`, fn);
  const result = await run(() =>
    serializable(
      async (tx) => {
        // One statement, one snapshot: bump the version (which also proves the showtime is still
        // bookable), replace this user's previous hold, expire overdue claims on the requested
        // seats (an expired hold never blocks a seat, swept or not), and read what is taken.
        const [prepared] = await tx.$queryRawUnsafe<Prepared[]>(
          `WITH v AS (
             UPDATE showtimes SET seat_version = seat_version + 1
             WHERE id = $1::uuid AND status = 'SCHEDULED' AND starts_at > now()
             RETURNING seat_version
           ), prev AS (
             UPDATE seat_holds
             SET status = (CASE WHEN expires_at <= now() THEN 'EXPIRED' ELSE 'RELEASED' END)::"HoldStatus", ended_at = now()
             WHERE user_id = $2::uuid AND showtime_id = $1::uuid AND status = 'ACTIVE' AND EXISTS (SELECT 1 FROM v)
             RETURNING id, status
           ), prev_claims AS (
             UPDATE seat_claims c
             SET state = (CASE WHEN prev.status = 'EXPIRED' THEN 'EXPIRED' ELSE 'RELEASED' END)::"ClaimState", updated_at = now()
             FROM prev WHERE c.hold_id = prev.id AND c.state = 'HELD'
             RETURNING c.seat_id, c.hold_id
           ), overdue AS (
             UPDATE seat_claims SET state = 'EXPIRED', updated_at = now()
             WHERE showtime_id = $1::uuid AND seat_id = ANY($3::uuid[]) AND state = 'HELD' AND expires_at <= now()
               AND hold_id NOT IN (SELECT id FROM prev) AND EXISTS (SELECT 1 FROM v)
             RETURNING seat_id
           )
           SELECT (SELECT seat_version FROM v) AS version,
                  (SELECT json_agg(json_build_object('seatId', seat_id, 'holdId', hold_id)) FROM prev_claims) AS released,
                  ARRAY(
                    SELECT seat_id::text FROM seat_claims
                    WHERE showtime_id = $1::uuid AND state IN ('HELD', 'SOLD')
                      AND (state = 'SOLD' OR expires_at > now())
                      AND hold_id NOT IN (SELECT id FROM prev)
                  ) AS taken`,
          ctx.id,
          input.userId,
          input.seatIds,
        );
        if (!prepared || prepared.version === null) {
          throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime is no longer on sale.');
        }
        const taken = new Set(prepared.taken);
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

        const occupancyBps = Math.floor((prepared.taken.length * 10_000) / Math.max(1, ctx.capacity));
        const price = priceSelection({ ctx, seats: selected, occupancyBps });
        const prices = new Map(price.seats.map((l) => [l.seatId, l.priceMinor]));
        const rows = await tx.$queryRawUnsafe<{ hold_id: string; expires_at: Date }[]>(
          `WITH h AS (
             INSERT INTO seat_holds (user_id, showtime_id, expires_at, price, total_minor)
             VALUES ($1::uuid, $2::uuid, now() + make_interval(mins => $3::int), $4::jsonb, $5::int)
             RETURNING id, expires_at
           )
           INSERT INTO seat_claims (hold_id, showtime_id, seat_id, expires_at, category, price_minor)
           SELECT h.id, $2::uuid, x.seat_id, h.expires_at, x.category::"SeatCategory", x.price_minor
           FROM h, unnest($6::uuid[], $7::text[], $8::int[]) AS x(seat_id, category, price_minor)
           RETURNING hold_id::text, expires_at`,
          input.userId,
          ctx.id,
          holdMinutes,
          JSON.stringify(price),
          price.totalMinor,
          selected.map((s) => s.id),
          selected.map((s) => s.category),
          selected.map((s) => prices.get(s.id) ?? 0),
        );
        const first = rows[0];
        if (!first) throw new Error('hold insert returned no rows');
        return {
          version: prepared.version,
          released: prepared.released ?? [],
          holdId: first.hold_id,
          expiresAt: first.expires_at,
          price,
        };
      },
      { label: 'hold-seats' },
    ).catch((error: unknown) => {
      // Lost a race the retry loop could not see coming: the index refused a double hold.
      if (isConstraintViolation(error, 'seat_claims_one_live_per_seat')) {
        throw unavailable(selected, 'Someone else just took one of these seats.');
      }
      throw error;
    }),
  );

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
    expiresAt: result.expiresAt.toISOString(),
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
