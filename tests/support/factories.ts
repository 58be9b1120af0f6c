import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// Small factories: every test builds exactly the world it needs, with unique names, so test
// files can run in parallel against one database without seeing each other's rows.

const uid = () => randomUUID().slice(0, 8);

export async function createUser(data: Partial<Prisma.UserCreateInput> = {}) {
  return db().user.create({
    data: { name: `Test User ${uid()}`, email: `user-${uid()}@test.local`, ...data },
  });
}

export async function createCinema(data: Partial<Prisma.CinemaUncheckedCreateInput> = {}) {
  const city = await db().city.create({
    data: { slug: `city-${uid()}`, name: 'Testville', state: 'TS', latitude: 19.07, longitude: 72.87 },
  });
  return db().cinema.create({
    data: {
      cityId: city.id,
      slug: `cinema-${uid()}`,
      name: 'Test Cinema',
      addressLine: '1 Test Road',
      locality: 'Test Nagar',
      postalCode: '400001',
      latitude: 19.07,
      longitude: 72.87,
      ...data,
    },
  });
}

/** A screen with `rows` × `cols` seats (row A nearest the screen), all STANDARD. */
export async function createScreen(options: { cinemaId?: string; rows?: number; cols?: number } = {}) {
  const cinemaId = options.cinemaId ?? (await createCinema()).id;
  const rows = options.rows ?? 3;
  const cols = options.cols ?? 6;
  const screen = await db().screen.create({
    data: {
      cinemaId,
      name: `Screen ${uid()}`,
      layout: { rows, cols, aisleCols: [], screenAt: 'top' },
      capacity: rows * cols,
    },
  });
  const seats: Prisma.SeatCreateManyInput[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      seats.push({
        id: randomUUID(),
        screenId: screen.id,
        rowLabel: String.fromCharCode(65 + r),
        number: c + 1,
        rowIndex: r,
        col: c,
      });
    }
  }
  await db().seat.createMany({ data: seats });
  return { screen, seats: seats.map((s) => ({ id: s.id as string, row: s.rowLabel, number: s.number })) };
}

export async function createMovie(data: Partial<Prisma.MovieCreateInput> = {}) {
  const slug = `film-${uid()}`;
  return db().movie.create({
    data: {
      slug,
      title: `Test Film ${slug}`,
      synopsis: 'A film made for tests.',
      runtimeMinutes: 120,
      certificate: 'UA 13+',
      genres: ['Drama'],
      languages: ['Hindi'],
      formats: ['TWO_D'],
      releaseDate: new Date('2026-01-01'),
      posterUrl: '/posters/test.svg',
      ...data,
    },
  });
}

const HOUR = 3_600_000;

export async function createShowtime(
  options: {
    screenId?: string;
    movieId?: string;
    startsAt?: Date;
    cleaningMinutes?: number;
    priceMinor?: number;
  } = {},
) {
  const screenId = options.screenId ?? (await createScreen()).screen.id;
  const movieId = options.movieId ?? (await createMovie()).id;
  const startsAt = options.startsAt ?? new Date(Date.now() + 24 * HOUR);
  const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
  const busyUntil = new Date(endsAt.getTime() + (options.cleaningMinutes ?? 20) * 60_000);
  return db().showtime.create({
    data: {
      screenId,
      movieId,
      startsAt,
      endsAt,
      busyUntil,
      language: 'Hindi',
      format: 'TWO_D',
      prices: { create: [{ category: 'STANDARD', priceMinor: options.priceMinor ?? 25_000 }] },
    },
  });
}

/** A showtime with its seats, ready for holds. */
export async function createBookableShowtime(
  options: { rows?: number; cols?: number; startsAt?: Date; cinemaId?: string } = {},
) {
  const { screen, seats } = await createScreen({
    rows: options.rows,
    cols: options.cols,
    cinemaId: options.cinemaId,
  });
  const showtime = await createShowtime({ screenId: screen.id, startsAt: options.startsAt });
  return { screen, seats, showtime };
}

export async function createHold(options: { showtimeId: string; userId?: string; minutes?: number }) {
  const userId = options.userId ?? (await createUser()).id;
  return db().seatHold.create({
    data: {
      showtimeId: options.showtimeId,
      userId,
      expiresAt: new Date(Date.now() + (options.minutes ?? 8) * 60_000),
      price: {},
      totalMinor: 0,
    },
  });
}
