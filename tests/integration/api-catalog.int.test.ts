import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '@/lib/format';
import {
  discoverMoviesOp,
  getCinemaOp,
  getCinemaProgrammeOp,
  getMovieOp,
  listCinemasOp,
  listCitiesOp,
  listMovieShowtimesOp,
} from '@/server/api/operations/moviegoer';
import { db } from '@/server/db';
import { call } from '../support/api';
import { createCinema, createMovie, createScreen, createShowtime } from '../support/factories';

// The public site over REST (server/api/operations/moviegoer.ts): what the home page, a film's
// page, the cinemas page and a cinema's page show, in a city of our own (createCinema makes one),
// through the real router; every answer is also checked against its declared schema.

const DAY = 86_400_000;
const now = new Date();
const tomorrow = localDate(new Date(now.getTime() + DAY));
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+05:30`);

const world = {
  city: '',
  cityName: '',
  cinema: '',
  cinemaName: '',
  film: '',
  filmId: '',
  archived: '',
  soon: '',
};
let showtimeId = '';

beforeAll(async () => {
  const cinema = await createCinema({
    name: 'Parity Plaza',
    locality: 'Bandra West',
    amenities: ['Parking'],
  });
  const city = await db().city.update({
    where: { id: cinema.cityId },
    data: { name: `Parityville ${cinema.slug}` },
  });
  const { screen } = await createScreen({ cinemaId: cinema.id, rows: 2, cols: 5 });
  const film = await createMovie({ title: 'Parity Express', genres: ['Action'], languages: ['Tamil'] });
  const archived = await createMovie({ title: 'Parity Gone', archivedAt: new Date() });
  const soon = await createMovie({
    title: 'Parity Soon',
    releaseDate: new Date(`${localDate(new Date(now.getTime() + 40 * DAY))}T00:00:00Z`),
  });
  const show = await createShowtime({
    screenId: screen.id,
    movieId: film.id,
    startsAt: at(tomorrow, '18:30'),
    priceMinor: 32_000,
  });
  showtimeId = show.id;
  Object.assign(world, {
    city: city.slug,
    cityName: city.name,
    cinema: cinema.slug,
    cinemaName: cinema.name,
    film: film.slug,
    filmId: film.id,
    archived: archived.slug,
    soon: soon.slug,
  });
});

describe('cities and what is on in a city', () => {
  it('lists the cities with their slugs', async () => {
    const r = await call(listCitiesOp);
    expect(r.status).toBe(200);
    expect((r.body as { cities: unknown[] }).cities).toContainEqual({
      slug: world.city,
      name: world.cityName,
    });
  });

  it('answers what the home page shows, filters and facets included', async () => {
    const r = await call(discoverMoviesOp, { path: `?city=${world.city}&date=${tomorrow}&time=evening` });
    expect(r.status).toBe(200);
    const body = r.body as {
      city: { slug: string };
      filters: Record<string, string>;
      nowShowing: { slug: string }[];
      comingSoon: { slug: string }[];
      facets: { genre: { value: string; count: number }[] };
    };
    expect(body.city.slug).toBe(world.city);
    expect(body.filters).toMatchObject({ date: tomorrow, time: 'evening' });
    expect(body.nowShowing.map((m) => m.slug)).toEqual([world.film]);
    expect(body.nowShowing.map((m) => m.slug)).not.toContain(world.archived);
    expect(body.comingSoon.map((m) => m.slug)).toContain(world.soon);
    expect(body.facets.genre).toContainEqual({ value: 'Action', count: 1 });

    const morning = await call(discoverMoviesOp, {
      path: `?city=${world.city}&date=${tomorrow}&time=morning`,
    });
    expect((morning.body as { nowShowing: unknown[] }).nowShowing).toEqual([]);
  });

  it('refuses a malformed filter (400) and names an unknown city (404), never a 500', async () => {
    for (const q of ['?format=VHS', '?time=dawn', '?date=tomorrow', '?city=Not%20A%20Slug']) {
      const r = await call(discoverMoviesOp, { path: q });
      expect([q, r.status, (r.body as { error: { code: string } }).error.code]).toEqual([
        q,
        400,
        'VALIDATION_FAILED',
      ]);
    }
    const r = await call(discoverMoviesOp, { path: '?city=atlantis' });
    expect(r.status).toBe(404);
    expect((r.body as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe("a film's page and its showtimes", () => {
  it('answers the film, and 404 for an unknown one, 400 for a malformed slug', async () => {
    const r = await call(getMovieOp, { params: { slug: world.film } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ slug: world.film, title: 'Parity Express', archivedAt: null });
    expect((await call(getMovieOp, { params: { slug: 'no-such-film' } })).status).toBe(404);
    expect((await call(getMovieOp, { params: { slug: 'Bad Slug!' } })).status).toBe(400);
    const gone = await call(getMovieOp, { params: { slug: world.archived } });
    expect((gone.body as { archivedAt: string | null }).archivedAt).not.toBeNull();
  });

  it("lists the film's showtimes in the city on a day, by cinema, with seats left and the price", async () => {
    const r = await call(listMovieShowtimesOp, {
      params: { slug: world.film },
      path: `?city=${world.city}&date=${tomorrow}`,
    });
    expect(r.status).toBe(200);
    const body = r.body as {
      date: string;
      dates: string[];
      cinemas: {
        cinema: { slug: string };
        showtimes: { id: string; seatsLeft: number; priceFromMinor: number }[];
      }[];
    };
    expect(body.date).toBe(tomorrow);
    expect(body.dates).toContain(tomorrow);
    expect(body.cinemas).toHaveLength(1);
    expect(body.cinemas[0]?.cinema.slug).toBe(world.cinema);
    expect(body.cinemas[0]?.showtimes).toMatchObject([
      { id: showtimeId, seatsLeft: 10, priceFromMinor: 32_000 },
    ]);

    // A day outside the window, or an archived film: no showtimes, not an error.
    const far = await call(listMovieShowtimesOp, {
      params: { slug: world.film },
      path: `?city=${world.city}&date=2099-01-01`,
    });
    expect((far.body as { cinemas: unknown[] }).cinemas).toEqual([]);
    const archived = await call(listMovieShowtimesOp, {
      params: { slug: world.archived },
      path: `?city=${world.city}`,
    });
    expect([archived.status, (archived.body as { cinemas: unknown[] }).cinemas]).toEqual([200, []]);
    expect((await call(listMovieShowtimesOp, { params: { slug: 'no-such-film' } })).status).toBe(404);
    expect(
      (await call(listMovieShowtimesOp, { params: { slug: world.film }, path: '?date=31-12' })).status,
    ).toBe(400);
  });
});

describe('cinemas and their programmes', () => {
  it('finds cinemas near a typed place, and 404 for a place nobody knows', async () => {
    const r = await call(listCinemasOp, { path: '?place=Bandra%20West&radiusKm=5' });
    expect(r.status).toBe(200);
    const body = r.body as { origin: { name: string }; cinemas: { slug: string }[] };
    expect(body.cinemas.map((c) => c.slug)).toContain(world.cinema);
    expect((await call(listCinemasOp, { path: '?place=zzqxjv' })).status).toBe(404);
    expect((await call(listCinemasOp, { path: '' })).status).toBe(400);
    expect((await call(listCinemasOp, { path: '?place=Bandra&radiusKm=-1' })).status).toBe(400);
  });

  it("answers a cinema's page by its slug", async () => {
    const r = await call(getCinemaOp, { params: { slug: world.cinema } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      slug: world.cinema,
      name: 'Parity Plaza',
      amenities: ['Parking'],
      screens: [{ capacity: 10, categories: [{ category: 'STANDARD', seats: 10 }], wheelchairSpaces: 0 }],
    });
    expect((await call(getCinemaOp, { params: { slug: 'no-such-cinema' } })).status).toBe(404);
    expect((await call(getCinemaOp, { params: { slug: 'x'.repeat(120) } })).status).toBe(404);
  });

  it('answers what is on at a cinema on a day, by film', async () => {
    const r = await call(getCinemaProgrammeOp, { params: { slug: world.cinema }, path: `?date=${tomorrow}` });
    expect(r.status).toBe(200);
    const body = r.body as { films: { movie: { slug: string }; showtimes: { id: string }[] }[] };
    expect(body.films.map((f) => [f.movie.slug, f.showtimes.map((s) => s.id)])).toEqual([
      [world.film, [showtimeId]],
    ]);
    const bad = await call(getCinemaProgrammeOp, { params: { slug: world.cinema }, path: '?date=soon' });
    expect([bad.status, (bad.body as { error: { code: string } }).error.code]).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect((await call(getCinemaProgrammeOp, { params: { slug: 'no-such-cinema' } })).status).toBe(404);
  });
});
