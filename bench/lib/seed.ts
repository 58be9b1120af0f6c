import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@/prisma/generated/client';

// Seeds a benchmark world straight into the database: one city and cinema, screens of plain
// rectangular seating (no aisles, no wheelchair places), showtimes back to back on each screen,
// and verified customers who share one password hash. Ids are generated here so nothing is read back.

export type ScreenSpec = { name: string; rows: number; cols: number; showtimes: number };
export type SeededScreen = {
  id: string;
  name: string;
  /** seats[row][col] → seat id */
  seats: string[][];
  showtimeIds: string[];
};
export type SeededUser = { id: string; email: string };

const BATCH = 2_000;
const MINUTE = 60_000;

async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await write(items.slice(i, i + BATCH));
}

export async function seedCinema(
  prisma: PrismaClient,
  options: {
    screens: ScreenSpec[];
    /** First show on every screen; later ones follow every slotMinutes. */
    firstStart: Date;
    runtimeMinutes?: number;
    cleaningMinutes?: number;
    slotMinutes?: number;
    priceMinor?: number;
    cinema?: Partial<Prisma.CinemaUncheckedCreateInput>;
  },
): Promise<{ cinemaId: string; movieId: string; screens: SeededScreen[] }> {
  const tag = randomUUID().slice(0, 8);
  const runtime = options.runtimeMinutes ?? 120;
  const cleaning = options.cleaningMinutes ?? 20;
  const slot = options.slotMinutes ?? 180;
  if (slot < runtime + cleaning) throw new Error('slotMinutes must cover the film and the cleaning buffer');

  const city = await prisma.city.create({
    data: { slug: `bench-${tag}`, name: 'Benchpur', state: 'MH', latitude: 19.07, longitude: 72.87 },
    select: { id: true },
  });
  const cinema = await prisma.cinema.create({
    data: {
      cityId: city.id,
      slug: `bench-cinema-${tag}`,
      name: 'Bench Multiplex',
      addressLine: '1 Load Road',
      locality: 'Throughput Nagar',
      postalCode: '400001',
      latitude: 19.07,
      longitude: 72.87,
      ...options.cinema,
    },
    select: { id: true },
  });
  const movie = await prisma.movie.create({
    data: {
      slug: `bench-film-${tag}`,
      title: 'The Benchmark',
      synopsis: 'Many people want the same seats at once.',
      runtimeMinutes: runtime,
      certificate: 'U',
      genres: ['Drama'],
      languages: ['Hindi'],
      formats: ['TWO_D'],
      releaseDate: new Date('2026-01-01'),
      posterUrl: '/posters/bench.svg',
    },
    select: { id: true },
  });

  const screens: SeededScreen[] = [];
  const seatRows: Prisma.SeatCreateManyInput[] = [];
  const showtimeRows: Prisma.ShowtimeCreateManyInput[] = [];
  const priceRows: Prisma.ShowtimePriceCreateManyInput[] = [];
  for (const spec of options.screens) {
    const screenId = randomUUID();
    await prisma.screen.create({
      data: {
        id: screenId,
        cinemaId: cinema.id,
        name: spec.name,
        layout: { rows: spec.rows, cols: spec.cols, aisleCols: [], screenAt: 'top' },
        capacity: spec.rows * spec.cols,
      },
    });
    const seats: string[][] = [];
    for (let r = 0; r < spec.rows; r++) {
      const row: string[] = [];
      for (let c = 0; c < spec.cols; c++) {
        const id = randomUUID();
        row.push(id);
        seatRows.push({
          id,
          screenId,
          // A..Z, then AA, AB… for big halls.
          rowLabel: r < 26 ? String.fromCharCode(65 + r) : `A${String.fromCharCode(65 + r - 26)}`,
          number: c + 1,
          rowIndex: r,
          col: c,
        });
      }
      seats.push(row);
    }
    const showtimeIds: string[] = [];
    for (let i = 0; i < spec.showtimes; i++) {
      const id = randomUUID();
      const startsAt = new Date(options.firstStart.getTime() + i * slot * MINUTE);
      const endsAt = new Date(startsAt.getTime() + runtime * MINUTE);
      showtimeIds.push(id);
      showtimeRows.push({
        id,
        movieId: movie.id,
        screenId,
        startsAt,
        endsAt,
        busyUntil: new Date(endsAt.getTime() + cleaning * MINUTE),
        language: 'Hindi',
        format: 'TWO_D',
      });
      priceRows.push({ showtimeId: id, category: 'STANDARD', priceMinor: options.priceMinor ?? 25_000 });
    }
    screens.push({ id: screenId, name: spec.name, seats, showtimeIds });
  }
  await inBatches(seatRows, (data) => prisma.seat.createMany({ data }));
  await inBatches(showtimeRows, (data) => prisma.showtime.createMany({ data }));
  await inBatches(priceRows, (data) => prisma.showtimePrice.createMany({ data }));
  return { cinemaId: cinema.id, movieId: movie.id, screens };
}

export async function seedUsers(
  prisma: PrismaClient,
  options: { count: number; passwordHash: string; emailPrefix?: string },
): Promise<SeededUser[]> {
  const prefix = options.emailPrefix ?? 'bench';
  const users = Array.from({ length: options.count }, (_, i) => ({
    id: randomUUID(),
    email: `${prefix}-${String(i).padStart(4, '0')}@bench.test`,
  }));
  await inBatches(users, (batch) =>
    prisma.user.createMany({
      // Verified: sign-in refuses unverified addresses.
      data: batch.map((u) => ({
        id: u.id,
        email: u.email,
        name: `Bench ${u.email.split('@')[0]}`,
        emailVerifiedAt: new Date(),
      })),
    }),
  );
  await inBatches(users, (batch) =>
    prisma.userCredential.createMany({
      data: batch.map((u) => ({ userId: u.id, passwordHash: options.passwordHash })),
    }),
  );
  return users;
}
