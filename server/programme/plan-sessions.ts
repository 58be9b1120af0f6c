import 'server-only';
import { type AccessFeature, canonicalFeatures } from '@/lib/accessibility';
import {
  dayNumber,
  formatTimeOfDay,
  minutesSinceLocalMidnight,
  parseTimeOfDay,
  zonedInstant,
} from '@/lib/local-time';
import type { Clash, PlannedSession, StartPlan } from '@/lib/schemas/programme';
import type { Tx } from '@/server/db';
import { cardPricesFor, dayPartAt } from '@/server/pricing/price-card';
import {
  type FormatName,
  type ProgrammeContext,
  type ProgrammeFilmInfo,
  type ProgrammeScreenInfo,
  programmingProblem,
  sessionTimes,
} from '@/server/programme/programme-context';

// The planner behind bulk generation and rolling schedules: which film plays on which screen at
// what time on each day, computed, never written. Films are taken in turn (each screen and day
// starts at a different place in the list, so screens and days differ, and a day's plan does not
// depend on the days planned with it); a film that cannot play on a screen (format) or has not
// opened yet is passed over. "Back to back" starts the next session as soon as the screen is free
// again (on a 5-minute mark) and steps around sessions already scheduled, so it never clashes;
// fixed start times may, and each clash is named.

/** Screens built for a premium format show it; otherwise plain 2D before 3D. */
const FORMAT_PREFERENCE: readonly FormatName[] = ['IMAX', 'FOUR_DX', 'TWO_D', 'THREE_D'];

const roundUpTo5 = (minute: number) => Math.ceil(minute / 5) * 5;

export function formatFor(film: ProgrammeFilmInfo, screen: ProgrammeScreenInfo): FormatName | null {
  return FORMAT_PREFERENCE.find((f) => film.formats.includes(f) && screen.formats.includes(f)) ?? null;
}

type Busy = Clash & { screenId: string };

const overlaps = (a: { startsAt: Date; busyUntil: Date }, b: { startsAt: string; busyUntil: string }) =>
  a.startsAt.getTime() < Date.parse(b.busyUntil) && Date.parse(b.startsAt) < a.busyUntil.getTime();

export type PlanInput = {
  ctx: ProgrammeContext;
  /** In the order they are taken in turn. */
  films: readonly ProgrammeFilmInfo[];
  /** The language each film plays in, by film id; otherwise its first. */
  languages?: Readonly<Record<string, string>>;
  /** Accessible-showing features every planned session gets. */
  accessibility?: readonly AccessFeature[];
  screens: readonly ProgrammeScreenInfo[];
  dates: readonly string[];
  starts: StartPlan;
  /** Scheduled sessions on these screens over these days (and the night before). */
  existing: readonly Busy[];
  now: Date;
};

export type Plan = { sessions: PlannedSession[]; notes: string[] };

