import 'server-only';
import { type AccessFeature, canonicalFeatures } from '@/lib/accessibility';
import { AppError } from '@/lib/errors';
import { CATEGORY_LABELS } from '@/lib/format';
import { parseTimeOfDay } from '@/lib/local-time';
import type { CreateShowtimeInput, Session } from '@/lib/schemas/programme';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { readCommitted } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { cardPricesFor, type DayPartName, dayPartAt } from '@/server/pricing/price-card';
import { filmOf, screenOf } from '@/server/programme/check-clashes';
import {
  assertProgrammable,
  checkGivenPrices,
  FORMAT_NAMES,
  type FormatName,
  findClashes,
  futureStart,
  loadFilms,
  loadProgrammeContext,
  lockScreens,
  overlapError,
  type ProgrammeContext,
  type ProgrammeScreenInfo,
  type SessionTimes,
  sessionTimes,
} from '@/server/programme/programme-context';
import { loadSession } from '@/server/programme/session-view';

const DAY_PART_NAMES: Record<DayPartName, string> = {
  MATINEE: 'matinee',
  EVENING: 'evening',
  NIGHT: 'night',
};

/** The price card's prices for a session, or a field error naming what the card lacks. */
export function cardPricesOrThrow(
  ctx: ProgrammeContext,
  screen: ProgrammeScreenInfo,
  format: FormatName,
  dayPart: DayPartName,
) {
  const { prices, missing } = cardPricesFor(ctx.card, screen.categories, format, dayPart);
  if (missing.length) {
    const message = `The price card of ${ctx.cinema.name} has no ${missing.map((c) => CATEGORY_LABELS[c]).join(' or ')} price for ${FORMAT_NAMES[format]} ${DAY_PART_NAMES[dayPart]} sessions: add it on the Prices page, or give this session its prices.`;
    throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'prices', message }] });
  }
  return prices;
}

/**
 * When the exclusion constraint refuses a session (another writer got there first), the clashes
 * are looked up afresh so the answer names them, as the check before writing would have.
 */
export async function withOverlapDetails<T>(
  work: () => Promise<T>,
  clashing: {
    screenIds: string[];
    times: () => SessionTimes | null;
    timeZone: () => string;
    excludeShowtimeId?: string;
  },
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const times = clashing.times();
    if (!isConstraintViolation(error, 'showtimes_no_overlap') || !times) throw error;
    const clashes = await findClashes(db(), {
      screenIds: clashing.screenIds,
      from: times.startsAt,
      until: times.busyUntil,
      excludeShowtimeId: clashing.excludeShowtimeId,
    });
    throw overlapError(clashes, clashing.timeZone());
  }
}

/** Inserts a session and its prices (the seat rows come with it: trigger showtimes_add_seat_rows). */
export async function insertSession(
  tx: Tx,
  session: SessionTimes & {
    screenId: string;
    movieId: string;
    language: string;
    format: FormatName;
    prices: { category: ProgrammeScreenInfo['categories'][number]; priceMinor: number }[];
    accessibility?: readonly AccessFeature[];
  },
): Promise<string> {
  const created = await tx.showtime.create({
    data: {
      movieId: session.movieId,
      screenId: session.screenId,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      busyUntil: session.busyUntil,
      language: session.language,
      format: session.format,
      accessibility: canonicalFeatures(session.accessibility ?? []),
      prices: { create: session.prices },
    },
    select: { id: true },
  });
  return created.id;
}

/**
 * A manager (of this cinema) or an admin adds one session: the film on a screen at a local date
 * and time, in a language and format both the film and the screen have. It ends after the film's
 * runtime plus the cinema's trailers, and keeps the screen busy for the cleaning time after that;
 * a session it would overlap refuses it (409 SHOWTIME_OVERLAP, naming the clashes). Its prices
 * come from the price card unless given. Audited in the same transaction.
 */
export async function createShowtime(options: {
  viewer: Viewer;
  input: CreateShowtimeInput;
  now?: Date;
}): Promise<Session> {
  const { input } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId: input.cinemaId });
  const now = options.now ?? new Date();
  let attempted: SessionTimes | null = null;
  let timeZone = 'UTC';
  const id = await withOverlapDetails(
    () =>
      readCommitted(
        async (tx) => {
          await lockScreens(tx, [input.screenId]);
          const ctx = await loadProgrammeContext(tx, input.cinemaId);
          timeZone = ctx.cinema.timeZone;
          const screen = screenOf(ctx, input.screenId);
          const film = filmOf(await loadFilms(tx, [input.movieId]), input.movieId);
          assertProgrammable({ ...input, cinema: ctx.cinema, screen, film });
          const minute = parseTimeOfDay(input.time);
          const times = sessionTimes({
            startsAt: futureStart(ctx.cinema, input.date, minute, now),
            runtimeMinutes: film.runtimeMinutes,
            trailersMinutes: ctx.cinema.trailersMinutes,
            cleaningMinutes: screen.cleaningMinutes,
          });
          attempted = times;
          const clashes = await findClashes(tx, {
            screenIds: [screen.id],
            from: times.startsAt,
            until: times.busyUntil,
          });
          if (clashes.length) throw overlapError(clashes, timeZone);
          const prices = input.prices
            ? checkGivenPrices(input.prices, screen)
            : cardPricesOrThrow(ctx, screen, input.format, dayPartAt(minute, ctx.cinema));
          const showtimeId = await insertSession(tx, {
            ...times,
            screenId: screen.id,
            movieId: film.id,
            language: input.language,
            format: input.format,
            prices,
            accessibility: input.accessibility,
          });
          await recordAudit(tx, {
            actor: viewer,
            action: 'showtime.created',
            entityType: 'showtime',
            entityId: showtimeId,
            after: {
              cinemaId: input.cinemaId,
              screenId: screen.id,
              movieId: film.id,
              startsAt: times.startsAt,
              endsAt: times.endsAt,
              busyUntil: times.busyUntil,
              language: input.language,
              format: input.format,
              prices,
              pricesFrom: input.prices ? 'given' : 'price-card',
              accessibility: canonicalFeatures(input.accessibility ?? []),
            },
          });
          return showtimeId;
        },
        { label: 'create-showtime' },
      ),
    { screenIds: [input.screenId], times: () => attempted, timeZone: () => timeZone },
  );
  // After the commit: listings and caches of this cinema learn of the new session.
  publishCatalogChange({ cinemaIds: [input.cinemaId], movieIds: [input.movieId] });
  return loadSession(db(), id, timeZone);
}
