import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/prisma/generated/client';
import { seed } from '@/prisma/seed';
import { DEMO_ACCOUNTS } from '@/prisma/seed-data/accounts';
import { verifyPassword } from '@/server/auth/password';
import { createPrisma } from '@/server/db';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';

// What a newcomer sees after `npm start`: a believable cinema chain with two weeks of shows.

let prisma: PrismaClient;
const now = new Date('2026-11-23T03:30:00Z'); // 09:00 in India: the whole day is ahead

beforeAll(async () => {
  prisma = createPrisma(await createScratchDatabase({ migrated: true }), 4);
});
afterAll(async () => {
  await prisma.$disconnect();
  await dropScratchDatabases();
});

describe('the demo seed', () => {
  it('builds the world the issue asks for, and a second run changes nothing', async () => {
    const first = await seed(prisma, { now });
    expect(first.created).toBe(true);
    expect(first.movies).toBeGreaterThanOrEqual(12);
    expect(first.cities).toBe(3);
    expect(first.cinemas).toBe(6);

    const screensPerCinema = await prisma.screen.groupBy({ by: ['cinemaId'], _count: { _all: true } });
    expect(screensPerCinema).toHaveLength(6);
    for (const c of screensPerCinema) expect(c._count._all).toBeGreaterThanOrEqual(2);
    for (const c of screensPerCinema) expect(c._count._all).toBeLessThanOrEqual(4);

    // Every screen has wheelchair spaces and companion seats; at least one has recliners.
    const screens = await prisma.screen.findMany({
      select: { id: true, seats: { select: { kind: true, category: true } } },
    });
    for (const s of screens) {
      expect(s.seats.some((x) => x.kind === 'WHEELCHAIR')).toBe(true);
      expect(s.seats.some((x) => x.kind === 'COMPANION')).toBe(true);
    }
    expect(screens.some((s) => s.seats.some((x) => x.category === 'RECLINER'))).toBe(true);

    // Showtimes on each of the next 14 days, each with prices for its screen's categories.
    const days = await prisma.$queryRaw<{ day: string }[]>`
      SELECT DISTINCT to_char(starts_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS day FROM showtimes ORDER BY 1`;
    expect(days).toHaveLength(14);
    const unpriced = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM showtimes sh
      JOIN seats s ON s.screen_id = sh.screen_id
      LEFT JOIN showtime_prices p ON p.showtime_id = sh.id AND p.category = s.category
      WHERE p.showtime_id IS NULL`;
    expect(unpriced[0]?.n).toBe(0);

    // Accessible showings (issue 16.3): a weekly relaxed screening at every cinema, some audio
    // described, captioned and subtitled shows; all of them canonical (the CHECK would refuse).
    const access = await prisma.$queryRaw<{ feature: string; cinemas: number; shows: number }[]>`
      SELECT f::text AS feature, count(DISTINCT sc.cinema_id)::int AS cinemas, count(*)::int AS shows
      FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id, unnest(sh.accessibility) AS f
      GROUP BY f ORDER BY f`;
    expect(access.map((a) => a.feature)).toEqual(['SUBTITLED', 'CAPTIONED', 'AUDIO_DESCRIBED', 'RELAXED']);
    const relaxed = access.find((a) => a.feature === 'RELAXED');
    expect(relaxed?.cinemas).toBe(6);
    // A fortnight has two Sundays: one relaxed show on each at every cinema (today's may be past).
    expect(relaxed?.shows).toBeGreaterThanOrEqual(6);
    expect(relaxed?.shows).toBeLessThanOrEqual(12);

    // Posters are local files.
    const posters = await prisma.movie.findMany({ select: { posterUrl: true } });
    for (const p of posters) expect(p.posterUrl).toMatch(/^\/posters\/[a-z0-9-]+\.svg$/);

    const again = await seed(prisma, { now });
    expect(again.created).toBe(false);
    expect(again.showtimes).toBe(first.showtimes);
    expect(await prisma.showtime.count()).toBe(first.showtimes);
  });

  it('gives each film reviews that do not repeat one another, and no trailer link to a made-up host', async () => {
    // Issue 16.7: one text three times under one film read as a bug, not as three people.
    const repeated = await prisma.$queryRaw<{ movie_id: string; body: string; n: number }[]>`
      SELECT movie_id, body, count(*)::int AS n FROM reviews GROUP BY movie_id, body HAVING count(*) > 1`;
    expect(repeated).toEqual([]);
    const repeatedTitles = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM reviews GROUP BY movie_id, title HAVING count(*) > 1) t`;
    expect(repeatedTitles[0]?.n).toBe(0);
    expect(await prisma.review.count()).toBeGreaterThan(20);
    // Invented films have no trailer at all rather than a dead link.
    const trailers = await prisma.movie.findMany({
      where: { trailerUrl: { not: null } },
      select: { trailerUrl: true },
    });
    for (const t of trailers) expect(t.trailerUrl).toMatch(/^https:\/\/(www\.)?youtube\.com\//);
  });

  it('creates demo accounts that can sign in with the documented password and roles', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const user = await prisma.user.findUniqueOrThrow({
        where: { email: account.email },
        select: { role: true, credential: { select: { passwordHash: true } }, cinemaRoles: true },
      });
      expect(user.role).toBe(account.role);
      expect(await verifyPassword(user.credential?.passwordHash, 'marquee-demo')).toBe(true);
      if (account.role === 'MANAGER' || account.role === 'STAFF')
        expect(user.cinemaRoles.length).toBeGreaterThan(0);
    }
  });
});
