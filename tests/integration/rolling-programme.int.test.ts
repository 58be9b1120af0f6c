import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDateAt, zonedInstant } from '@/lib/local-time';
import type { PrismaClient } from '@/prisma/generated/client';
import { seed } from '@/prisma/seed';
import { createPrisma, DB_SINGLETONS, db } from '@/server/db';
import { extendRollingProgrammes } from '@/server/programme/extend-rolling-programmes';
import { existingSingleton, setSingleton } from '@/server/singleton';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';

// Rolling schedules on the demo itself: a fresh seed (a fortnight programmed by the seed, a rolling
// template on every screen), then the clock moved on a day at a time for fifteen days, running the
// rolling job each day. The programme never runs dry: every screen still has fourteen days ahead.
// The job writes each day once, however often and however many times at once it runs.

const DAY = 86_400_000;
const TZ = 'Asia/Kolkata';
const start = new Date('2026-12-10T04:00:00Z'); // 09:30 in India

let original: PrismaClient | undefined;

beforeAll(async () => {
  // The use cases work on db(): point it at a database of its own with nothing but the demo.
  original = existingSingleton<PrismaClient>(DB_SINGLETONS.app);
  setSingleton(DB_SINGLETONS.app, createPrisma(await createScratchDatabase({ migrated: true }), 6));
  const seeded = await seed(db(), { now: start });
  expect(seeded.created).toBe(true);
}, 120_000);

afterAll(async () => {
  await db().$disconnect();
  setSingleton(DB_SINGLETONS.app, original);
  await dropScratchDatabases();
});

/** Scheduled sessions per screen and local day, from `now` on. */
async function programmeAhead(now: Date): Promise<Map<string, Map<string, number>>> {
  const rows = await db().$queryRaw<{ screen_id: string; day: string; n: number }[]>`
    SELECT screen_id::text, to_char(starts_at AT TIME ZONE ${TZ}, 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM showtimes WHERE status = 'SCHEDULED' AND starts_at >= ${now}
    GROUP BY 1, 2`;
  const byScreen = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const days = byScreen.get(r.screen_id) ?? new Map<string, number>();
    days.set(r.day, r.n);
    byScreen.set(r.screen_id, days);
  }
  return byScreen;
}

describe('rolling schedules on the demo', () => {
  it('fifteen simulated days later, every screen still has fourteen days of programme', async () => {
    const screens = await db().screen.findMany({ select: { id: true, name: true } });
    expect(await db().programmeTemplate.count({ where: { active: true } })).toBe(screens.length);

    let now = start;
    for (let d = 1; d <= 15; d++) {
      now = new Date(start.getTime() + d * DAY);
      const run = await extendRollingProgrammes({ now });
      // Each template adds the one day that came into its horizon, and leaves nothing out.
      expect(run, `day ${d}`).toMatchObject({ templates: screens.length, days: screens.length, skipped: 0 });
      expect(run.sessions).toBeGreaterThanOrEqual(screens.length * 3);
    }

    const today = localDateAt(now, TZ);
    const ahead = await programmeAhead(now);
    for (const screen of screens) {
      const days = ahead.get(screen.id) ?? new Map<string, number>();
      for (let i = 0; i < 14; i++) {
        const day = addDays(today, i);
        // Today has begun (it is 09:30): some of its sessions have started.
        expect(days.get(day) ?? 0, `${screen.name} on ${day}`).toBeGreaterThanOrEqual(i === 0 ? 1 : 3);
      }
    }

    // Every session the job made has a price for every seat of its screen.
    const unpriced = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM showtimes sh
      JOIN seats s ON s.screen_id = sh.screen_id
      LEFT JOIN showtime_prices p ON p.showtime_id = sh.id AND p.category = s.category
      WHERE p.showtime_id IS NULL`;
    expect(unpriced[0]?.n).toBe(0);
    const audits = await db().auditLog.count({ where: { action: 'programme.extended' } });
    expect(audits).toBe(15 * screens.length);

    // The demo's accessible showings go on past the seed's fortnight: each cinema's first screen's
    // template has slots, and every session ahead (all made by the job by now) on a screen with
    // slots is relaxed exactly when it is a Sunday's first show, audio described a Tuesday's or
    // Saturday's; no other screen's job-made session has a feature.
    const ahead15 = await db().$queryRaw<
      { slots: boolean; dow: number; minute: number; first: boolean; accessibility: string[] }[]
    >`
      SELECT EXISTS (SELECT 1 FROM programme_template_access_slots a
                     JOIN programme_templates t ON t.id = a.template_id WHERE t.screen_id = sh.screen_id) AS slots,
             extract(isodow FROM sh.starts_at AT TIME ZONE ${TZ})::int AS dow,
             (extract(hour FROM sh.starts_at AT TIME ZONE ${TZ}) * 60
               + extract(minute FROM sh.starts_at AT TIME ZONE ${TZ}))::int AS minute,
             sh.starts_at = min(sh.starts_at) OVER (
               PARTITION BY sh.screen_id, (sh.starts_at AT TIME ZONE ${TZ})::date) AS first,
             sh.accessibility::text[] AS accessibility
      FROM showtimes sh
      WHERE sh.status = 'SCHEDULED' AND sh.starts_at >= ${zonedInstant(addDays(today, 1), 0, TZ)}`;
    const cinemas = await db().cinema.count();
    expect(
      ahead15.filter((r) => r.slots && r.accessibility.includes('RELAXED')).length,
    ).toBeGreaterThanOrEqual(cinemas);
    for (const r of ahead15) {
      const expected = !r.slots
        ? []
        : [
            ...(r.dow === 4 && r.minute >= 17 * 60 && r.minute < 20 * 60 ? ['CAPTIONED'] : []),
            ...(r.first && (r.dow === 2 || r.dow === 6) ? ['AUDIO_DESCRIBED'] : []),
            ...(r.first && r.dow === 7 ? ['RELAXED'] : []),
          ];
      expect(r.accessibility, JSON.stringify(r)).toEqual(expected);
    }
  }, 240_000);

  it('writes a day once: again the same day nothing, and two runs at once extend each screen once', async () => {
    const sixteenth = new Date(start.getTime() + 16 * DAY);
    const count = () => db().showtime.count();
    const before = await count();
    // The fifteenth day's horizon is already programmed.
    const again = await extendRollingProgrammes({ now: new Date(start.getTime() + 15 * DAY + 3_600_000) });
    expect(again).toEqual({ templates: 0, days: 0, sessions: 0, skipped: 0 });
    expect(await count()).toBe(before);

    // Two instances on the next day at the same moment: each template's new day is written by one.
    const [a, b] = await Promise.all([
      extendRollingProgrammes({ now: sixteenth }),
      extendRollingProgrammes({ now: sixteenth }),
    ]);
    const screens = await db().screen.count();
    expect(a.templates + b.templates).toBe(screens);
    expect(a.days + b.days).toBe(screens);
    expect(await count()).toBe(before + a.sessions + b.sessions);
    const newDay = addDays(localDateAt(sixteenth, TZ), 13);
    const perScreen = await db().$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT movie_id)::int AS n FROM showtimes
      WHERE to_char(starts_at AT TIME ZONE ${TZ}, 'YYYY-MM-DD') = ${newDay}
      GROUP BY screen_id`;
    expect(perScreen).toHaveLength(screens);
  }, 120_000);
});
