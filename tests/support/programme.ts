import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { AppError } from '@/lib/errors';
import { addDays, localDateAt, zonedInstant } from '@/lib/local-time';
import type { Prisma } from '@/prisma/generated/client';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { createCinema, createMovie, createUser } from './factories';

// A cinema ready to be programmed: two screens (one with Premium rows and a cleaning time of its
// own), a price card for every category, format and part of the day, a film or two, and a manager.

const uid = () => randomUUID().slice(0, 8);
const FORMATS = ['TWO_D', 'THREE_D', 'IMAX', 'FOUR_DX'] as const;
const PARTS = ['MATINEE', 'EVENING', 'NIGHT'] as const;

/** Card prices: Standard ₹200, Premium ₹300, Recliner ₹500; +₹50 evening, +₹100 night; IMAX +₹150. */
export function cardPrice(category: string, format: string, dayPart: string): number {
  const base = { STANDARD: 20_000, PREMIUM: 30_000, RECLINER: 50_000 }[category] ?? 0;
  const part = { MATINEE: 0, EVENING: 5_000, NIGHT: 10_000 }[dayPart] ?? 0;
  return base + part + (format === 'IMAX' ? 15_000 : 0);
}

export async function fullPriceCard(cinemaId: string): Promise<void> {
  const data: Prisma.PriceCardEntryCreateManyInput[] = [];
  for (const category of ['STANDARD', 'PREMIUM', 'RECLINER'] as const)
    for (const format of FORMATS)
      for (const dayPart of PARTS)
        data.push({ cinemaId, category, format, dayPart, priceMinor: cardPrice(category, format, dayPart) });
  await db().priceCardEntry.createMany({ data });
}

/** A screen with `rows` rows of `cols` seats; rows from `premiumFrom` on are Premium. */
export async function programmeScreen(options: {
  cinemaId: string;
  name?: string;
  formats?: ('TWO_D' | 'THREE_D' | 'IMAX' | 'FOUR_DX')[];
  rows?: number;
  cols?: number;
  premiumFrom?: number;
  cleaningMinutes?: number | null;
}) {
  const rows = options.rows ?? 2;
  const cols = options.cols ?? 5;
  const screen = await db().screen.create({
    data: {
      cinemaId: options.cinemaId,
      name: options.name ?? `Audi ${uid()}`,
      formats: options.formats ?? ['TWO_D'],
      layout: { rows, cols, aisleCols: [], screenAt: 'top' },
      capacity: rows * cols,
      cleaningMinutes: options.cleaningMinutes ?? null,
    },
  });
  const seats: Prisma.SeatCreateManyInput[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      seats.push({
        id: randomUUID(),
        screenId: screen.id,
        rowLabel: String.fromCharCode(65 + r),
        number: c + 1,
        rowIndex: r,
        col: c,
        category: options.premiumFrom !== undefined && r >= options.premiumFrom ? 'PREMIUM' : 'STANDARD',
      });
  await db().seat.createMany({ data: seats });
  return { ...screen, seatIds: seats.map((s) => s.id as string) };
}

export function managerOf(
  user: { id: string; name: string; email: string | null },
  cinemaIds: string[],
): Viewer {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'MANAGER',
    staffCinemaIds: cinemaIds,
    managedCinemaIds: cinemaIds,
  };
}

export async function programmeWorld(options: { cinema?: Prisma.CinemaUncheckedCreateInput | object } = {}) {
  const cinema = await createCinema({ orphanSeatRule: false, ...options.cinema });
  await fullPriceCard(cinema.id);
  const main = await programmeScreen({ cinemaId: cinema.id, formats: ['TWO_D', 'IMAX'], premiumFrom: 1 });
  const small = await programmeScreen({ cinemaId: cinema.id, cleaningMinutes: 10 });
  const film = await createMovie({
    runtimeMinutes: 120,
    languages: ['Hindi', 'Tamil'],
    formats: ['TWO_D', 'IMAX'],
    releaseDate: new Date('2026-01-01'),
  });
  const user = await createUser({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId: cinema.id, role: 'MANAGER' } });
  const manager = managerOf(user, [cinema.id]);
  // Two days ahead in the cinema's zone (Asia/Kolkata): always wholly in the future.
  const day = addDays(localDateAt(new Date(), 'Asia/Kolkata'), 2);
  return { cinema, main, small, film, manager, day };
}

/** programmeWorld and a short English film for the ordinary (2D) screen. */
export async function programmeWorldWithShortFilm() {
  const w = await programmeWorld();
  const short = await createMovie({
    runtimeMinutes: 95,
    languages: ['English'],
    formats: ['TWO_D'],
    releaseDate: new Date('2026-01-01'),
  });
  return { ...w, short };
}

/** The instant of a local date and time at the test cinemas (Asia/Kolkata). */
export const ist = (date: string, time: string) => {
  const [h, m] = time.split(':').map(Number);
  return zonedInstant(date, (h ?? 0) * 60 + (m ?? 0), 'Asia/Kolkata');
};

/** The error a call was refused with (failing the test if it was not refused). */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').not.toBeNull();
  return toAppError(error);
}
