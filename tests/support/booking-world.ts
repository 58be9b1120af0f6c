import { type AppError, type ErrorCode, isAppError } from '@/lib/errors';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { RowVersions } from '@/lib/seat-events';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { checkout } from '@/server/booking/checkout';
import { expireHolds } from '@/server/booking/expire-holds';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { toAppError } from '@/server/http/errors';
import { type SandboxLedgerSummary, sandboxLedger } from '@/server/payments/sandbox';
import { customerRefundMinor } from '@/server/pricing/price-selection';
import { createCinema, createScreen, createShowtime, createUser } from './factories';

// A world for property-based booking tests: one bookable showtime on a small screen, a few
// customers and a manager, the booking commands they can issue (every one of which may
// legitimately fail with a client error), and the invariants that must hold after any
// interleaving of them, checked against the database with SQL.

export type WorldOptions = { rows: number; cols: number; users: number; orphanSeatRule: boolean };

export type BookingWorld = Awaited<ReturnType<typeof createBookingWorld>>;

export async function createBookingWorld(options: WorldOptions) {
  const cinema = await createCinema({ orphanSeatRule: options.orphanSeatRule });
  const { screen, seats } = await createScreen({
    cinemaId: cinema.id,
    rows: options.rows,
    cols: options.cols,
  });
  const showtime = await createShowtime({ screenId: screen.id });
  const customers = await Promise.all(Array.from({ length: options.users }, () => createUser()));
  const managerUser = await createUser({ role: 'MANAGER' });
  const viewers: Viewer[] = customers.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: 'CUSTOMER',
    staffCinemaIds: [],
    managedCinemaIds: [],
  }));
  const manager: Viewer = {
    id: managerUser.id,
    name: managerUser.name,
    email: managerUser.email,
    role: 'MANAGER',
    staffCinemaIds: [cinema.id],
    managedCinemaIds: [cinema.id],
  };
  return { options, cinema, screen, seats, showtime, viewers, manager };
}

// ─── Commands ────────────────────────────────────────────────────────────────

/** Which of the user's holds (or bookings) a command targets: 0 = the latest, n = the n-th older. */
export type Target = number;
export type IdempotencyChoice = 'none' | 'fresh' | 'shared-0' | 'shared-1';

export type Command =
  | { kind: 'hold'; user: number; seats: number[]; queue: boolean }
  | { kind: 'release'; user: number; pick: Target }
  | {
      kind: 'checkout';
      user: number;
      pick: Target;
      card: 'success' | 'declined';
      key: IdempotencyChoice;
      /** Send the same request twice at once (a double click, a retry racing the original). */
      twice: boolean;
      /**
       * The provider is slower than the payment grace period: the hold lapses while the card is
       * being charged, and anyone may take its seats before the charge returns.
       */
      lapse: boolean;
    }
  | { kind: 'cancel'; user: number; pick: Target }
  | { kind: 'expire-now'; user: number; pick: Target }
  | { kind: 'sweep' }
  | { kind: 'cancel-showtime' }
  /** Someone watching reads the seat map (served from the shared snapshot when it is current). */
  | { kind: 'view'; user: number };

const card = (number: string) => ({
  method: 'card' as const,
  card: { number, expMonth: 12, expYear: 2030, cvc: '123' },
});
const CARDS = { success: card('4242 4242 4242 4242'), declined: card('4000 0000 0000 0002') };

// Codes each command may answer with in some legitimate interleaving. Anything else (a 500, a
// raw database error, NOT_FOUND for one's own hold) is a bug.
const EXPECTED: Record<Command['kind'], readonly ErrorCode[]> = {
  // RATE_LIMITED: the per-user burst guard (HOLD_RATE_LIMIT_PER_MINUTE). PAYMENT_PENDING: the
  // user's own checkout of the hold this would replace (or release) is charging the card.
  hold: [
    'SEATS_UNAVAILABLE',
    'SEAT_RULE_VIOLATION',
    'SHOWTIME_NOT_BOOKABLE',
    'RATE_LIMITED',
    'PAYMENT_PENDING',
    'BUSY',
  ],
  release: ['HOLD_NOT_ACTIVE', 'PAYMENT_PENDING', 'BUSY'],
  checkout: [
    'HOLD_EXPIRED',
    'HOLD_NOT_ACTIVE',
    'PAYMENT_DECLINED',
    'SHOWTIME_NOT_BOOKABLE',
    // A payment for the hold is already in progress, or the key was freed by a racing 5xx.
    'PAYMENT_PENDING',
    'CONFLICT',
    'IDEMPOTENCY_CONFLICT',
    'BUSY',
  ],
  cancel: ['CANCELLATION_CLOSED', 'BUSY'],
  'expire-now': ['BUSY'],
  sweep: [],
  'cancel-showtime': ['CONFLICT', 'BUSY'],
  view: ['BUSY'],
};

