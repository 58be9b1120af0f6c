import 'server-only';
import { isAppError } from '@/lib/errors';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import type { ContextSeat, ShowtimeContext } from '@/server/booking/showtime-context';
import { showtimeContext } from '@/server/booking/showtime-context';
import { db, lockPool } from '@/server/db';
import { withSessionLock } from '@/server/db/session-lock';
import { publishWaitlistOffer } from '@/server/events/waitlist-events';
import { log } from '@/server/log';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { singleton } from '@/server/singleton';
import { bestAdjacentSeats } from '@/server/waitlist/find-adjacent-seats';
import { waitlistLineChanged } from '@/server/waitlist/renumber-waitlist';
import { onSale, takenSeatIds } from '@/server/waitlist/seat-availability';
import { closeEndedWaitlists, settleOffers } from '@/server/waitlist/settle-offers';
import { checkoutPath } from '@/server/waitlist/waitlist-view';

// The offer engine for one showtime. It settles finished offers, then walks the WAITING entries
// in the order they joined and, for each, looks for `seatsWanted` free seats side by side
// (find-adjacent-seats.ts). When it finds them it holds them for the waiter with holdSeats (so
// the offer is an ordinary hold: the normal checkout pays for it, and it lasts the normal hold
// time), marks the entry OFFERED and queues the 'waitlist.offered' email in one transaction.
// Once that has committed it publishes the offer (server/events/waitlist-events.ts), which the
// socket layer pushes to that waiter's open pages at once: every offer, whatever freed the seats
// (a release, an expiry, a cancellation, the sweep), is made here and only here.
//
// Order: first come, first served, but work-conserving. An earlier waiter is never passed over
// for seats they could use: each waiter is checked, against the seats free at that moment, before
// anyone who joined later. A waiter for whom there is no block big enough keeps their place, and a
// later, smaller request may then take seats that no earlier waiting request can use right now
// (a freed pair goes to the first waiter for two even when a waiter for four joined earlier).
// A waiter who is holding seats for this showtime right now (busy booking) is skipped for this
// run, keeping their place: an offer would replace, and so cancel, the hold they are paying for.
//
// Concurrency: holdSeats and the index seat_claims_one_live_per_seat make offering one seat twice
// impossible. Runs for one showtime never overlap: in this process they are queued (calls made
// while a run is in progress share the one queued after it), and across instances a session
// advisory lock, held for the whole run on a connection of the lock pool, serialises them.

export type Offer = {
  entryId: string;
  userId: string;
  holdId: string;
  seatIds: string[];
  labels: string[];
  expiresAt: string;
};
export type OfferSeatsResult = { offers: Offer[]; settled: number; closed: number };

type Waiter = {
  id: string;
  user_id: string;
  seats_wanted: number;
  created_at: Date;
  email: string | null;
  busy: boolean;
};

const MAX_WAITERS_PER_RUN = 500;
const ATTEMPTS_PER_WAITER = 3;

type Slot = { queued: Promise<OfferSeatsResult> | null; tail: Promise<unknown>; pending: number };
// A singleton: the scheduler (custom server) and route handlers (Next's bundle) load this module
// separately and must share one queue per showtime.
const slots = singleton('waitlist-runs', () => new Map<string, Slot>());

export async function offerSeats(options: {
  showtimeId: string;
  /** Queue runs in this process (default). Tests turn it off to prove the advisory lock alone suffices. */
  queue?: boolean;
}): Promise<OfferSeatsResult> {
  const id = options.showtimeId;
  if (options.queue === false) return runLocked(id);
  let slot = slots.get(id);
  if (!slot) {
    slot = { queued: null, tail: Promise.resolve(), pending: 0 };
    slots.set(id, slot);
  }
  // A run that has not started yet will read the state this caller wants handled: share it.
  if (slot.queued) return slot.queued;
  const s = slot;
  s.pending++;
  const run = s.tail.then(() => {
    s.queued = null;
    return runLocked(id);
  });
  s.queued = run;
  s.tail = run.catch(() => {});
  try {
    return await run;
  } finally {
    s.pending--;
    if (s.pending === 0 && slots.get(id) === s) slots.delete(id);
  }
}

function runLocked(showtimeId: string): Promise<OfferSeatsResult> {
  // A session lock on a connection of the lock pool, not a transaction on db()'s pool: the run
  // queries through db() and holdSeats, and must never need a second connection of a pool it
  // holds one of (server/db/session-lock.ts).
  return withSessionLock(lockPool(), ['marquee:waitlist', showtimeId], () => run(showtimeId));
}