export function planSessions(input: PlanInput): Plan {
  const { ctx, now } = input;
  const tz = ctx.cinema.timeZone;
  const sessions: PlannedSession[] = [];
  const notes: string[] = [];
  // Each screen starts the day at its own place in the films' turn (its place among the cinema's
  // screens), whichever screens are planned together.
  const order = [...ctx.screens.keys()];
  const languageOf = (film: ProgrammeFilmInfo) => input.languages?.[film.id] ?? film.languages[0] ?? '';
  for (const screen of input.screens) {
    const screenIndex = Math.max(0, order.indexOf(screen.id));
    const busy = input.existing.filter((b) => b.screenId === screen.id);
    for (const date of input.dates) {
      let turn = dayNumber(date) + screenIndex;
      const nextFilm = (): { film: ProgrammeFilmInfo; format: FormatName } | null => {
        for (let k = 0; k < input.films.length; k++) {
          const film = input.films[(turn + k) % input.films.length] as ProgrammeFilmInfo;
          const format = formatFor(film, screen);
          if (!format) continue;
          const language = languageOf(film);
          if (programmingProblem({ cinema: ctx.cinema, screen, film, date, language, format })) continue;
          turn += k + 1;
          return { film, format };
        }
        return null;
      };
      const place = (minute: number, choice: { film: ProgrammeFilmInfo; format: FormatName }) => {
        const { film, format } = choice;
        const times = sessionTimes({
          startsAt: zonedInstant(date, minute, tz),
          runtimeMinutes: film.runtimeMinutes,
          trailersMinutes: ctx.cinema.trailersMinutes,
          cleaningMinutes: screen.cleaningMinutes,
        });
        const dayPart = dayPartAt(minute, ctx.cinema);
        const { prices, missing } = cardPricesFor(ctx.card, screen.categories, format, dayPart);
        const clashes = busy.filter((b) => overlaps(times, b));
        const planned = sessions.filter((s) => s.screenId === screen.id && overlaps(times, s));
        const session: PlannedSession = {
          screenId: screen.id,
          screenName: screen.name,
          movieId: film.id,
          movieTitle: film.title,
          date,
          time: formatTimeOfDay(minute),
          startsAt: times.startsAt.toISOString(),
          endsAt: times.endsAt.toISOString(),
          busyUntil: times.busyUntil.toISOString(),
          language: languageOf(film),
          format,
          prices,
          accessibility: canonicalFeatures(input.accessibility ?? []),
          problem:
            times.startsAt <= now
              ? 'past'
              : clashes.length || planned.length
                ? 'clash'
                : missing.length
                  ? 'no-price'
                  : null,
          clashes: clashes.map(({ screenId: _, ...c }) => c),
        };
        sessions.push(session);
        return times;
      };

      if (input.starts.kind === 'times') {
        for (const time of [...input.starts.times].sort()) {
          const choice = nextFilm();
          if (!choice) {
            notes.push(`${screen.name}, ${date}: no chosen film can play there that day.`);
            break;
          }
          place(parseTimeOfDay(time), choice);
        }
        continue;
      }

      const last = parseTimeOfDay(input.starts.lastStart);
      let cursor = parseTimeOfDay(input.starts.firstShow);
      // Today: from the next 5-minute mark that is still to come.
      const fromNow = roundUpTo5(minutesSinceLocalMidnight(now, date, tz) + 1);
      if (fromNow > cursor) cursor = fromNow;
      let choice = cursor <= last ? nextFilm() : null;
      if (cursor <= last && !choice) {
        notes.push(`${screen.name}, ${date}: no chosen film can play there that day.`);
        continue;
      }
      while (choice && cursor <= last) {
        const { film } = choice;
        const startsAt = zonedInstant(date, cursor, tz);
        const busyUntil = new Date(
          startsAt.getTime() +
            (film.runtimeMinutes + ctx.cinema.trailersMinutes + screen.cleaningMinutes) * 60_000,
        );
        const blocking =
          busy.find((b) => overlaps({ startsAt, busyUntil }, b)) ??
          sessions.find((s) => s.screenId === screen.id && overlaps({ startsAt, busyUntil }, s));
        if (blocking) {
          // Step around a session already there; the film keeps its turn.
          cursor = Math.max(
            cursor + 5,
            roundUpTo5(minutesSinceLocalMidnight(new Date(blocking.busyUntil), date, tz)),
          );
          continue;
        }
        const times = place(cursor, choice);
        cursor = roundUpTo5(minutesSinceLocalMidnight(times.busyUntil, date, tz));
        if (cursor <= last) choice = nextFilm();
      }
    }
  }
  return { sessions, notes };
}

/** What insertSession writes for a planned session. */
export function plannedRow(s: PlannedSession) {
  return {
    screenId: s.screenId,
    movieId: s.movieId,
    startsAt: new Date(s.startsAt),
    endsAt: new Date(s.endsAt),
    busyUntil: new Date(s.busyUntil),
    language: s.language,
    format: s.format,
    prices: s.prices,
    accessibility: s.accessibility,
  };
}

/** Scheduled sessions on these screens that could meet these days (from the evening before). */
export async function existingSessions(
  client: Tx,
  ctx: ProgrammeContext,
  screenIds: readonly string[],
  dates: readonly string[],
): Promise<Busy[]> {
  if (!dates.length || !screenIds.length) return [];
  const sorted = [...dates].sort();
  const from = zonedInstant(sorted[0] as string, -12 * 60, ctx.cinema.timeZone);
  const until = zonedInstant(sorted[sorted.length - 1] as string, 36 * 60, ctx.cinema.timeZone);
  const rows = await client.$queryRaw<
    {
      id: string;
      screen_id: string;
      movie_title: string;
      screen_name: string;
      starts_at: Date;
      busy_until: Date;
    }[]
  >`
    SELECT sh.id::text, sh.screen_id::text, m.title AS movie_title, sc.name AS screen_name, sh.starts_at, sh.busy_until
    FROM showtimes sh JOIN movies m ON m.id = sh.movie_id JOIN screens sc ON sc.id = sh.screen_id
    WHERE sh.screen_id = ANY(${[...screenIds]}::uuid[]) AND sh.status = 'SCHEDULED'
      AND sh.busy_until > ${from} AND sh.starts_at < ${until}
    ORDER BY sh.starts_at`;
  return rows.map((r) => ({
    id: r.id,
    screenId: r.screen_id,
    movieTitle: r.movie_title,
    screenName: r.screen_name,
    startsAt: r.starts_at.toISOString(),
    busyUntil: r.busy_until.toISOString(),
  }));
}
