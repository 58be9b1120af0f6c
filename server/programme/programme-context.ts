import 'server-only';
import { AppError } from '@/lib/errors';
import { formatDay, formatTime } from '@/lib/format';
import { localDateAt, localMinuteAt, zonedInstant } from '@/lib/local-time';
import type { Clash } from '@/lib/schemas/programme';
import type { SeatCategory } from '@/lib/seat-layout/draft';
import { Prisma } from '@/prisma/generated/client';
import type { Tx } from '@/server/db';
import { type DayPartName, dayPartAt, loadPriceCard, type PriceCard } from '@/server/pricing/price-card';

// What every programming use case needs to know about a cinema: its time zone and timings, its
// screens (formats, seat categories, cleaning time) and its price card; and the rules a session
// must keep to be programmed: the film is out, in that language and format, the screen projects
// that format, and it starts in the future. Session timings are computed here and only here.

export type FormatName = 'TWO_D' | 'THREE_D' | 'IMAX' | 'FOUR_DX';

export type ProgrammeCinema = {
  id: string;
  name: string;
  timeZone: string;
  trailersMinutes: number;
  cleaningMinutes: number;
  eveningFromMinute: number;
  nightFromMinute: number;
};

export type ProgrammeScreenInfo = {
  id: string;
  name: string;
  formats: FormatName[];
  capacity: number;
  /** The screen's own cleaning time, or the cinema's. */
  cleaningMinutes: number;
  /** The seat categories it has, in STANDARD, PREMIUM, RECLINER order: each needs a price. */
  categories: SeatCategory[];
};

export type ProgrammeFilmInfo = {
  id: string;
  title: string;
  runtimeMinutes: number;
  languages: string[];
  formats: FormatName[];
  /** Local date it opens ('YYYY-MM-DD'). */
  releaseDate: string;
};

export type ProgrammeContext = {
  cinema: ProgrammeCinema;
  screens: Map<string, ProgrammeScreenInfo>;
  card: PriceCard;
};

const CATEGORY_ORDER: readonly SeatCategory[] = ['STANDARD', 'PREMIUM', 'RECLINER'];

export async function loadProgrammeContext(client: Tx, cinemaId: string): Promise<ProgrammeContext> {
  const cinema = await client.cinema.findUnique({
    where: { id: cinemaId },
    select: {
      id: true,
      name: true,
      trailersMinutes: true,
      cleaningMinutes: true,
      eveningFromMinute: true,
      nightFromMinute: true,
      city: { select: { timeZone: true } },
      screens: {
        select: { id: true, name: true, formats: true, capacity: true, cleaningMinutes: true },
        orderBy: { name: 'asc' },
      },
    },
  });
  if (!cinema) throw new AppError('NOT_FOUND', 'Cinema not found.');
  const categories = await client.seat.groupBy({
    by: ['screenId', 'category'],
    where: { screen: { cinemaId } },
  });
  const screens = new Map<string, ProgrammeScreenInfo>();
  for (const s of cinema.screens) {
    const mine = new Set(categories.filter((c) => c.screenId === s.id).map((c) => c.category));
    screens.set(s.id, {
      id: s.id,
      name: s.name,
      formats: s.formats,
      capacity: s.capacity,
      cleaningMinutes: s.cleaningMinutes ?? cinema.cleaningMinutes,
      categories: CATEGORY_ORDER.filter((c) => mine.has(c)),
    });
  }
  return {
    cinema: {
      id: cinema.id,
      name: cinema.name,
      timeZone: cinema.city.timeZone,
      trailersMinutes: cinema.trailersMinutes,
      cleaningMinutes: cinema.cleaningMinutes,
      eveningFromMinute: cinema.eveningFromMinute,
      nightFromMinute: cinema.nightFromMinute,
    },
    screens,
    card: await loadPriceCard(client, cinemaId),
  };
}

export async function loadFilms(client: Tx, ids: readonly string[]): Promise<Map<string, ProgrammeFilmInfo>> {
  const films = await client.movie.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: {
      id: true,
      title: true,
      runtimeMinutes: true,
      languages: true,
      formats: true,
      releaseDate: true,
    },
  });
  return new Map(
    films.map((f) => [f.id, { ...f, releaseDate: f.releaseDate.toISOString().slice(0, 10) }] as const),
  );
}

/**
 * Takes the programming lock of these screens (FOR NO KEY UPDATE, in id order): writers of one
 * screen's programme go one at a time, so a clash check stays true until its writer commits. It
 * does not block anything else (seat inserts and showtime foreign keys take KEY SHARE).
 * Returns the ids that exist.
 */
export async function lockScreens(client: Tx, screenIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(screenIds)].sort();
  if (ids.length === 0) return [];
  const rows = await client.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM screens WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
  return rows.map((r) => r.id);
}

export type SessionTimes = { startsAt: Date; endsAt: Date; busyUntil: Date };

/** The film and its trailers end; then the screen is cleaned. */
export function sessionTimes(options: {
  startsAt: Date;
  runtimeMinutes: number;
  trailersMinutes: number;
  cleaningMinutes: number;
}): SessionTimes {
  const endsAt = new Date(
    options.startsAt.getTime() + (options.runtimeMinutes + options.trailersMinutes) * 60_000,
  );
  return {
    startsAt: options.startsAt,
    endsAt,
    busyUntil: new Date(endsAt.getTime() + options.cleaningMinutes * 60_000),
  };
}

