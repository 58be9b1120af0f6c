import 'server-only';
import { AppError } from '@/lib/errors';
import { parseTimeOfDay, zonedInstant } from '@/lib/local-time';
import type { ClashCheck, ClashQuery } from '@/lib/schemas/programme';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { cardPrice, dayPartAt } from '@/server/pricing/price-card';
import {
  findClashes,
  loadFilms,
  loadProgrammeContext,
  type ProgrammeContext,
  type ProgrammeFilmInfo,
  type ProgrammeScreenInfo,
  sessionTimes,
} from '@/server/programme/programme-context';

const fieldError = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ path, message }] });

export function screenOf(ctx: ProgrammeContext, screenId: string): ProgrammeScreenInfo {
  const screen = ctx.screens.get(screenId);
  if (!screen) throw fieldError('screenId', `That is not a screen of ${ctx.cinema.name}.`);
  return screen;
}

export function filmOf(films: Map<string, ProgrammeFilmInfo>, movieId: string): ProgrammeFilmInfo {
  const film = films.get(movieId);
  if (!film) throw fieldError('movieId', 'That film does not exist.');
  return film;
}

/**
 * Before a session is added or moved: when it would end and free its screen, every scheduled
 * session it would overlap (cleaning included), and what the price card charges for it. A read:
 * the write checks again under the screen's lock, and the exclusion constraint has the last word.
 */
export async function checkClashes(options: {
  viewer: Viewer;
  cinemaId: string;
  query: ClashQuery;
}): Promise<ClashCheck> {
  const { query } = options;
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  const ctx = await loadProgrammeContext(db(), options.cinemaId);
  const screen = screenOf(ctx, query.screenId);
  const film = filmOf(await loadFilms(db(), [query.movieId]), query.movieId);
  const minute = parseTimeOfDay(query.time);
  const times = sessionTimes({
    startsAt: zonedInstant(query.date, minute, ctx.cinema.timeZone),
    runtimeMinutes: film.runtimeMinutes,
    trailersMinutes: ctx.cinema.trailersMinutes,
    cleaningMinutes: screen.cleaningMinutes,
  });
  const clashes = await findClashes(db(), {
    screenIds: [screen.id],
    from: times.startsAt,
    until: times.busyUntil,
    excludeShowtimeId: query.excludeShowtimeId,
  });
  const format = query.format ?? screen.formats.find((f) => film.formats.includes(f)) ?? 'TWO_D';
  const dayPart = dayPartAt(minute, ctx.cinema);
  return {
    startsAt: times.startsAt.toISOString(),
    endsAt: times.endsAt.toISOString(),
    busyUntil: times.busyUntil.toISOString(),
    clashes,
    cardPrices: screen.categories.map((category) => ({
      category,
      priceMinor: cardPrice(ctx.card, category, format, dayPart),
    })),
  };
}