async function run(showtimeId: string): Promise<OfferSeatsResult> {
  const settled = (await settleOffers({ showtimeId })).length;
  const open = await onSale(showtimeId);
  if (!open) {
    const closed = open === null ? 0 : await closeEndedWaitlists({ showtimeId });
    return { offers: [], settled, closed };
  }
  const waiters = await db().$queryRaw<Waiter[]>`
    SELECT w.id::text, w.user_id::text, w.seats_wanted, w.created_at, u.email,
           EXISTS (
             SELECT 1 FROM seat_holds h
             WHERE h.user_id = w.user_id AND h.showtime_id = w.showtime_id AND h.status = 'ACTIVE' AND h.expires_at > now()
           ) AS busy
    FROM waitlist_entries w JOIN users u ON u.id = w.user_id
    WHERE w.showtime_id = ${showtimeId}::uuid AND w.status = 'WAITING'
    ORDER BY w.created_at, w.id
    LIMIT ${MAX_WAITERS_PER_RUN}`;
  const ctx = waiters.length ? await showtimeContext(showtimeId) : null;
  if (!ctx) return { offers: [], settled, closed: 0 };

  let taken = await takenSeatIds(showtimeId);
  const offers: Offer[] = [];
  for (const waiter of waiters) {
    if (waiter.busy) continue;
    for (let attempt = 1; attempt <= ATTEMPTS_PER_WAITER; attempt++) {
      const seats = bestAdjacentSeats(ctx, taken, waiter.seats_wanted);
      if (!seats) break;
      const outcome = await offer(ctx, waiter, seats);
      if (outcome === 'closed') {
        return { offers, settled, closed: await closeEndedWaitlists({ showtimeId }) };
      }
      if (outcome === 'lost' || outcome === 'gone') {
        // Someone else took a seat meanwhile, or the waiter left: re-read and go on.
        taken = await takenSeatIds(showtimeId);
        if (outcome === 'gone') break;
        continue;
      }
      offers.push(outcome);
      for (const id of outcome.seatIds) taken.add(id);
      break;
    }
  }
  return { offers, settled, closed: 0 };
}

async function offer(
  ctx: ShowtimeContext,
  waiter: Waiter,
  seats: ContextSeat[],
): Promise<Offer | 'lost' | 'gone' | 'closed'> {
  let hold: Awaited<ReturnType<typeof holdSeats>>;
  try {
    hold = await holdSeats({ userId: waiter.user_id, showtimeId: ctx.id, seatIds: seats.map((s) => s.id) });
  } catch (error) {
    if (isAppError(error) && (error.code === 'SEATS_UNAVAILABLE' || error.code === 'SEAT_RULE_VIOLATION')) {
      return 'lost';
    }
    if (isAppError(error) && error.code === 'SHOWTIME_NOT_BOOKABLE') return 'closed';
    throw error;
  }
  const made: Offer = {
    entryId: waiter.id,
    userId: waiter.user_id,
    holdId: hold.holdId,
    seatIds: hold.seats.map((s) => s.id),
    labels: hold.seats.map((s) => s.label),
    expiresAt: hold.expiresAt,
  };
  // Conditional on the entry still WAITING, so a waiter who left meanwhile gets no offer; the
  // email is queued in the same transaction, so it exists exactly when the offer does.
  const recorded = await db().$transaction(async (tx) => {
    const { count } = await tx.waitlistEntry.updateMany({
      where: { id: waiter.id, status: 'WAITING' },
      data: {
        status: 'OFFERED',
        offeredSeatIds: made.seatIds,
        offerHoldId: made.holdId,
        offerExpiresAt: new Date(made.expiresAt),
      },
    });
    if (count === 0) return false;
    if (waiter.email) {
      await enqueueNotification(tx, {
        kind: 'waitlist.offered',
        recipient: waiter.email,
        payload: {
          entryId: waiter.id,
          showtimeId: ctx.id,
          movieTitle: ctx.movie.title,
          cinemaName: ctx.cinema.name,
          screenName: ctx.screenName,
          startsAt: ctx.startsAt.toISOString(),
          seats: made.labels,
          seatIds: made.seatIds,
          holdId: made.holdId,
          expiresAt: made.expiresAt,
          checkoutPath: checkoutPath(made.holdId),
        },
      });
    }
    return true;
  });
  if (!recorded) {
    await releaseHold({ userId: waiter.user_id, holdId: made.holdId }).catch((error: unknown) =>
      log.warn('releasing an unclaimed waitlist hold failed', { holdId: made.holdId, err: String(error) }),
    );
    return 'gone';
  }
  publishWaitlistOffer({
    userId: waiter.user_id,
    entry: {
      id: waiter.id,
      showtimeId: ctx.id,
      seatsWanted: waiter.seats_wanted,
      status: 'OFFERED',
      position: null,
      createdAt: new Date(waiter.created_at).toISOString(),
      offer: {
        holdId: made.holdId,
        seatIds: made.seatIds,
        labels: made.labels,
        expiresAt: made.expiresAt,
        checkoutPath: checkoutPath(made.holdId),
      },
    },
  });
  // Out of the line: everyone who waited behind them moves up.
  waitlistLineChanged(ctx.id);
  log.info('waitlist offer made', {
    showtimeId: ctx.id,
    entryId: waiter.id,
    holdId: made.holdId,
    seats: made.labels.join(','),
  });
  return made;
}
