import 'server-only';
import { type AccessFilter, splitAccessFilter } from '@/lib/accessibility';
import { localDate } from '@/lib/format';
import {
  DISCOVER_DAYS,
  type DiscoverFilters,
  type FilterKey,
  TIME_OF_DAY_KEYS,
  type TimeOfDay,
  timeOfDay,
} from '@/lib/schemas/discover';
import { Prisma } from '@/prisma/generated/client';
import { type MovieCard, movieCardSelect } from '@/server/catalog/list-movies';
import { movieRatings } from '@/server/catalog/movie-ratings';
import { WHEELCHAIR_SPACES } from '@/server/catalog/showtime-cards';
import { db } from '@/server/db';

// The home page: films now showing in a city and coming soon, narrowed by genre, language,
// format, date and time of day, with the number of films each choice would leave (counted
// against the other active filters, so a count is exactly what clicking it shows).
//
// One query reads the distinct (film, language, format, day, hour) combinations of the city's
// bookable shows in the window; a city's fortnight is a few thousand combinations at most, so
// the facets are then counted exactly in memory instead of with one query per option.
//
// An accessibility filter (?access=relaxed,wheelchair, as on the film and cinema pages) narrows
// that query to shows with every chosen feature, so films, counts and "coming soon" all speak of
// accessible showings only.

export type FacetOption = { value: string; count: number };
export type Facets = Record<FilterKey, FacetOption[]>;

export type DiscoverResult = {
  /** The filters in effect (unknown values and dates outside the window dropped). */
  filters: DiscoverFilters;
  /** Bookable dates, today first. */
  dates: string[];
  nowShowing: MovieCard[];
  comingSoon: MovieCard[];
  facets: Facets;
};

type Combo = { movie_id: string; language: string; format: string; day: string; hour: number };
type Show = { language: string; format: string; day: string; time: TimeOfDay };

const DAY_MS = 86_400_000;

export function upcomingDates(now: Date, days = DISCOVER_DAYS): string[] {
  return Array.from({ length: days }, (_, i) => localDate(new Date(now.getTime() + i * DAY_MS)));
}

export async function discoverMovies(options: {
  citySlug: string;
  filters: DiscoverFilters;
  now?: Date;
  /** Only films with an upcoming showing that has every one of these (lib/accessibility.ts). */
  access?: readonly AccessFilter[];
}): Promise<DiscoverResult> {
  const now = options.now ?? new Date();
  const dates = upcomingDates(now);
  const today = dates[0] as string;
  const filters: DiscoverFilters = {
    ...options.filters,
    date: options.filters.date && dates.includes(options.filters.date) ? options.filters.date : undefined,
  };
  // The window ends at local midnight after the last bookable date.
  const windowEnd = new Date(`${dates[dates.length - 1]}T00:00:00+05:30`).getTime() + DAY_MS;

  const access = splitAccessFilter(options.access ?? []);
  // Containment on the GIN-indexed array; the wheelchair screen is the layout's.
  const accessible = Prisma.sql`${
    access.features.length
      ? Prisma.sql`AND s."accessibility" @> ${access.features}::"AccessFeature"[]`
      : Prisma.empty
  } ${access.wheelchair ? Prisma.sql`AND ${WHEELCHAIR_SPACES}` : Prisma.empty}`;

  const [combos, soon] = await Promise.all([
    db().$queryRaw<Combo[]>`
      SELECT DISTINCT s."movie_id", s."language", s."format"::text AS "format",
             to_char(s."starts_at" AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS "day",
             extract(hour FROM s."starts_at" AT TIME ZONE 'Asia/Kolkata')::int AS "hour"
      FROM "showtimes" s
      JOIN "screens" sc ON sc."id" = s."screen_id"
      JOIN "cinemas" c ON c."id" = sc."cinema_id"
      JOIN "cities" ci ON ci."id" = c."city_id"
      WHERE ci."slug" = ${options.citySlug}
        AND s."status" = 'SCHEDULED'
        AND s."starts_at" > ${now}
        AND s."starts_at" < ${new Date(windowEnd)}
        ${accessible}`,
    db().movie.findMany({
      // Archived films are off the public site (server/films/set-film-archived.ts).
      where: { releaseDate: { gt: new Date(`${today}T00:00:00Z`) }, archivedAt: null },
      select: movieCardSelect,
      orderBy: [{ releaseDate: 'asc' }, { title: 'asc' }],
    }),
  ]);

  const showsByMovie = new Map<string, Show[]>();
  for (const c of combos) {
    const list = showsByMovie.get(c.movie_id) ?? [];
    list.push({ language: c.language, format: c.format, day: c.day, time: timeOfDay(c.hour) });
    showsByMovie.set(c.movie_id, list);
  }
  const playing = await db().movie.findMany({
    // An archived film has no showtime to come (the database sees to it); this is belt and braces.
    where: { id: { in: [...showsByMovie.keys()] }, archivedAt: null },
    select: movieCardSelect,
    orderBy: [{ releaseDate: 'desc' }, { title: 'asc' }],
  });
  const candidates = playing.map((m) => ({
    movie: m,
    release: m.releaseDate.toISOString().slice(0, 10),
    shows: showsByMovie.get(m.id) ?? [],
  }));
  type Candidate = (typeof candidates)[number];

  // A film is "now showing" for a date once it is released by then (today without a date).
  const matches = (c: Candidate, f: DiscoverFilters): boolean =>
    c.release <= (f.date ?? today) &&
    (!f.genre || c.movie.genres.includes(f.genre)) &&
    c.shows.some(
      (s) =>
        (!f.lang || s.language === f.lang) &&
        (!f.format || s.format === f.format) &&
        (!f.date || s.day === f.date) &&
        (!f.time || s.time === f.time),
    );
  const countWith = (key: FilterKey, value: string) =>
    candidates.filter((c) => matches(c, { ...filters, [key]: value })).length;
  const facet = (key: FilterKey, values: Iterable<string>): FacetOption[] =>
    [...new Set(values)].map((value) => ({ value, count: countWith(key, value) }));
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

  const facets: Facets = {
    genre: facet('genre', sorted(candidates.flatMap((c) => c.movie.genres))),
    lang: facet('lang', sorted(combos.map((c) => c.language))),
    format: facet(
      'format',
      ['TWO_D', 'THREE_D', 'IMAX', 'FOUR_DX'].filter((f) => combos.some((c) => c.format === f)),
    ),
    date: facet('date', dates),
    time: facet('time', TIME_OF_DAY_KEYS),
  };

  const shown = candidates.filter((c) => matches(c, filters));
  const shownIds = new Set(shown.map((c) => c.movie.id));
  const upcoming = soon.filter(
    (m) =>
      !shownIds.has(m.id) &&
      // Filtered by accessibility, a film not yet released stays only for an accessible showing.
      (!options.access?.length || showsByMovie.has(m.id)) &&
      (!filters.genre || m.genres.includes(filters.genre)) &&
      (!filters.lang || m.languages.includes(filters.lang)) &&
      (!filters.format || (m.formats as string[]).includes(filters.format)),
  );
  const rated = await movieRatings(shown.map((c) => c.movie.id));
  const toCard = (m: Candidate['movie']): MovieCard => ({
    ...m,
    releaseDate: m.releaseDate.toISOString().slice(0, 10),
    rating: rated.get(m.id) ?? null,
  });
  return {
    filters,
    dates,
    nowShowing: shown.map((c) => toCard(c.movie)),
    comingSoon: upcoming.map(toCard),
    facets,
  };
}