/** The local date, start minute and day part of an instant at this cinema. */
export function localSlot(
  cinema: ProgrammeCinema,
  at: Date,
): { date: string; minute: number; dayPart: DayPartName } {
  const minute = localMinuteAt(at, cinema.timeZone);
  return { date: localDateAt(at, cinema.timeZone), minute, dayPart: dayPartAt(minute, cinema) };
}

export const FORMAT_NAMES: Record<FormatName, string> = {
  TWO_D: '2D',
  THREE_D: '3D',
  IMAX: 'IMAX',
  FOUR_DX: '4DX',
};

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ path, message }] });

/**
 * Why this film cannot play on this screen at this time in this language and format, as a field
 * error (null when it can).
 */
export function programmingProblem(options: {
  cinema: ProgrammeCinema;
  screen: ProgrammeScreenInfo;
  film: ProgrammeFilmInfo;
  date: string;
  language: string;
  format: FormatName;
}): { path: string; message: string } | null {
  const { screen, film, format } = options;
  if (!film.formats.includes(format))
    return {
      path: 'format',
      message: `${film.title} does not come in ${FORMAT_NAMES[format]} (only ${film.formats.map((f) => FORMAT_NAMES[f]).join(', ')}).`,
    };
  if (!screen.formats.includes(format))
    return {
      path: 'format',
      message: `${screen.name} cannot project ${FORMAT_NAMES[format]} (only ${screen.formats.map((f) => FORMAT_NAMES[f]).join(', ')}).`,
    };
  if (!film.languages.includes(options.language))
    return {
      path: 'language',
      message: `${film.title} is not available in ${options.language} (only ${film.languages.join(', ')}).`,
    };
  if (options.date < film.releaseDate) {
    const opens = formatDay(`${film.releaseDate}T12:00:00Z`, 'UTC');
    return { path: 'date', message: `${film.title} opens on ${opens}: it can be programmed from then.` };
  }
  return null;
}

export function assertProgrammable(options: Parameters<typeof programmingProblem>[0]): void {
  const problem = programmingProblem(options);
  if (problem) throw invalid(problem.path, problem.message);
}

/** The instant a local date and time stand for, refused if it has passed. */
export function futureStart(cinema: ProgrammeCinema, date: string, minute: number, now: Date): Date {
  const startsAt = zonedInstant(date, minute, cinema.timeZone);
  if (startsAt.getTime() <= now.getTime())
    throw invalid('time', 'That time has passed: choose a time in the future.');
  return startsAt;
}

/** Prices given for a session must cover exactly the screen's seat categories. */
export function checkGivenPrices<P extends { category: string; priceMinor: number }>(
  prices: readonly P[],
  screen: ProgrammeScreenInfo,
): P[] {
  const given = new Set(prices.map((p) => p.category));
  const missing = screen.categories.filter((c) => !given.has(c));
  const extra = prices.filter((p) => !(screen.categories as string[]).includes(p.category));
  if (missing.length || extra.length) {
    throw invalid(
      'prices',
      `${screen.name} needs a price for exactly these seat categories: ${screen.categories.join(', ').toLowerCase()}.`,
    );
  }
  return [...prices];
}

/** Every scheduled session on these screens whose busy time meets [from, until). */
export async function findClashes(
  client: Tx,
  options: { screenIds: readonly string[]; from: Date; until: Date; excludeShowtimeId?: string },
): Promise<Clash[]> {
  const exclude = options.excludeShowtimeId
    ? Prisma.sql`AND sh.id <> ${options.excludeShowtimeId}::uuid`
    : Prisma.empty;
  const rows = await client.$queryRaw<
    { id: string; movie_title: string; screen_name: string; starts_at: Date; busy_until: Date }[]
  >`
    SELECT sh.id::text, m.title AS movie_title, sc.name AS screen_name, sh.starts_at, sh.busy_until
    FROM showtimes sh JOIN movies m ON m.id = sh.movie_id JOIN screens sc ON sc.id = sh.screen_id
    WHERE sh.screen_id = ANY(${[...options.screenIds]}::uuid[]) AND sh.status = 'SCHEDULED'
      AND tstzrange(sh.starts_at, sh.busy_until, '[)') && tstzrange(${options.from}, ${options.until}, '[)')
      ${exclude}
    ORDER BY sh.starts_at`;
  return rows.map((r) => ({
    id: r.id,
    movieTitle: r.movie_title,
    screenName: r.screen_name,
    startsAt: r.starts_at.toISOString(),
    busyUntil: r.busy_until.toISOString(),
  }));
}

export function overlapError(clashes: readonly Clash[], timeZone: string): AppError {
  const first = clashes[0];
  const more =
    clashes.length > 1 ? `, and ${clashes.length - 1} more session${clashes.length > 2 ? 's' : ''}` : '';
  const message = first
    ? `${first.screenName} is busy then: ${first.movieTitle} at ${formatTime(first.startsAt, timeZone)} keeps it until ${formatTime(first.busyUntil, timeZone)} (cleaning included)${more}.`
    : 'Another session already uses this screen at that time (cleaning included).';
  return new AppError('SHOWTIME_OVERLAP', message, { details: { clashes } });
}
