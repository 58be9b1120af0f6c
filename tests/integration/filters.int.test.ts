import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '@/lib/format';
import type { DiscoverFilters } from '@/lib/schemas/discover';
import type { MovieFormat } from '@/prisma/generated/enums';
import { discoverMovies } from '@/server/catalog/discover-movies';
import { listMovieShowtimes } from '@/server/catalog/list-movie-showtimes';
import { db } from '@/server/db';
import { createCinema, createHold, createMovie, createScreen } from '../support/factories';

// The home page's filters against real PostgreSQL, in a city of our own (createCinema makes a
// new one), so facet counts are exactly what this file created.

const DAY = 86_400_000;
const now = new Date();
const tomorrow = localDate(new Date(now.getTime() + DAY));
const dayAfter = localDate(new Date(now.getTime() + 2 * DAY));
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+05:30`);

let citySlug = '';
const ids = { action: '', comedy: '', soon: '' };

async function show(options: {
  screenId: string;
  movieId: string;
  startsAt: Date;
  language: string;
  format: MovieFormat;
  prices?: number[];
}) {
  const endsAt = new Date(options.startsAt.getTime() + 2 * 3_600_000);
  return db().showtime.create({
    data: {
      screenId: options.screenId,
      movieId: options.movieId,
      startsAt: options.startsAt,
      endsAt,
      busyUntil: new Date(endsAt.getTime() + 20 * 60_000),
      language: options.language,
      format: options.format,
      prices: {
        create: (options.prices ?? [25_000]).map((priceMinor, i) => ({
          category: (['STANDARD', 'PREMIUM', 'RECLINER'] as const)[i] ?? 'STANDARD',
          priceMinor,
        })),
      },
    },
  });
}

beforeAll(async () => {
  const cinema = await createCinema();
  const city = await db().city.findUniqueOrThrow({ where: { id: cinema.cityId } });
  citySlug = city.slug;
  const one = (await createScreen({ cinemaId: cinema.id })).screen.id;
  const two = (await createScreen({ cinemaId: cinema.id })).screen.id;
  const action = await createMovie({ title: 'Filter Action', genres: ['Action'], languages: ['Hindi'] });
  const comedy = await createMovie({
    title: 'Filter Comedy',
    genres: ['Comedy', 'Drama'],
    languages: ['Tamil', 'Hindi'],
    formats: ['TWO_D', 'IMAX'],
  });
  const soon = await createMovie({
    title: 'Filter Soon',
    genres: ['Drama'],
    languages: ['Telugu'],
    formats: ['THREE_D'],
    releaseDate: new Date(`${localDate(new Date(now.getTime() + 30 * DAY))}T00:00:00Z`),
  });
  Object.assign(ids, { action: action.id, comedy: comedy.id, soon: soon.id });
  await show({
    screenId: one,
    movieId: action.id,
    startsAt: at(tomorrow, '09:30'),
    language: 'Hindi',
    format: 'TWO_D',
  });
  await show({
    screenId: one,
    movieId: comedy.id,
    startsAt: at(tomorrow, '20:00'),
    language: 'Tamil',
    format: 'IMAX',
  });
  await show({
    screenId: two,
    movieId: comedy.id,
    startsAt: at(dayAfter, '13:00'),
    language: 'Hindi',
    format: 'TWO_D',
  });
});

async function shown(filters: DiscoverFilters) {
  const result = await discoverMovies({ citySlug, filters, now });
  return {
    now: result.nowShowing.map((m) => m.title),
    soon: result.comingSoon.filter((m) => m.id === ids.soon).map((m) => m.title),
    result,
  };
}

const count = (options: { value: string; count: number }[], value: string) =>
  options.find((o) => o.value === value)?.count;

describe('discoverMovies', () => {
  it('lists the city’s films now showing, and films coming soon', async () => {
    const { now: films, soon, result } = await shown({});
    expect(films).toEqual(['Filter Action', 'Filter Comedy']);
    expect(soon).toEqual(['Filter Soon']);
    expect(result.dates).toHaveLength(14);
    expect(result.dates[1]).toBe(tomorrow);
  });

  it('filters by genre, language, format and time of day', async () => {
    expect((await shown({ genre: 'Action' })).now).toEqual(['Filter Action']);
    expect((await shown({ genre: 'Drama' })).now).toEqual(['Filter Comedy']);
    expect((await shown({ lang: 'Tamil' })).now).toEqual(['Filter Comedy']);
    expect((await shown({ lang: 'Hindi' })).now).toEqual(['Filter Action', 'Filter Comedy']);
    expect((await shown({ format: 'IMAX' })).now).toEqual(['Filter Comedy']);
    expect((await shown({ time: 'morning' })).now).toEqual(['Filter Action']);
    expect((await shown({ time: 'night' })).now).toEqual(['Filter Comedy']);
    expect((await shown({ time: 'evening' })).now).toEqual([]);
  });

  it('combines filters on the same show: a Tamil show at night, not Tamil one day and night another', async () => {
    expect((await shown({ lang: 'Hindi', time: 'night' })).now).toEqual([]);
    expect((await shown({ lang: 'Hindi', format: 'TWO_D', time: 'afternoon' })).now).toEqual([
      'Filter Comedy',
    ]);
    expect((await shown({ date: tomorrow, time: 'afternoon' })).now).toEqual([]);
    expect((await shown({ date: dayAfter, time: 'afternoon' })).now).toEqual(['Filter Comedy']);
    expect((await shown({ date: tomorrow, genre: 'Action' })).now).toEqual(['Filter Action']);
  });

  it('counts, for each option, the films it would leave given the other filters', async () => {
    const { facets } = (await shown({})).result;
    expect(facets.genre).toEqual([
      { value: 'Action', count: 1 },
      { value: 'Comedy', count: 1 },
      { value: 'Drama', count: 1 },
    ]);
    expect(facets.lang).toEqual([
      { value: 'Hindi', count: 2 },
      { value: 'Tamil', count: 1 },
    ]);
    expect(facets.format).toEqual([
      { value: 'TWO_D', count: 2 },
      { value: 'IMAX', count: 1 },
    ]);
    expect(facets.time).toEqual([
      { value: 'morning', count: 1 },
      { value: 'afternoon', count: 1 },
      { value: 'evening', count: 0 },
      { value: 'night', count: 1 },
    ]);
    expect(count(facets.date, tomorrow)).toBe(2);
    expect(count(facets.date, dayAfter)).toBe(1);

    const tamil = (await shown({ lang: 'Tamil' })).result.facets;
    expect(count(tamil.genre, 'Action')).toBe(0);
    expect(count(tamil.genre, 'Drama')).toBe(1);
    // A facet's own value does not narrow its counts: switching language is always possible.
    expect(count(tamil.lang, 'Hindi')).toBe(2);
  });

  it('applies genre, language and format to coming soon, and drops dates outside the window', async () => {
    expect((await shown({ lang: 'Telugu' })).soon).toEqual(['Filter Soon']);
    expect((await shown({ format: 'THREE_D' })).soon).toEqual(['Filter Soon']);
    expect((await shown({ genre: 'Action' })).soon).toEqual([]);
    const stale = await shown({ date: '2001-01-01' });
    expect(stale.result.filters.date).toBeUndefined();
    expect(stale.now).toEqual(['Filter Action', 'Filter Comedy']);
  });
});

describe('listMovieShowtimes', () => {
  it('gives each show its seats left (capacity − live claims), lowest price and availability', async () => {
    const cinema = await createCinema();
    const city = await db().city.findUniqueOrThrow({ where: { id: cinema.cityId } });
    const movie = await createMovie();
    const { screen, seats } = await createScreen({ cinemaId: cinema.id, rows: 2, cols: 10 });
    const morning = await show({
      screenId: screen.id,
      movieId: movie.id,
      startsAt: at(tomorrow, '10:00'),
      language: 'Hindi',
      format: 'TWO_D',
      prices: [30_000, 18_000],
    });
    const evening = await show({
      screenId: screen.id,
      movieId: movie.id,
      startsAt: at(tomorrow, '18:00'),
      language: 'Hindi',
      format: 'TWO_D',
    });
    const late = await show({
      screenId: screen.id,
      movieId: movie.id,
      startsAt: at(tomorrow, '21:00'),
      language: 'Hindi',
      format: 'TWO_D',
    });
    await db().seat.update({ where: { id: seats[19]!.id }, data: { blocked: true } });
    const claim = async (
      showtimeId: string,
      seatIdx: number[],
      state: 'HELD' | 'SOLD' | 'RELEASED',
      minutes = 8,
    ) => {
      const hold = await createHold({ showtimeId, minutes });
      await db().seatClaim.createMany({
        data: seatIdx.map((i) => ({
          holdId: hold.id,
          showtimeId,
          seatId: seats[i]!.id,
          state,
          expiresAt: hold.expiresAt,
          category: 'STANDARD' as const,
          priceMinor: 25_000,
        })),
      });
    };
    // Morning: 3 sold + 2 held + 1 expired hold + 1 released → 19 sellable − 5 = 14 left.
    await claim(morning.id, [0, 1, 2], 'SOLD');
    await claim(morning.id, [3, 4], 'HELD');
    await claim(morning.id, [5], 'HELD', -1);
    await claim(morning.id, [6], 'RELEASED');
    // Evening: 17 of 19 gone → 2 left, under 15 %: almost full. Late: every sellable seat sold.
    await claim(evening.id, [...Array(17).keys()], 'SOLD');
    await claim(late.id, [...Array(19).keys()], 'SOLD');

    const groups = await listMovieShowtimes({ movieId: movie.id, citySlug: city.slug, date: tomorrow, now });
    expect(groups).toHaveLength(1);
    expect(groups[0]?.cinema.slug).toBe(cinema.slug);
    const byId = new Map(groups[0]!.showtimes.map((s) => [s.id, s]));
    expect(byId.get(morning.id)).toMatchObject({
      seatsLeft: 14,
      sellable: 19,
      priceFromMinor: 18_000,
      availability: 'available',
    });
    expect(byId.get(evening.id)).toMatchObject({ seatsLeft: 2, availability: 'almost-full' });
    expect(byId.get(late.id)).toMatchObject({ seatsLeft: 0, availability: 'sold-out' });
    expect(groups[0]!.showtimes.map((s) => s.id)).toEqual([morning.id, evening.id, late.id]);
  });
});
