import 'server-only';
import { type AccessFeature, type AccessFilter, splitAccessFilter } from '@/lib/accessibility';
import { type Availability, availabilityOf } from '@/lib/availability';
import { localDayBounds } from '@/lib/format';
import { type ScreenType, screenTypeOf } from '@/lib/screen-type';
import { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// The bookable showtimes of one local day with seats left and the cheapest price, for the film
// and cinema pages. One statement for the whole day: the live-claim count per showtime is an
// index lookup on seat_claims (showtime_id, state), not a seat map per show.

export type ShowtimeCard = {
  id: string;
  startsAt: string;
  format: string;
  language: string;
  screen: string;
  /** IMAX, 4DX or a recliner lounge (lib/screen-type.ts): named on the chip with why it costs more. */
  screenType: ScreenType | null;
  priceFromMinor: number | null;
  /** Seats that can still be held: sellable (not blocked) minus live claims (unexpired holds and sales). */
  seatsLeft: number;
  sellable: number;
  availability: Availability;
  /** Accessible-showing features, and whether the screen has wheelchair spaces (lib/accessibility.ts). */
  accessibility: AccessFeature[];
  wheelchairAccessible: boolean;
  cinema: { slug: string; name: string; locality: string };
  movie: {
    slug: string;
    title: string;
    posterUrl: string;
    certificate: string;
    runtimeMinutes: number;
    genres: string[];
    languages: string[];
  };
};

type Row = {
  id: string;
  starts_at: Date;
  format: string;
  language: string;
  screen: string;
  screen_formats: string[];
  seats: number;
  recliners: number;
  price_from: number | null;
  sellable: number;
  claimed: number;
  accessibility: AccessFeature[];
  wheelchair: boolean;
  cinema_slug: string;
  cinema_name: string;
  locality: string;
  movie_slug: string;
  title: string;
  poster_url: string;
  certificate: string;
  runtime_minutes: number;
  genres: string[];
  languages: string[];
};

/**
 * A wheelchair-accessible screen: the layout the session is sold on has a wheelchair space in
 * service. Derived, not set by managers (lib/accessibility.ts says why).
 */
export const WHEELCHAIR_SPACES = Prisma.sql`EXISTS (SELECT 1 FROM "seats" ws
  WHERE ws."layout_id" = s."layout_id" AND ws."kind" = 'WHEELCHAIR' AND NOT ws."blocked")`;

export async function listShowtimeCards(options: {
  date: string;
  now?: Date;
  movieId?: string;
  citySlug?: string;
  cinemaId?: string;
  /** Only showtimes with every one of these. */
  access?: readonly AccessFilter[];
}): Promise<ShowtimeCard[]> {
  const now = options.now ?? new Date();
  const { start, end } = localDayBounds(options.date);
  const from = new Date(Math.max(start.getTime(), now.getTime()));
  const where = [
    Prisma.sql`s."status" = 'SCHEDULED'`,
    Prisma.sql`s."starts_at" >= ${from}`,
    Prisma.sql`s."starts_at" < ${end}`,
  ];
  if (options.movieId) where.push(Prisma.sql`s."movie_id" = ${options.movieId}::uuid`);
  if (options.cinemaId) where.push(Prisma.sql`c."id" = ${options.cinemaId}::uuid`);
  if (options.citySlug) where.push(Prisma.sql`ci."slug" = ${options.citySlug}`);
  const access = splitAccessFilter(options.access ?? []);
  // Containment on the GIN-indexed array; the wheelchair screen is the layout's (see below).
  if (access.features.length)
    where.push(Prisma.sql`s."accessibility" @> ${access.features}::"AccessFeature"[]`);
  if (access.wheelchair) where.push(Prisma.sql`${WHEELCHAIR_SPACES}`);

  const rows = await db().$queryRaw<Row[]>`
    SELECT s."id", s."starts_at", s."format"::text AS "format", s."language", sc."name" AS "screen",
           sc."formats"::text[] AS screen_formats, sl."capacity" AS seats,
           (SELECT count(*) FROM "seats" st WHERE st."layout_id" = s."layout_id" AND st."category" = 'RECLINER')::int AS recliners,
           (SELECT min(p."price_minor") FROM "showtime_prices" p WHERE p."showtime_id" = s."id")::int AS price_from,
           -- The layout version the showtime is sold on, which may not be the screen's current one.
           (sl."capacity" - (SELECT count(*) FROM "seats" st WHERE st."layout_id" = s."layout_id" AND st."blocked"))::int AS sellable,
           (SELECT count(*) FROM "seat_claims" cl
             WHERE cl."showtime_id" = s."id" AND cl."state" IN ('HELD', 'SOLD')
               AND (cl."state" = 'SOLD' OR cl."expires_at" > now()))::int AS claimed,
           s."accessibility"::text[] AS "accessibility", ${WHEELCHAIR_SPACES} AS "wheelchair",
           c."slug" AS cinema_slug, c."name" AS cinema_name, c."locality",
           m."slug" AS movie_slug, m."title", m."poster_url", m."certificate", m."runtime_minutes",
           m."genres", m."languages"
    FROM "showtimes" s
    JOIN "screens" sc ON sc."id" = s."screen_id"
    JOIN "screen_layouts" sl ON sl."id" = s."layout_id"
    JOIN "cinemas" c ON c."id" = sc."cinema_id"
    JOIN "cities" ci ON ci."id" = c."city_id"
    JOIN "movies" m ON m."id" = s."movie_id"
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY s."starts_at", c."name", sc."name"`;

  return rows.map((r) => {
    const seatsLeft = Math.max(0, r.sellable - r.claimed);
    return {
      id: r.id,
      startsAt: r.starts_at.toISOString(),
      format: r.format,
      language: r.language,
      screen: r.screen,
      screenType: screenTypeOf({ formats: r.screen_formats, seats: r.seats, recliners: r.recliners }),
      priceFromMinor: r.price_from,
      seatsLeft,
      sellable: r.sellable,
      availability: availabilityOf(seatsLeft, r.sellable),
      accessibility: r.accessibility,
      wheelchairAccessible: r.wheelchair,
      cinema: { slug: r.cinema_slug, name: r.cinema_name, locality: r.locality },
      movie: {
        slug: r.movie_slug,
        title: r.title,
        posterUrl: r.poster_url,
        certificate: r.certificate,
        runtimeMinutes: r.runtime_minutes,
        genres: r.genres,
        languages: r.languages,
      },
    };
  });
}
