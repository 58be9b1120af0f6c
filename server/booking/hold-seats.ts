import 'server-only';
import { AppError, isAppError } from '@/lib/errors';
import type { HoldResponse } from '@/lib/schemas/booking';
import type { RowVersions, SeatEvent } from '@/lib/seat-events';
import { seatRowKey, withKeyLocks } from '@/server/booking/keyed-mutex';
import {
  applyToRow,
  cachedRows,
  forgetHold,
  forgetRows,
  knownHoldOf,
  type RowState,
  rememberHold,
  storeRows,
} from '@/server/booking/seat-rows-cache';
import { checkSeatRules, seatRuleError } from '@/server/booking/seat-rules';
import { type ContextSeat, type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { db, pickLockPool, seatWriter } from '@/server/db';
import { isConstraintViolation, isRetryableTxError, pgError } from '@/server/db/errors';
import { withSessionLock } from '@/server/db/session-lock';
import { env } from '@/server/env';
import { publishSeatEvents } from '@/server/events/seat-events';
import { countSerializationGiveUp, countSerializationRetry, measureHold } from '@/server/metrics/use-cases';
import { priceSelection } from '@/server/pricing/price-selection';
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

function unavailable(seats: ContextSeat[], message: string): AppError {
  return new AppError('SEATS_UNAVAILABLE', message, {
    details: { seatIds: seats.map((s) => s.id), labels: seats.map((s) => s.label) },
  });
}

/** What a hold is judged against: the rows it touches, exactly as they are at their versions. */
type SeatState = {
  /** The caller's live holds on this showtime (normally none or one): they are replaced. */
  previous: string[];
  /** One of them has a payment in progress: it must not be replaced under it. */
  paying: boolean;
  /** Rows where those holds still hold seats: ending them changes those rows too. */
  previousRows: number[];
  /** The chosen rows and previousRows, each at its version with its live claims. */
  rows: Map<number, RowState>;
  /** Seats of the whole showtime others hold or bought, when a pricing rule looks at occupancy. */
  occupied: number | null;
};

type ReadState = {
  status: string;
  open: boolean;
  previous: string[];
  paying: boolean;
  previousRows: number[];
  rows: Record<
    string,
    { version: number; claims: [string, string, string, string | null, number, boolean][] }
  >;
  occupied: number | null;
};

// One snapshot (the PL/pgSQL function seat_state, whose plans stay cached per connection) of the
// rows this hold touches and of the caller's previous hold. Read outside the transaction on
// purpose (see holdSeats). Only the chosen rows' claims are read; the whole showtime is counted
// only for occupancy pricing.
async function readSeatState(options: {
  showtimeId: string;
  userId: string;
  rows: number[];
  countOccupied: boolean;
}): Promise<SeatState> {
  const [row] = await db().$queryRawUnsafe<{ state: ReadState | null }[]>(
    'SELECT seat_state($1::uuid, $2::uuid, $3::int[], $4::boolean) AS state',
    options.showtimeId,
    options.userId,
    options.rows,
    options.countOccupied,
  );
  const state = row?.state;
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
  const rows = new Map<number, RowState>();
  // A row the showtime has no record of yet has had no claim: it is at version 0, empty.
  for (const r of [...options.rows, ...state.previousRows]) rows.set(r, { version: 0, claims: [] });
  for (const [r, { version, claims }] of Object.entries(state.rows)) {
    rows.set(Number(r), {
      version,
      claims: claims.map(([seatId, claimId, holdId, userId, expiresAt, sold]) => ({
        seatId,
        claimId,
        holdId,
        userId,
        expiresAt,
        sold,
      })),
    });
  }
  storeRows(options.showtimeId, rows);
  return { ...state, rows, occupied: state.occupied };
}

/**
 * The same state from this process's copy of the rows (seat-rows-cache.ts), when it has all of
 * them and knows the caller's hold on the showtime: no read, one round trip in all. null when a
 * read is needed. The write compares the rows' versions, so it fails on a stale copy; a copy that
 * is current except for time is read instead: an expired claim there may have been extended by a
 * payment (which changes no row). A wrong guess about the caller's previous hold fails the write
 * too (it would meet the caller's other hold on seat_holds_one_active_per_user). A refusal judged
 * on the copy is judged again on a read (see holdSeats).
 */
function cachedSeatState(showtimeId: string, userId: string, rows: number[], now: number): SeatState | null {
  const known = knownHoldOf(userId, showtimeId);
  const cached = cachedRows(showtimeId, [...new Set([...rows, ...(known?.rows ?? [])])]);
  if (!cached) return null;
  for (const r of rows) {
    for (const c of cached.get(r)?.claims ?? []) {
      // A hold of the caller's that this process never saw would be judged as someone else's.
      if (c.userId === userId && c.holdId !== known?.holdId) return null;
      if (!c.sold && c.expiresAt <= now) return null;
    }
  }
  return {
    previous: known ? [known.holdId] : [],
    paying: false,
    previousRows: known?.rows ?? [],
    rows: cached,
    occupied: null,
  };
}

type Written = {
  holdId: string;
  expiresAt: string;
  expiresAtMs: number;
  versions: RowVersions;
  released: { seatId: string; holdId: string }[];
  claims: Record<string, string>;
};

/** hold_seats found a row changed since it was read (or the showtime off sale): read again. */
const SEATS_CHANGED = 'MQ409';

/**
 * Hold seats: all or nothing, replacing the user's previous hold on the showtime.
 *
 * Concurrency design. The unit is the row of seats: every transaction that changes whether a seat
 * is taken bumps the version of that seat's row (showtime_seat_rows). A hold takes the state of
 * the rows it touches at their versions (read outside any transaction, in one snapshot, or from
 * this process's exact copy of them), checks availability, the seat rules and the price against
 * it, and then writes with one call of the PL/pgSQL function hold_seats, one SERIALIZABLE
 * transaction on the seat-writer pool, which bumps those rows only from the versions that were
 * judged: if anything changed a touched row since, nothing is written and we read again. The
 * seat rules look at one row at a time (the orphan rule reads a seat's neighbours in its row), so
 * two holds that could together strand a seat touch the same row and one of them re-judges; holds
 * in different rows, or on different showtimes, never wait for each other. The transaction
 * touches rows only by primary key, so under SERIALIZABLE it takes no range (page) predicate
 * locks on the claim and hold indexes that every other booking writes to. The partial unique
 * index seat_claims_one_live_per_seat remains the last line of defence: whatever happens above, a
 * seat cannot be in two live claims.
 *
 * Expiry is judged by this process's clock against each claim's expiry as read. A claim can lapse
 * between judging and writing (as it could between a read and a write before); for a chosen seat
 * the database has the last word (a claim it does not consider overdue is not flipped, and the
 * unique index refuses the new one). Occupancy pricing counts the showtime's taken seats in the
 * read, but that count is not part of the comparison: a hold priced while another on a different
 * row commits may see the occupancy one hold behind, as a customer looking a moment earlier would.
 */
export function holdSeats(input: HoldSeatsInput): Promise<HoldResponse> {
  return measureHold(() =>
    holdChosenSeats(input, (ctx) => {
      const selected = resolveSeats(ctx, input.seatIds);
      const blocked = selected.filter((s) => s.blocked);
      if (blocked.length)
        throw unavailable(blocked, `${blocked.map((s) => s.label).join(', ')} cannot be booked.`);
      return {
        rows: rowsOf(selected),
        accessible: input.accessible ?? false,
        pick: (taken) => {
          const lost = selected.filter((s) => taken.has(s.id));
          if (lost.length) {
            throw unavailable(
              lost,
              `${lost.map((s) => s.label).join(', ')} ${lost.length > 1 ? 'are' : 'is'} no longer available.`,
            );
          }
          return selected;
        },
      };
    }),
  );
}

const rowsOf = (seats: ContextSeat[]) => [...new Set(seats.map((s) => s.rowIndex))].sort((a, b) => a - b);

/** Which seats a hold takes, decided afresh on every round from the seats as they are then. */
export type SeatChoice = {
  /** The rows the choice looks at: read in one snapshot, and queued on in this process. */
  rows: number[];
  /**
   * The seats to hold, given every seat of those rows others hold or bought (or that is blocked)
   * at the moment the write will be judged against; throws an AppError to refuse. The write then
   * succeeds only if the rows of the seats picked are still exactly as they were.
   */
  pick: (taken: ReadonlySet<string>) => ContextSeat[];
  /** The customer confirmed they need a wheelchair space (see seat rules). */
  accessible: boolean;
  /**
   * Picks of this kind take turns per showtime across every instance (a session advisory lock
   * held from read to write). For a pick by the server: every such picker wants the same best
   * block, so without turns one wins per round and the rest read, pick and lose again, until
   * they give up with BUSY (bench/results/best-seats-20261203_230511.md: 30 of 259 at 32
   * clients). A hand choice needs no turn: two customers rarely want exactly the same seats.
   */
  takeTurns?: boolean;
};

/**
 * The hold path shared by a hand choice (holdSeats) and a pick by the server (hold-best-seats.ts):
 * `choose` says, from the showtime's context, which rows to read and how to pick from them.
 */
export async function holdChosenSeats(
  input: { userId: string; showtimeId: string; queue?: boolean },
  choose: (ctx: ShowtimeContext) => SeatChoice,
): Promise<HoldResponse> {
  // Burst guard (server/security/limits.ts): 429 RATE_LIMITED when one user holds too often.
  await limitHolds(input.userId);
  // Current: priced from what the database has now, whichever instance changed it.
  const ctx = await showtimeContext(input.showtimeId, { current: true });
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  assertBookable(ctx, new Date());
  const choice = choose(ctx);
  const holdMinutes = env().HOLD_MINUTES;
  const rows = choice.rows;
  const countOccupied = ctx.rules.some((r) => r.kind === 'OCCUPANCY');
  // After a failed round the state is read afresh.
  let read = false;
  // The seats of the latest round's pick, to name them if the database refuses the claim.
  let picked: ContextSeat[] = [];

  const attempt = async () => {
    const cached = read || countOccupied ? null : cachedSeatState(ctx.id, input.userId, rows, Date.now());
    read = true;
    if (cached) {
      try {
        // A copy gone stale fails the write: read at once (no contention to back off from).
        const done = await write(cached);
        if (done) return done;
      } catch (error) {
        // Refused on this process's copy: a refusal is only ever given on a read.
        if (!isAppError(error) || !['SEATS_UNAVAILABLE', 'SEAT_RULE_VIOLATION'].includes(error.code))
          throw error;
      }
    }
    return write(await readSeatState({ showtimeId: ctx.id, userId: input.userId, rows, countOccupied }));
  };

  const write = async (state: SeatState) => {
    const now = Date.now();
    const previous = new Set(state.previous);
    const taken = new Set<string>();
    const lapsed: { seatId: string; claimId: string }[] = [];
    for (const r of rows) {
      for (const c of state.rows.get(r)?.claims ?? []) {
        // The previous hold's seats are given back by the write; a sold one (a previous hold this
        // process remembers that has since been paid) stays taken, and the write keeps it.
        if (previous.has(c.holdId) && !c.sold) continue;
        if (c.sold || c.expiresAt > now) taken.add(c.seatId);
        // An expired hold never blocks a seat, swept or not: its claim is flipped on write.
        else lapsed.push(c);
      }
      for (const seat of ctx.rows.get(r) ?? []) if (seat.blocked) taken.add(seat.id);
    }
    const selected = choice.pick(taken);
    picked = selected;
    const chosen = new Set(selected.map((s) => s.id));
    const overdue = lapsed.filter((c) => chosen.has(c.seatId)).map((c) => c.claimId);
    const chosenRows = rowsOf(selected);
    const violation = checkSeatRules({
      ctx,
      taken,
      selected,
      accessible: choice.accessible,
      now: new Date(now),
    });
    if (violation) throw seatRuleError(violation);
    const occupancyBps = Math.floor(((state.occupied ?? 0) * 10_000) / Math.max(1, ctx.capacity));
    const price = priceSelection({ ctx, seats: selected, occupancyBps });
    const prices = new Map(price.seats.map((l) => [l.seatId, l.priceMinor]));
    // Only the rows the hold changes are compared: a pick stays right while its own rows are as
    // judged (the seat rules look at one row at a time); other rows may change meanwhile.
    const touched = [...new Set([...chosenRows, ...state.previousRows])].sort((a, b) => a - b);
    const from = (r: number) => state.rows.get(r)?.version ?? 0;

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
        touched.map(from),
        state.previous,
        overdue,
        selected.map((s) => s.id),
        selected.map((s) => s.category),
        selected.map((s) => prices.get(s.id) ?? 0),
        JSON.stringify(price),
        price.totalMinor,
        holdMinutes,
      );
      written = row?.hold;
    } catch (error) {
      forgetRows(ctx.id, touched);
      if (pgError(error)?.sqlState === SEATS_CHANGED || isRetryableTxError(error)) return null;
      throw error;
    }
    if (!written) return null;
    const hold = written;
    const flipped = new Set(overdue);
    for (const r of touched) {
      applyToRow(ctx.id, {
        row: r,
        from: from(r),
        to: hold.versions[String(r)] ?? -1,
        removed: (c) => (previous.has(c.holdId) && !c.sold) || flipped.has(c.claimId),
        added: selected
          .filter((s) => s.rowIndex === r)
          .map((s) => ({
            seatId: s.id,
            claimId: hold.claims[s.id] ?? '',
            holdId: hold.holdId,
            userId: input.userId,
            expiresAt: hold.expiresAtMs,
            sold: false,
          })),
      });
    }
    for (const id of state.previous) forgetHold(id);
    rememberHold({ holdId: hold.holdId, showtimeId: ctx.id, userId: input.userId, rows: chosenRows });
    const result = { ...hold, price, selected };
    publishHeld(ctx.id, result, selected);
    return result;
  };

  // Holds on one row queue in this process (see keyed-mutex.ts); other rows go ahead. Picks that
  // take turns then wait for the showtime's turn among all instances (in that order, always, so
  // no two waiters can hold each other's lock). A single instance needs no shared turn: its row
  // queue already lines up a picker behind every other (it queues on all the showtime's rows),
  // and the lock's round trips cost about a tenth of its picks per second (8 clients, two runs
  // each: 125 and 118 holds/s with it, 143 and 129 without). Several instances share a
  // database only with REALTIME_ADAPTER=postgres; with the queue off (tests, the benchmark) this
  // process stands for several.
  const sharedTurns =
    choice.takeTurns === true && (input.queue === false || env().REALTIME_ADAPTER === 'postgres');
  const turn = <T>(fn: () => Promise<T>) => (sharedTurns ? inShowtimeTurn(ctx.id, fn) : fn());
  const run = <T>(fn: () => Promise<T>) =>
    input.queue === false
      ? turn(fn)
      : withKeyLocks(
          rows.map((r) => seatRowKey(ctx.id, r)),
          () => turn(fn),
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
          throw unavailable(picked, 'Someone else just took one of these seats.');
        }
        throw error;
      }
    }
    if (!result) {
      if (round >= MAX_ROUNDS) {
        countSerializationGiveUp('hold-seats');
        throw new AppError('BUSY', 'Seats on this showtime are changing fast; please try again.', {
          retryAfter: 1,
        });
      }
      // Another booking changed a row we touch between our read and write (another instance, or
      // queue disabled): back off a little, with jitter, and read again.
      countSerializationRetry('hold-seats');
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

/**
 * Runs `fn` holding the showtime's pick turn (a session advisory lock, so it is shared by every
 * instance and let go if this process dies). A turn not had within PICK_TURN_WAIT_MS is BUSY.
 */
async function inShowtimeTurn<T>(showtimeId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withSessionLock(pickLockPool(), ['marquee:seat-pick', showtimeId], fn);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    // 55P03: lock_timeout; or no connection to wait on came free in time.
    if (
      code === '55P03' ||
      (error instanceof Error && /^timeout exceeded when trying to connect/.test(error.message))
    ) {
      countSerializationGiveUp('hold-seats');
      throw new AppError('BUSY', 'Seats on this showtime are changing fast; please try again.', {
        retryAfter: 1,
      });
    }
    throw error;
  }
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
