import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createShowtimeOp, getProgrammeWeekOp, updateShowtimeOp } from '@/server/api/operations/programme';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { checkClashes } from '@/server/programme/check-clashes';
import { createShowtime } from '@/server/programme/create-showtime';
import { listProgrammeWeek } from '@/server/programme/list-programme-week';
import { updateShowtime } from '@/server/programme/update-showtime';
import { call, strongBearerFor } from '../support/api';
import { createUser } from '../support/factories';
import { cardPrice, ist, programmeWorld, refusal } from '../support/programme';

// Programming one session at a time, against PostgreSQL: the timings the server computes, clash
// checks before writing with the exclusion constraint behind them, prices from the price card,
// moving and retiming only what nobody has bought, and the audit trail of each change.

const MIN = 60_000;

describe('adding a session', () => {
  it('ends after runtime plus trailers, frees the screen after cleaning, and takes the card’s prices', async () => {
    const w = await programmeWorld({ cinema: { trailersMinutes: 12, cleaningMinutes: 18 } });
    const s = await createShowtime({
      viewer: w.manager,
      input: {
        cinemaId: w.cinema.id,
        screenId: w.main.id,
        movieId: w.film.id,
        date: w.day,
        time: '18:30',
        language: 'Tamil',
        format: 'IMAX',
      },
    });
    const start = ist(w.day, '18:30');
    expect(new Date(s.startsAt)).toEqual(start);
    expect(new Date(s.endsAt).getTime() - start.getTime()).toBe((120 + 12) * MIN);
    // The cinema's cleaning time (the main screen has none of its own).
    expect(new Date(s.busyUntil).getTime() - new Date(s.endsAt).getTime()).toBe(18 * MIN);
    expect([s.date, s.time, s.status, s.capacity, s.sold]).toEqual([w.day, '18:30', 'SCHEDULED', 10, 0]);
    // 18:30 is evening by the default day parts (17:00–21:00).
    expect(s.prices).toEqual([
      { category: 'STANDARD', priceMinor: cardPrice('STANDARD', 'IMAX', 'EVENING') },
      { category: 'PREMIUM', priceMinor: cardPrice('PREMIUM', 'IMAX', 'EVENING') },
    ]);
    // Its seat rows came with it, and the change is audited.
    expect(await db().showtimeSeatRow.count({ where: { showtimeId: s.id } })).toBe(2);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'showtime.created', entityId: s.id },
    });
    expect(audit.actorId).toBe(w.manager.id);
    expect(audit.after).toMatchObject({ screenId: w.main.id, format: 'IMAX', pricesFrom: 'price-card' });

    // A screen's own cleaning time wins over the cinema's.
    const small = await createShowtime({
      viewer: w.manager,
      input: {
        cinemaId: w.cinema.id,
        screenId: w.small.id,
        movieId: w.film.id,
        date: w.day,
        time: '09:05',
        language: 'Hindi',
        format: 'TWO_D',
      },
    });
    expect(new Date(small.busyUntil).getTime() - new Date(small.endsAt).getTime()).toBe(10 * MIN);
    expect(small.prices).toEqual([
      { category: 'STANDARD', priceMinor: cardPrice('STANDARD', 'TWO_D', 'MATINEE') },
    ]);
  });

  it('finds clashes before writing, lets sessions touch, and refuses an overlap with the clashes named', async () => {
    const w = await programmeWorld();
    const input = {
      cinemaId: w.cinema.id,
      screenId: w.main.id,
      movieId: w.film.id,
      language: 'Hindi',
      format: 'TWO_D' as const,
    };
    const first = await createShowtime({
      viewer: w.manager,
      input: { ...input, date: w.day, time: '10:00' },
    });
    // 10:00 + 120 + 15 trailers + 20 cleaning = 12:35.
    expect(new Date(first.busyUntil)).toEqual(ist(w.day, '12:35'));

    const check = await checkClashes({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      query: { screenId: w.main.id, movieId: w.film.id, date: w.day, time: '12:00' },
    });
    expect(check.clashes.map((c) => c.id)).toEqual([first.id]);
    expect(check.clashes[0]).toMatchObject({ movieTitle: w.film.title, screenName: w.main.name });
    expect(check.cardPrices).toEqual([
      { category: 'STANDARD', priceMinor: cardPrice('STANDARD', 'TWO_D', 'MATINEE') },
      { category: 'PREMIUM', priceMinor: cardPrice('PREMIUM', 'TWO_D', 'MATINEE') },
    ]);
    // Moving the session itself never clashes with itself.
    const self = await checkClashes({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      query: {
        screenId: w.main.id,
        movieId: w.film.id,
        date: w.day,
        time: '10:30',
        excludeShowtimeId: first.id,
      },
    });
    expect(self.clashes).toEqual([]);

    const refused = await refusal(
      createShowtime({ viewer: w.manager, input: { ...input, date: w.day, time: '12:30' } }),
    );
    expect(refused.code).toBe('SHOWTIME_OVERLAP');
    expect(refused.message).toContain(w.film.title);
    expect((refused.details as { clashes: { id: string }[] }).clashes.map((c) => c.id)).toEqual([first.id]);
    // Exactly when the screen is clean again: allowed. Another screen at 12:00: allowed.
    await createShowtime({ viewer: w.manager, input: { ...input, date: w.day, time: '12:35' } });
    await createShowtime({
      viewer: w.manager,
      input: { ...input, screenId: w.small.id, date: w.day, time: '12:00' },
    });
    // A cancelled session frees its slot.
    await db().showtime.update({
      where: { id: first.id },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    expect(
      (
        await checkClashes({
          viewer: w.manager,
          cinemaId: w.cinema.id,
          query: { screenId: w.main.id, movieId: w.film.id, date: w.day, time: '10:00' },
        })
      ).clashes,
    ).toEqual([]);
  });

  it('refuses what cannot be programmed, at the field, and writes nothing', async () => {
    const w = await programmeWorld();
    const input = {
      cinemaId: w.cinema.id,
      screenId: w.small.id,
      movieId: w.film.id,
      date: w.day,
      time: '10:00',
      language: 'Hindi',
      format: 'TWO_D' as const,
    };
    const cases = [
      [{ format: 'IMAX' as const }, 'format', 'cannot project IMAX'],
      [{ screenId: w.main.id, format: 'THREE_D' as const }, 'format', 'does not come in 3D'],
      [{ language: 'English' }, 'language', 'not available in English'],
      [{ date: '2025-12-01' }, 'date', 'opens on'],
      [{ screenId: (await programmeWorld()).main.id }, 'screenId', 'not a screen of'],
    ] as const;
    for (const [change, path, text] of cases) {
      const e = await refusal(createShowtime({ viewer: w.manager, input: { ...input, ...change } }));
      expect(e.code, path).toBe('VALIDATION_FAILED');
      expect(e.details).toEqual([{ path, message: expect.stringContaining(text) }]);
    }
    await db().movie.update({ where: { id: w.film.id }, data: { releaseDate: new Date('2020-01-01') } });
    const past = await refusal(
      createShowtime({ viewer: w.manager, input: { ...input, date: '2021-01-01' } }),
    );
    expect(past.details).toEqual([{ path: 'time', message: expect.stringContaining('has passed') }]);
    // No price on the card: say what is missing, or take the prices given.
    await db().priceCardEntry.deleteMany({
      where: { cinemaId: w.cinema.id, category: 'PREMIUM', format: 'TWO_D', dayPart: 'NIGHT' },
    });
    const night = { ...input, screenId: w.main.id, time: '21:30' };
    const noPrice = await refusal(createShowtime({ viewer: w.manager, input: night }));
    expect(noPrice.details).toEqual([
      { path: 'prices', message: expect.stringContaining('no Premium price for 2D night') },
    ]);
    const wrongPrices = await refusal(
      createShowtime({
        viewer: w.manager,
        input: { ...night, prices: [{ category: 'STANDARD', priceMinor: 10_000 }] },
      }),
    );
    expect(wrongPrices.details).toEqual([
      { path: 'prices', message: expect.stringContaining('standard, premium') },
    ]);
    expect(await db().showtime.count({ where: { screen: { cinemaId: w.cinema.id } } })).toBe(0);
    const given = await createShowtime({
      viewer: w.manager,
      input: {
        ...night,
        prices: [
          { category: 'STANDARD', priceMinor: 10_000 },
          { category: 'PREMIUM', priceMinor: 15_000 },
        ],
      },
    });
    expect(given.prices.map((p) => p.priceMinor)).toEqual([10_000, 15_000]);
  });

  it('a manager of another cinema is refused before anything is read', async () => {
    const w = await programmeWorld();
    const other = await programmeWorld();
    const e = await refusal(
      createShowtime({
        viewer: other.manager,
        input: {
          cinemaId: w.cinema.id,
          screenId: w.main.id,
          movieId: w.film.id,
          date: w.day,
          time: '10:00',
          language: 'Hindi',
          format: 'TWO_D',
        },
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
  });

  it('keeps the exclusion constraint as the last line: a writer that got in first wins, the other gets 409', async () => {
    const w = await programmeWorld();
    const start = ist(w.day, '15:00');
    // Another writer (not through the use case) has inserted an overlapping session and not
    // committed yet: the check cannot see it, the insert waits for it, then the constraint refuses.
    const other = new pg.Client({ connectionString: inject('databaseUrl') });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO showtimes (movie_id, screen_id, starts_at, ends_at, busy_until, language, format)
         VALUES ($1, $2, $3, $4, $5, 'Hindi', 'TWO_D')`,
        [
          w.film.id,
          w.main.id,
          start,
          new Date(start.getTime() + 135 * MIN),
          new Date(start.getTime() + 155 * MIN),
        ],
      );
      const attempt = refusal(
        createShowtime({
          viewer: w.manager,
          input: {
            cinemaId: w.cinema.id,
            screenId: w.main.id,
            movieId: w.film.id,
            date: w.day,
            time: '16:00',
            language: 'Hindi',
            format: 'TWO_D',
          },
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      await other.query('COMMIT');
      const e = await attempt;
      expect(e.code).toBe('SHOWTIME_OVERLAP');
      expect((e.details as { clashes: unknown[] }).clashes).toHaveLength(1);
    } finally {
      await other.end();
    }
    expect(await db().showtime.count({ where: { screenId: w.main.id } })).toBe(1);
  });

  it('of twelve managers adding the same slot at once, exactly one wins and the others get 409', async () => {
    const w = await programmeWorld();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        createShowtime({
          viewer: w.manager,
          input: {
            cinemaId: w.cinema.id,
            screenId: w.main.id,
            movieId: w.film.id,
            date: w.day,
            time: `11:${String(i * 4).padStart(2, '0')}`,
            language: 'Hindi',
            format: 'TWO_D',
          },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(toAppError(r.reason).code).toBe('SHOWTIME_OVERLAP');
    expect(await db().showtime.count({ where: { screenId: w.main.id } })).toBe(1);
  });
});

describe('moving, retiming and repricing a session', () => {
  const add = (w: Awaited<ReturnType<typeof programmeWorld>>, time: string, screenId = w.main.id) =>
    createShowtime({
      viewer: w.manager,
      input: {
        cinemaId: w.cinema.id,
        screenId,
        movieId: w.film.id,
        date: w.day,
        time,
        language: 'Hindi',
        format: 'TWO_D',
      },
    });

  it('retimes and moves an unsold session, recomputing its times, seat rows and prices, audited before/after', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00');
    const later = await updateShowtime({ viewer: w.manager, showtimeId: s.id, changes: { time: '19:00' } });
    expect(new Date(later.startsAt)).toEqual(ist(w.day, '19:00'));
    expect(new Date(later.busyUntil).getTime() - new Date(later.startsAt).getTime()).toBe(155 * MIN);
    // Repriced from the card for the evening.
    expect(later.prices[0]).toEqual({
      category: 'STANDARD',
      priceMinor: cardPrice('STANDARD', 'TWO_D', 'EVENING'),
    });

    const moved = await updateShowtime({
      viewer: w.manager,
      showtimeId: s.id,
      changes: { screenId: w.small.id, time: '09:30' },
    });
    expect([moved.screenId, moved.time, moved.prices.length]).toEqual([w.small.id, '09:30', 1]);
    // The small screen cleans in 10 minutes.
    expect(new Date(moved.busyUntil).getTime() - new Date(moved.endsAt).getTime()).toBe(10 * MIN);
    expect(await db().showtimeSeatRow.count({ where: { showtimeId: s.id } })).toBe(2);
    const audits = await db().auditLog.findMany({
      where: { entityId: s.id, action: 'showtime.moved' },
      orderBy: { id: 'asc' },
    });
    expect(audits).toHaveLength(2);
    expect(audits[1]?.before).toMatchObject({ screenId: w.main.id });
    expect(audits[1]?.after).toMatchObject({ screenId: w.small.id });

    // Into another session's slot: refused, naming it, and nothing changes.
    const blocker = await add(w, '14:00');
    const e = await refusal(
      updateShowtime({
        viewer: w.manager,
        showtimeId: s.id,
        changes: { screenId: w.main.id, time: '13:00' },
      }),
    );
    expect(e.code).toBe('SHOWTIME_OVERLAP');
    expect((e.details as { clashes: { id: string }[] }).clashes.map((c) => c.id)).toEqual([blocker.id]);
    expect((await db().showtime.findUniqueOrThrow({ where: { id: s.id } })).screenId).toBe(w.small.id);
  });

  it('refuses to move a session with seats sold or held, and keeps it on its screen once seats were held', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00');
    const customer = await createUser();
    const hold = await holdSeats({ userId: customer.id, showtimeId: s.id, seatIds: [w.main.seatIds[0]!] });
    const e = await refusal(
      updateShowtime({ viewer: w.manager, showtimeId: s.id, changes: { time: '11:00' } }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.details).toEqual({ reason: 'has-sales', sold: 0, held: 1 });
    expect(e.message).toContain('1 held');
    await db().$executeRaw`UPDATE seat_claims SET state = 'RELEASED' WHERE hold_id = ${hold.holdId}::uuid`;
    await db()
      .$executeRaw`UPDATE seat_holds SET status = 'RELEASED', ended_at = now() WHERE id = ${hold.holdId}::uuid`;
    // Retimed on its own screen: fine. To another screen: its past hold names this screen's seats.
    await updateShowtime({ viewer: w.manager, showtimeId: s.id, changes: { time: '11:00' } });
    const h = await refusal(
      updateShowtime({ viewer: w.manager, showtimeId: s.id, changes: { screenId: w.small.id } }),
    );
    expect(h.details).toEqual({ reason: 'has-history' });
  });

  it('reprices a session with sales: new holds pay the new price, the hold already made keeps its own', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00');
    const [a, b] = [await createUser(), await createUser()];
    const before = await holdSeats({ userId: a.id, showtimeId: s.id, seatIds: [w.main.seatIds[0]!] });
    expect(before.price.seats[0]?.baseMinor).toBe(cardPrice('STANDARD', 'TWO_D', 'MATINEE'));

    const repriced = await updateShowtime({
      viewer: w.manager,
      showtimeId: s.id,
      changes: {
        prices: [
          { category: 'STANDARD', priceMinor: 12_300 },
          { category: 'PREMIUM', priceMinor: 45_600 },
        ],
      },
    });
    expect(repriced.prices).toEqual([
      { category: 'STANDARD', priceMinor: 12_300 },
      { category: 'PREMIUM', priceMinor: 45_600 },
    ]);
    // At once in this process, although the showtime's context was cached by the first hold.
    const after = await holdSeats({ userId: b.id, showtimeId: s.id, seatIds: [w.main.seatIds[1]!] });
    expect(after.price.seats[0]?.baseMinor).toBe(12_300);
    const kept = await db().seatHold.findUniqueOrThrow({ where: { id: before.holdId } });
    expect(kept.totalMinor).toBe(before.price.totalMinor);
    expect((kept.price as { seats: { baseMinor: number }[] }).seats[0]?.baseMinor).toBe(
      cardPrice('STANDARD', 'TWO_D', 'MATINEE'),
    );
    const audit = await db().auditLog.findFirstOrThrow({
      where: { entityId: s.id, action: 'showtime.repriced' },
    });
    expect(audit.before).toMatchObject({
      prices: [
        { category: 'STANDARD', priceMinor: 20_000 },
        { category: 'PREMIUM', priceMinor: 30_000 },
      ],
    });
  });
});

describe('the week and the REST operations', () => {
  it('lists the week in the cinema’s time zone, and the operations answer as declared', async () => {
    const w = await programmeWorld();
    const token = await strongBearerFor({ id: w.manager.id, role: 'MANAGER' });
    const created = await call(createShowtimeOp, {
      params: { cinemaId: w.cinema.id },
      token,
      body: {
        screenId: w.main.id,
        movieId: w.film.id,
        date: w.day,
        time: '23:50',
        language: 'Hindi',
        format: 'TWO_D',
      },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const week = await listProgrammeWeek({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      week: undefined,
      now: ist(w.day, '12:00'),
    });
    expect(week.days).toContain(w.day);
    expect(week.sessions.map((s) => [s.id, s.date, s.time])).toEqual([[id, w.day, '23:50']]);
    expect(week.screens.map((s) => s.id).sort()).toEqual([w.main.id, w.small.id].sort());
    expect(week.films.some((f) => f.id === w.film.id)).toBe(true);

    const viaRest = await call(getProgrammeWeekOp, {
      params: { cinemaId: w.cinema.id },
      token,
      path: `?week=${week.week}`,
    });
    expect(viaRest.status).toBe(200);
    expect((viaRest.body as { sessions: unknown[] }).sessions).toHaveLength(1);
    const badWeek = await call(getProgrammeWeekOp, {
      params: { cinemaId: w.cinema.id },
      token,
      path: '?week=2026-W60',
    });
    expect(badWeek.status).toBe(400);

    const patched = await call(updateShowtimeOp, { params: { id }, token, body: { time: '22:00' } });
    expect([patched.status, (patched.body as { time: string }).time]).toEqual([200, '22:00']);
    const empty = await call(updateShowtimeOp, { params: { id }, token, body: {} });
    expect(empty.status).toBe(400);
  });
});