export type Outcome = {
  step: number;
  command: Command;
  result: 'ok' | 'skipped' | ErrorCode;
  /** For a successful hold: the row versions it committed. */
  versions?: RowVersions;
  /** For a successful checkout: the booking it returned, and whether it was a replay. */
  reference?: string;
  replayed?: boolean;
  /** For a checkout: its hold lapsed while the card was being charged. */
  lapsed?: boolean;
  holdId?: string;
  key?: string;
  note?: string;
};

export type RunLog = {
  outcomes: Outcome[];
  /** Unexpected errors: the property fails if there is any. */
  unexpected: string[];
};

async function userHolds(world: BookingWorld, userId: string) {
  return db().seatHold.findMany({
    where: { userId, showtimeId: world.showtime.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: { id: true },
  });
}

async function userBookings(world: BookingWorld, userId: string) {
  return db().booking.findMany({
    where: { userId, showtimeId: world.showtime.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: { reference: true },
  });
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function at<T>(list: T[], pick: Target): T | undefined {
  return list.length ? list[pick % list.length] : undefined;
}

/** The hold's time is up: its end, and its claims', move to the past (one statement, so they agree). */
async function lapseHold(holdId: string): Promise<void> {
  const [hold] = await db().$queryRaw<{ showtime_id: string }[]>`
    WITH h AS (
      UPDATE seat_holds SET expires_at = now() - interval '1 minute' WHERE id = ${holdId}::uuid
      RETURNING id, expires_at, showtime_id
    ), c AS (
      UPDATE seat_claims c SET expires_at = h.expires_at FROM h WHERE c.hold_id = h.id
    )
    SELECT showtime_id::text FROM h`;
  // This moves one hold's clock behind the app's back; the seat-map snapshot judged its expiry
  // by the old time, as time itself cannot move backwards. Say so, as an operator's change would.
  if (hold) publishCatalogChange({ showtimeIds: [hold.showtime_id] });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/** Runs one command; records its outcome, and anything a legitimate interleaving cannot explain. */
export async function runCommand(world: BookingWorld, command: Command, step: number, log: RunLog) {
  const record = (o: Omit<Outcome, 'step' | 'command'>) => log.outcomes.push({ step, command, ...o });
  const failed = (error: unknown, extra: Omit<Outcome, 'step' | 'command' | 'result'> = {}) => {
    // toAppError maps raw serialization failures and known constraints too; a use case must not
    // leak those, so only a real AppError counts as an answer.
    if (!isAppError(error)) {
      log.unexpected.push(`step ${step} ${JSON.stringify(command)}: non-AppError ${describeError(error)}`);
      record({ result: toAppError(error).code, ...extra });
      return;
    }
    const e = error as AppError;
    const allowed =
      EXPECTED[command.kind].includes(e.code) &&
      !(e.code === 'SEAT_RULE_VIOLATION' && !world.options.orphanSeatRule);
    if (!allowed || (e.status >= 500 && e.code !== 'BUSY')) {
      log.unexpected.push(
        `step ${step} ${JSON.stringify(command)}: ${e.status} ${e.code} ${e.message} ${JSON.stringify(e.details ?? null)}`,
      );
    }
    record({ result: e.code, ...extra });
  };

  switch (command.kind) {
    case 'hold': {
      const user = world.viewers[command.user % world.viewers.length]!;
      const seatIds = command.seats.map((i) => world.seats[i % world.seats.length]!.id);
      try {
        const hold = await holdSeats({
          userId: user.id,
          showtimeId: world.showtime.id,
          seatIds: [...new Set(seatIds)],
          queue: command.queue,
        });
        record({ result: 'ok', versions: hold.versions, holdId: hold.holdId });
      } catch (error) {
        failed(error);
      }
      return;
    }
    case 'release': {
      const user = world.viewers[command.user % world.viewers.length]!;
      const hold = at(await userHolds(world, user.id), command.pick);
      if (!hold) return record({ result: 'skipped' });
      try {
        const r = await releaseHold({ userId: user.id, holdId: hold.id });
        record({ result: 'ok', holdId: hold.id, note: r.released ? 'released' : 'no-op' });
      } catch (error) {
        failed(error, { holdId: hold.id });
      }
      return;
    }
    case 'checkout': {
      const user = world.viewers[command.user % world.viewers.length]!;
      const hold = at(await userHolds(world, user.id), command.pick);
      if (!hold) return record({ result: 'skipped' });
      const key =
        command.key === 'none'
          ? undefined
          : command.key === 'fresh'
            ? `fresh-key-${step}`
            : `shared-key-${command.key}`;
      let lapsed = false;
      const attempt = async () => {
        try {
          const r = await checkout({
            userId: user.id,
            holdId: hold.id,
            payment: CARDS[command.card],
            idempotencyKey: key,
          });
          record({
            result: 'ok',
            holdId: hold.id,
            key,
            lapsed,
            reference: r.booking.reference,
            replayed: r.replayed,
            note: `${r.booking.status} ${r.booking.tickets.length} tickets ${r.booking.totalMinor}`,
          });
        } catch (error) {
          failed(error, { holdId: hold.id, key, lapsed });
        }
      };
      const attempts = Promise.all(command.twice ? [attempt(), attempt()] : [attempt()]);
      if (command.lapse) {
        let done = false;
        void attempts.then(() => {
          done = true;
        });
        // Once the card is being charged (the payment is PENDING), end the hold's time.
        while (!done) {
          const charging = await db().payment.count({ where: { holdId: hold.id, status: 'PENDING' } });
          if (charging > 0) {
            try {
              await lapseHold(hold.id);
              lapsed = true;
            } catch (error) {
              if (toAppError(error).code !== 'BUSY') {
                log.unexpected.push(`step ${step} lapse: ${describeError(error)}`);
              }
            }
            break;
          }
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      await attempts;
      return;
    }
    case 'cancel': {
      const user = world.viewers[command.user % world.viewers.length]!;
      const booking = at(await userBookings(world, user.id), command.pick);
      if (!booking) return record({ result: 'skipped' });
      try {
        const r = await cancelBooking({ reference: booking.reference, viewer: user });
        record({
          result: 'ok',
          reference: booking.reference,
          note: `refund ${r.refund?.amountMinor ?? 0} ${r.refund?.status ?? 'none'}`,
        });
      } catch (error) {
        failed(error, { reference: booking.reference });
      }
      return;
    }
    case 'expire-now': {
      const user = world.viewers[command.user % world.viewers.length]!;
      const hold = at(await userHolds(world, user.id), command.pick);
      if (!hold) return record({ result: 'skipped' });
      try {
        await lapseHold(hold.id);
        record({ result: 'ok', holdId: hold.id });
      } catch (error) {
        // Our own raw SQL may lose a deadlock to a use case's transaction; that is not the app's bug.
        const e = toAppError(error);
        if (e.code !== 'BUSY') log.unexpected.push(`step ${step} expire-now: ${describeError(error)}`);
        record({ result: e.code, holdId: hold.id });
      }
      return;
    }
    case 'view': {
      const user = command.user < 0 ? undefined : world.viewers[command.user % world.viewers.length];
      try {
        await getSeatMap(world.showtime.id, user?.id);
        record({ result: 'ok' });
      } catch (error) {
        failed(error);
      }
      return;
    }
    case 'sweep': {
      try {
        const r = await expireHolds();
        record({ result: 'ok', note: `${r.holds} holds` });
      } catch (error) {
        failed(error);
      }
      return;
    }
    case 'cancel-showtime': {
      try {
        const r = await cancelShowtime({
          showtimeId: world.showtime.id,
          viewer: world.manager,
          reason: 'Projector failure',
        });
        record({
          result: 'ok',
          note: `${r.bookingsCancelled} bookings, ${r.refundsPending} refunds pending`,
        });
      } catch (error) {
        failed(error);
      }
      return;
    }
  }
}

export async function seatVersions(world: BookingWorld): Promise<RowVersions> {
  const rows = await db().showtimeSeatRow.findMany({
    where: { showtimeId: world.showtime.id },
    select: { rowIndex: true, version: true },
  });
  return Object.fromEntries(rows.map((r) => [String(r.rowIndex), r.version]));
}

// ─── Invariants ──────────────────────────────────────────────────────────────

export type LedgerDelta = SandboxLedgerSummary;

export async function ledgerDelta(world: BookingWorld, before: SandboxLedgerSummary): Promise<LedgerDelta> {
  const now = await sandboxLedger({ showtimeId: world.showtime.id });
  return {
    charges: now.charges - before.charges,
    declines: now.declines - before.declines,
    refunds: now.refunds - before.refunds,
    chargedMinor: now.chargedMinor - before.chargedMinor,
    refundedMinor: now.refundedMinor - before.refundedMinor,
  };
}

const SHOWTIME_CANCEL_REASON = 'Showtime cancelled by the cinema';

/**
 * Every invariant of the booking engine, read back from the database after a run. Returns the
 * violations, each naming what broke; an empty list means the run left a consistent world.
 */
export async function checkInvariants(
  world: BookingWorld,
  run: { log: RunLog; versions: RowVersions[]; ledger: LedgerDelta },
): Promise<string[]> {
  const v: string[] = [];
  const showtimeId = world.showtime.id;
  const q = <T>(sql: string, ...params: unknown[]) => db().$queryRawUnsafe<T[]>(sql, showtimeId, ...params);

  // 1. No seat in two live claims, no seat with two live tickets.
  for (const r of await q<{ seat_id: string; n: number }>(
    `SELECT seat_id::text, count(*)::int AS n FROM seat_claims
     WHERE showtime_id = $1::uuid AND state IN ('HELD', 'SOLD') GROUP BY seat_id HAVING count(*) > 1`,
  )) {
    v.push(`[1 double-claim] seat ${r.seat_id} is in ${r.n} HELD/SOLD claims`);
  }
  for (const r of await q<{ seat_id: string; n: number }>(
    `SELECT seat_id::text, count(*)::int AS n FROM tickets
     WHERE showtime_id = $1::uuid AND status <> 'CANCELLED' GROUP BY seat_id HAVING count(*) > 1`,
  )) {
    v.push(`[1 double-ticket] seat ${r.seat_id} has ${r.n} live tickets`);
  }

  const holds = await q<{
    id: string;
    user_id: string | null;
    status: string;
    live: boolean;
    expires_at: Date;
    total_minor: number;
  }>(
    `SELECT id::text, user_id::text, status::text, expires_at > now() AS live, expires_at, total_minor
     FROM seat_holds WHERE showtime_id = $1::uuid`,
  );
  const claims = await q<{
    id: string;
    hold_id: string;
    seat_id: string;
    state: string;
    expires_at: Date;
    price_minor: number;
  }>(
    `SELECT id::text, hold_id::text, seat_id::text, state::text, expires_at, price_minor
     FROM seat_claims WHERE showtime_id = $1::uuid`,
  );
  const bookings = await q<{
    id: string;
    reference: string;
    user_id: string | null;
    hold_id: string;
    status: string;
    subtotal_minor: number;
    total_minor: number;
    price: unknown;
    cancel_reason: string | null;
  }>(
    `SELECT id::text, reference, user_id::text, hold_id::text, status::text, subtotal_minor, total_minor,
            price, cancel_reason
     FROM bookings WHERE showtime_id = $1::uuid`,
  );
  const tickets = await q<{
    id: string;
    booking_id: string;
    claim_id: string;
    seat_id: string;
    status: string;
    price_minor: number;
  }>(
    `SELECT id::text, booking_id::text, claim_id::text, seat_id::text, status::text, price_minor
     FROM tickets WHERE showtime_id = $1::uuid`,
  );
  const payments = await q<{
    id: string;
    hold_id: string;
    booking_id: string | null;
    status: string;
    amount_minor: number;
  }>(
    `SELECT p.id::text, p.hold_id::text, p.booking_id::text, p.status::text, p.amount_minor
     FROM payments p JOIN seat_holds h ON h.id = p.hold_id WHERE h.showtime_id = $1::uuid`,
  );
  const refunds = await q<{
    id: string;
    booking_id: string;
    payment_id: string;
    status: string;
    amount_minor: number;
  }>(
    `SELECT r.id::text, r.booking_id::text, r.payment_id::text, r.status::text, r.amount_minor
     FROM refunds r JOIN bookings b ON b.id = r.booking_id WHERE b.showtime_id = $1::uuid`,
  );
  const [show] = await q<{ status: string }>(`SELECT status::text FROM showtimes WHERE id = $1::uuid`);
  const finalVersions = await seatVersions(world);

  const holdById = new Map(holds.map((h) => [h.id, h]));
  const claimsByHold = groupBy(claims, (c) => c.hold_id);
  const bookingByHold = groupBy(bookings, (b) => b.hold_id);
  const ticketsByBooking = groupBy(tickets, (t) => t.booking_id);
  const claimById = new Map(claims.map((c) => [c.id, c]));
  const bookingById = new Map(bookings.map((b) => [b.id, b]));

  // 2. Confirmed bookings have their tickets; cancelled ones have nothing live left.
  for (const b of bookings) {
    const hold = holdById.get(b.hold_id);
    const holdClaims = claimsByHold.get(b.hold_id) ?? [];
    const live = (ticketsByBooking.get(b.id) ?? []).filter((t) => t.status !== 'CANCELLED');
    const price = priceBreakdownSchema.parse(b.price);
    if (hold?.status !== 'CONVERTED')
      v.push(`[2 booking-hold] booking ${b.reference}: hold is ${hold?.status}`);
    if (hold && hold.user_id !== b.user_id)
      v.push(`[2 booking-owner] booking ${b.reference} is not its hold's user's`);
    if (hold && hold.total_minor !== b.total_minor) {
      v.push(
        `[2 booking-total] booking ${b.reference} total ${b.total_minor} ≠ its hold's ${hold.total_minor}`,
      );
    }
    if (price.seats.length !== holdClaims.length) {
      v.push(
        `[2 booking-seats] booking ${b.reference}: ${price.seats.length} priced seats, ${holdClaims.length} claims`,
      );
    }
    if (b.status === 'CONFIRMED') {
      const bad = holdClaims.filter((c) => c.state !== 'SOLD');
      if (bad.length)
        v.push(`[2 confirmed-claims] booking ${b.reference}: claims ${bad.map((c) => c.state)} not SOLD`);
      if (live.length !== holdClaims.length) {
        v.push(
          `[2 confirmed-tickets] booking ${b.reference}: ${live.length} live tickets for ${holdClaims.length} seats`,
        );
      }
      const seats = new Set(live.map((t) => t.seat_id));
      if (seats.size !== live.length)
        v.push(`[2 confirmed-tickets] booking ${b.reference}: two tickets for one seat`);
      for (const c of holdClaims) {
        if (!seats.has(c.seat_id))
          v.push(`[2 confirmed-tickets] booking ${b.reference}: seat ${c.seat_id} has no ticket`);
      }
      for (const t of live) {
        const c = claimById.get(t.claim_id);
        if (c?.hold_id !== b.hold_id || c.state !== 'SOLD' || c.seat_id !== t.seat_id) {
          v.push(
            `[2 ticket-claim] ticket ${t.id} of ${b.reference}: claim ${c?.state} of hold ${c?.hold_id}`,
          );
        }
      }
      const sum = live.reduce((s, t) => s + t.price_minor, 0);
      if (sum !== b.subtotal_minor) {
        v.push(
          `[2 ticket-prices] booking ${b.reference}: tickets sum to ${sum}, subtotal is ${b.subtotal_minor}`,
        );
      }
    } else {
      if (live.length)
        v.push(`[2 cancelled-tickets] cancelled booking ${b.reference} has ${live.length} live tickets`);
      const bad = holdClaims.filter((c) => c.state !== 'CANCELLED');
      if (bad.length) {
        v.push(`[2 cancelled-claims] cancelled booking ${b.reference}: claims ${bad.map((c) => c.state)}`);
      }
    }
  }

  // 3. Sold seats have a booking; converted holds have exactly one; live holds sell nothing.
  for (const c of claims) {
    const hold = holdById.get(c.hold_id);
    const booking = bookingByHold.get(c.hold_id)?.[0];
    if (c.state === 'SOLD' && booking?.status !== 'CONFIRMED') {
      v.push(
        `[3 sold-without-booking] claim ${c.id} (seat ${c.seat_id}) is SOLD, booking: ${booking?.status}`,
      );
    }
    if (c.state === 'HELD' && hold?.status !== 'ACTIVE') {
      v.push(`[3 held-by-ended-hold] claim ${c.id} is HELD but its hold is ${hold?.status}`);
    }
    if (c.state === 'HELD' && hold && c.expires_at.getTime() !== hold.expires_at.getTime()) {
      v.push(
        `[3 claim-expiry] HELD claim ${c.id} expires ${c.expires_at.toISOString()}, hold ${hold.expires_at.toISOString()}`,
      );
    }
  }
  for (const h of holds) {
    const n = bookingByHold.get(h.id)?.length ?? 0;
    if (h.status === 'CONVERTED' && n !== 1)
      v.push(`[3 converted-hold] hold ${h.id} is CONVERTED with ${n} bookings`);
    const hc = claimsByHold.get(h.id) ?? [];
    if (h.status === 'ACTIVE' && hc.some((c) => c.state === 'SOLD'))
      v.push(`[3 active-hold-sold] ACTIVE hold ${h.id} has SOLD claims`);
    if (h.status === 'ACTIVE' && h.live && hc.some((c) => c.state !== 'HELD')) {
      v.push(`[3 live-hold-claims] live hold ${h.id} has claims ${hc.map((c) => c.state)}`);
    }
  }
  for (const [userId, active] of groupBy(
    holds.filter((h) => h.status === 'ACTIVE'),
    (h) => h.user_id,
  )) {
    if (active.length > 1) v.push(`[3 two-active-holds] user ${userId} has ${active.length} ACTIVE holds`);
  }

  // 4. Money: one payment per booking, refunds by the rule, nothing kept without a booking.
  const paymentsByBooking = groupBy(
    payments.filter((p) => p.booking_id !== null),
    (p) => p.booking_id as string,
  );
  const refundsByBooking = groupBy(refunds, (r) => r.booking_id);
  for (const b of bookings) {
    const paid = (paymentsByBooking.get(b.id) ?? []).filter((p) => p.status === 'SUCCEEDED');
    if (paid.length !== 1 || paid[0]!.amount_minor !== b.total_minor || paid[0]!.hold_id !== b.hold_id) {
      v.push(
        `[4 booking-payment] booking ${b.reference} (total ${b.total_minor}): SUCCEEDED payments ${JSON.stringify(paid.map((p) => p.amount_minor))}`,
      );
    }
    const rs = refundsByBooking.get(b.id) ?? [];
    const refunded = rs.filter((r) => r.status === 'SUCCEEDED').reduce((s, r) => s + r.amount_minor, 0);
    if (refunded > b.total_minor)
      v.push(`[4 over-refund] booking ${b.reference}: refunded ${refunded} > ${b.total_minor}`);
    if (b.status === 'CONFIRMED' && rs.length)
      v.push(`[4 confirmed-refunded] confirmed booking ${b.reference} has refunds`);
    if (b.status === 'CANCELLED') {
      const byCinema = b.cancel_reason?.startsWith(SHOWTIME_CANCEL_REASON) ?? false;
      const due = byCinema ? b.total_minor : customerRefundMinor(priceBreakdownSchema.parse(b.price));
      const ok = rs.filter((r) => r.status === 'SUCCEEDED' && r.amount_minor === due);
      if (rs.length !== 1 || ok.length !== 1) {
        v.push(
          `[4 cancel-refund] cancelled booking ${b.reference} (${byCinema ? 'by the cinema' : 'by the customer'}) owes ${due}; refunds ${JSON.stringify(rs.map((r) => [r.status, r.amount_minor]))}`,
        );
      }
      if (rs.some((r) => r.payment_id !== paid[0]?.id)) {
        v.push(`[4 refund-payment] a refund of ${b.reference} is not against its booking's payment`);
      }
    }
  }
  for (const p of payments) {
    if (p.status === 'SUCCEEDED' && (!p.booking_id || !bookingById.has(p.booking_id))) {
      v.push(`[4 paid-without-booking] payment ${p.id} SUCCEEDED (${p.amount_minor}) with no booking`);
    }
    if ((p.status === 'REVERSED' || p.status === 'FAILED') && p.booking_id) {
      v.push(`[4 failed-with-booking] payment ${p.id} is ${p.status} but names booking ${p.booking_id}`);
    }
    if (p.status === 'PENDING')
      v.push(`[4 pending-payment] payment ${p.id} is still PENDING after every request ended`);
  }
  // The provider's ledger agrees with ours: every charge taken is a booking's payment or was
  // reversed, every decline is a FAILED payment, every refund is a reversal or a recorded refund.
  const taken = payments.filter((p) => p.status === 'SUCCEEDED' || p.status === 'REVERSED');
  const reversed = payments.filter((p) => p.status === 'REVERSED');
  const refundedOk = refunds.filter((r) => r.status === 'SUCCEEDED');
  const sum = (xs: { amount_minor: number }[]) => xs.reduce((s, x) => s + x.amount_minor, 0);
  const expectedLedger: LedgerDelta = {
    charges: taken.length,
    declines: payments.filter((p) => p.status === 'FAILED').length,
    refunds: reversed.length + refundedOk.length,
    chargedMinor: sum(taken),
    refundedMinor: sum(reversed) + sum(refundedOk),
  };
  if (JSON.stringify(expectedLedger) !== JSON.stringify(run.ledger)) {
    v.push(
      `[4 provider-ledger] provider saw ${JSON.stringify(run.ledger)}, database says ${JSON.stringify(expectedLedger)}`,
    );
  }

  // 5. Seat counts: the seat map and raw SQL agree, and live + available = the screen.
  const [counts] = await q<{ seats: number; live: number; sold: number }>(
    `SELECT (SELECT count(*)::int FROM seats WHERE screen_id = s.screen_id) AS seats,
            (SELECT count(*)::int FROM seat_claims c WHERE c.showtime_id = s.id
               AND (c.state = 'SOLD' OR (c.state = 'HELD' AND c.expires_at > now()))) AS live,
            (SELECT count(*)::int FROM seat_claims c WHERE c.showtime_id = s.id AND c.state = 'SOLD') AS sold
     FROM showtimes s WHERE s.id = $1::uuid`,
  );
  const { map } = await getSeatMap(showtimeId);
  const byState = groupBy(map.seats, (s) => s.state);
  const available = byState.get('available')?.length ?? 0;
  const sold = byState.get('sold')?.length ?? 0;
  if (!counts || counts.live + available !== counts.seats || map.seats.length !== counts.seats) {
    v.push(
      `[5 seat-count] live claims ${counts?.live} + available ${available} ≠ ${counts?.seats} seats (map shows ${map.seats.length})`,
    );
  }
  if (counts && sold !== counts.sold)
    v.push(`[5 sold-count] seat map shows ${sold} sold, SQL ${counts.sold}`);
  // Seat by seat: the served map (a shared snapshot, when current) is what the database says now.
  const liveBySql = new Map(
    claims
      .filter((c) => c.state === 'SOLD' || (c.state === 'HELD' && c.expires_at.getTime() > Date.now()))
      .map((c) => [c.seat_id, c.state === 'SOLD' ? 'sold' : 'held']),
  );
  for (const seat of map.seats) {
    if (seat.state === 'blocked') continue;
    const expected = liveBySql.get(seat.id) ?? 'available';
    if (seat.state !== expected)
      v.push(`[5 map-seat] seat ${seat.label} shows ${seat.state}, SQL ${expected}`);
  }
  const liveTickets = tickets.filter((t) => t.status !== 'CANCELLED').length;
  if (counts && liveTickets !== counts.sold)
    v.push(`[5 ticket-count] ${liveTickets} live tickets, ${counts.sold} sold seats`);
  if (JSON.stringify(sortedEntries(map.versions)) !== JSON.stringify(sortedEntries(finalVersions)))
    v.push(
      `[5 map-version] seat map versions ${JSON.stringify(map.versions)} ≠ ${JSON.stringify(finalVersions)}`,
    );

  // 6. Each row's seat version only grows, and every committed seat change has its own version of
  // every row it changed.
  for (let i = 1; i < run.versions.length; i++) {
    for (const [row, now] of Object.entries(run.versions[i]!)) {
      const before = run.versions[i - 1]![row] ?? 0;
      if (now < before)
        v.push(`[6 version-decreased] row ${row}'s seat version went ${before} → ${now} (batch ${i})`);
    }
  }
  const ok = (kind: Command['kind']) =>
    run.log.outcomes.filter((o) => o.command.kind === kind && o.result === 'ok');
  const holdVersions = ok('hold').flatMap((o) =>
    Object.entries(o.versions ?? {}).map(([row, n]) => ({ row, n })),
  );
  if (ok('hold').some((o) => Object.keys(o.versions ?? {}).length === 0))
    v.push('[6 version-missing] a successful hold changed no row’s version');
  const committed = holdVersions.map((x) => `${x.row}:${x.n}`);
  if (new Set(committed).size !== committed.length) {
    v.push(`[6 version-reused] two successful holds committed the same version of a row: ${committed}`);
  }
  const ahead = holdVersions.filter((x) => x.n > (finalVersions[x.row] ?? 0));
  if (ahead.length)
    v.push(`[6 version-ahead] holds saw versions past the final ones: ${JSON.stringify(ahead)}`);
  const total = Object.values(finalVersions).reduce((sum, n) => sum + n, 0);
  const bumps =
    ok('hold').length +
    ok('checkout').filter((o) => !o.replayed).length +
    ok('cancel').length +
    ok('cancel-showtime').length;
  if (total < bumps)
    v.push(
      `[6 version-too-low] the rows' final seat versions add up to ${total} < ${bumps} committed seat changes`,
    );

  // Checkout answers: one key, one booking; a first answer is a booking that exists for that hold.
  const byKey = groupBy(
    ok('checkout').filter((o) => o.key),
    (o) => `${o.command.kind === 'checkout' ? o.command.user : ''}/${o.key}`,
  );
  for (const [key, answers] of byKey) {
    const refs = new Set(answers.map((o) => o.reference));
    if (refs.size > 1)
      v.push(`[4 key-two-bookings] idempotency key ${key} answered with bookings ${[...refs]}`);
  }
  for (const o of ok('checkout')) {
    const b = bookings.find((x) => x.reference === o.reference);
    if (!b || b.hold_id !== o.holdId)
      v.push(`[2 checkout-answer] checkout answered ${o.reference} for hold ${o.holdId}: ${b?.hold_id}`);
  }
  const newBookings = ok('checkout').filter((o) => !o.replayed).length;
  const distinct = new Set(ok('checkout').map((o) => o.reference)).size;
  if (distinct > bookings.length || newBookings !== distinct) {
    v.push(
      `[2 checkout-count] ${newBookings} first-time checkout answers, ${distinct} distinct bookings, ${bookings.length} in the database`,
    );
  }

  // A cancelled showtime keeps nothing on sale: no live hold, claim or ticket; every booking refunded.
  if (show?.status === 'CANCELLED') {
    if (holds.some((h) => h.status === 'ACTIVE'))
      v.push('[7 cancelled-show-holds] an ACTIVE hold survived the showtime cancellation');
    if (counts && counts.live > 0)
      v.push(`[7 cancelled-show-claims] ${counts.live} live claims on a cancelled showtime`);
    if (bookings.some((b) => b.status !== 'CANCELLED'))
      v.push('[7 cancelled-show-bookings] a booking survived the showtime cancellation');
  }
  return v;
}

function sortedEntries(versions: RowVersions): [string, number][] {
  return Object.entries(versions)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => Number(a) - Number(b));
}
