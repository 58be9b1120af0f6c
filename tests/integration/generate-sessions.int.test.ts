import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/local-time';
import type { GeneratePlan } from '@/lib/schemas/programme';
import { generateSessionsOp, saveProgrammeTemplateOp } from '@/server/api/operations/programme';
import { db } from '@/server/db';
import { createShowtime } from '@/server/programme/create-showtime';
import { extendRollingProgrammes } from '@/server/programme/extend-rolling-programmes';
import { generateSessions } from '@/server/programme/generate-sessions';
import { saveProgrammeTemplate } from '@/server/programme/save-programme-template';
import { call, strongBearerFor } from '../support/api';
import { createMovie } from '../support/factories';
import { cardPrice, ist, programmeWorld, programmeWorldWithShortFilm, refusal } from '../support/programme';

// Bulk generation against PostgreSQL: a preview that writes nothing, films taken in turn, back to
// back around what is already there, and an apply that writes the whole plan or none of it.

const MIN = 60_000;

const world = programmeWorldWithShortFilm;

const sessionsOf = (cinemaId: string) =>
  db().showtime.count({ where: { screen: { cinemaId }, status: 'SCHEDULED' } });

describe('bulk generation', () => {
  it('previews fixed start times over several days and screens, taking films in turn, writing nothing', async () => {
    const w = await world();
    const plan: GeneratePlan = {
      movieIds: [w.film.id, w.short.id],
      screenIds: [w.main.id, w.small.id],
      from: w.day,
      until: addDays(w.day, 2),
      starts: { kind: 'times', times: ['18:00', '10:00', '14:00'] },
    };
    const preview = await generateSessions({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      plan,
      mode: 'preview',
    });
    expect(preview.sessions).toHaveLength(2 * 3 * 3);
    expect(preview.problems).toBe(0);
    expect(preview.createdIds).toEqual([]);
    expect(await sessionsOf(w.cinema.id)).toBe(0);
    // Each screen's day is in time order and alternates between the two films.
    const mainDay = preview.sessions.filter((s) => s.screenId === w.main.id && s.date === w.day);
    expect(mainDay.map((s) => s.time)).toEqual(['10:00', '14:00', '18:00']);
    expect(new Set(mainDay.map((s) => s.movieId)).size).toBe(2);
    expect(mainDay[0]?.movieId).not.toBe(mainDay[1]?.movieId);
    // The film made for IMAX plays in IMAX on the IMAX screen; timings and card prices as one session's.
    const imax = mainDay.find((s) => s.movieId === w.film.id);
    expect(imax?.format).toBe('IMAX');
    const start = ist(imax?.date ?? '', imax?.time ?? '');
    expect(Date.parse(imax?.endsAt ?? '') - start.getTime()).toBe((120 + 15) * MIN);
    expect(Date.parse(imax?.busyUntil ?? '') - Date.parse(imax?.endsAt ?? '')).toBe(20 * MIN);
    const part = imax?.time === '18:00' ? 'EVENING' : 'MATINEE';
    expect(imax?.prices).toEqual([
      { category: 'STANDARD', priceMinor: cardPrice('STANDARD', 'IMAX', part) },
      { category: 'PREMIUM', priceMinor: cardPrice('PREMIUM', 'IMAX', part) },
    ]);
  });

  it('plays each film in the language chosen for it, and refuses one it is not released in', async () => {
    const w = await world();
    // w.film is released in Hindi and Tamil (tests/support/programme.ts).
    const plan: GeneratePlan = {
      movieIds: [w.film.id, w.short.id],
      languages: { [w.film.id]: 'Tamil' },
      screenIds: [w.main.id],
      from: w.day,
      until: w.day,
      starts: { kind: 'times', times: ['10:00', '14:00', '18:00', '21:00'] },
    };
    const applied = await generateSessions({ viewer: w.manager, cinemaId: w.cinema.id, plan, mode: 'apply' });
    const written = await db().showtime.findMany({
      where: { id: { in: applied.createdIds } },
      select: { movieId: true, language: true },
    });
    expect(written.filter((s) => s.movieId === w.film.id).map((s) => s.language)).toEqual(['Tamil', 'Tamil']);
    expect(written.filter((s) => s.movieId === w.short.id).map((s) => s.language)).toEqual([
      'English',
      'English',
    ]);

    const before = await sessionsOf(w.cinema.id);
    const e = await refusal(
      generateSessions({
        viewer: w.manager,
        cinemaId: w.cinema.id,
        plan: {
          ...plan,
          from: addDays(w.day, 1),
          until: addDays(w.day, 1),
          languages: { [w.short.id]: 'Tamil' },
        },
        mode: 'apply',
      }),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details).toEqual([
      { path: `languages.${w.short.id}`, message: expect.stringContaining('not released in Tamil') },
    ]);
    expect(await sessionsOf(w.cinema.id)).toBe(before);
  });

  it('back to back: the next show as soon as the screen is free, around a session already there', async () => {
    const w = await world();
    // Already there: 14:00 on the small screen (95 + 15 min, cleaning 10: busy until 16:00).
    const there = await createShowtime({
      viewer: w.manager,
      input: {
        cinemaId: w.cinema.id,
        screenId: w.small.id,
        movieId: w.short.id,
        date: w.day,
        time: '14:00',
        language: 'English',
        format: 'TWO_D',
      },
    });
    const plan: GeneratePlan = {
      movieIds: [w.short.id],
      screenIds: [w.small.id],
      from: w.day,
      until: w.day,
      starts: { kind: 'back-to-back', firstShow: '10:00', lastStart: '20:00' },
    };
    const preview = await generateSessions({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      plan,
      mode: 'preview',
    });
    // Two hours a show: 10:00 and 12:00 (which frees the screen at 14:00 sharp, when the one
    // already there starts), then after it 16:00, 18:00 and 20:00.
    const times = ['10:00', '12:00', '16:00', '18:00', '20:00'];
    expect(preview.sessions.map((s) => s.time)).toEqual(times);
    expect(preview.problems).toBe(0);

    const applied = await generateSessions({ viewer: w.manager, cinemaId: w.cinema.id, plan, mode: 'apply' });
    expect(applied.createdIds).toHaveLength(5);
    const rows = await db().showtime.findMany({
      where: { id: { in: applied.createdIds } },
      select: { startsAt: true, prices: { select: { category: true, priceMinor: true } } },
      orderBy: { startsAt: 'asc' },
    });
    expect(rows.map((r) => r.startsAt)).toEqual(times.map((t) => ist(w.day, t)));
    expect(rows[0]?.prices).toEqual([
      { category: 'STANDARD', priceMinor: cardPrice('STANDARD', 'TWO_D', 'MATINEE') },
    ]);
    // Seat rows came with each, and one audit entry names them all.
    expect(await db().showtimeSeatRow.count({ where: { showtimeId: { in: applied.createdIds } } })).toBe(
      5 * 2,
    );
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme.generated', entityId: w.cinema.id },
    });
    expect(audit.actorId).toBe(w.manager.id);
    expect((audit.after as { sessions: { id: string }[] }).sessions.map((s) => s.id)).toEqual(
      applied.createdIds,
    );
    expect(there.id).not.toBe(applied.createdIds[0]);
  });

  it('applies all or nothing: one clash in the plan and not one session is written', async () => {
    const w = await world();
    const other = addDays(w.day, 1);
    const blocker = await createShowtime({
      viewer: w.manager,
      input: {
        cinemaId: w.cinema.id,
        screenId: w.main.id,
        movieId: w.film.id,
        date: other,
        time: '13:00',
        language: 'Hindi',
        format: 'TWO_D',
      },
    });
    const plan: GeneratePlan = {
      movieIds: [w.film.id],
      screenIds: [w.small.id, w.main.id],
      from: w.day,
      until: other,
      starts: { kind: 'times', times: ['10:00', '14:00'] },
    };
    const preview = await generateSessions({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      plan,
      mode: 'preview',
    });
    const bad = preview.sessions.filter((s) => s.problem);
    expect(bad.map((s) => [s.screenId, s.date, s.time, s.problem])).toEqual([
      [w.main.id, other, '14:00', 'clash'],
    ]);
    expect(bad[0]?.clashes.map((c) => c.id)).toEqual([blocker.id]);
    const before = await sessionsOf(w.cinema.id);
    const e = await refusal(
      generateSessions({ viewer: w.manager, cinemaId: w.cinema.id, plan, mode: 'apply' }),
    );
    expect(e.code).toBe('SHOWTIME_OVERLAP');
    expect((e.details as { clashes: { id: string }[] }).clashes.map((c) => c.id)).toEqual([blocker.id]);
    expect(await sessionsOf(w.cinema.id)).toBe(before);
    expect(
      await db().auditLog.count({ where: { action: 'programme.generated', entityId: w.cinema.id } }),
    ).toBe(0);

    // Start times too close for the film clash with each other inside the plan.
    const tight = await generateSessions({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      plan: {
        ...plan,
        screenIds: [w.small.id],
        until: w.day,
        starts: { kind: 'times', times: ['10:00', '11:00'] },
      },
      mode: 'preview',
    });
    expect(tight.sessions.map((s) => s.problem)).toEqual([null, 'clash']);
  });

  it('refuses what it cannot price, and passes over films a screen cannot show or that have not opened', async () => {
    const w = await world();
    const later = await createMovie({
      runtimeMinutes: 100,
      languages: ['Hindi'],
      formats: ['TWO_D'],
      releaseDate: new Date(`${addDays(w.day, 1)}T00:00:00Z`),
    });
    const fourDx = await createMovie({
      runtimeMinutes: 100,
      languages: ['Hindi'],
      formats: ['FOUR_DX'],
      releaseDate: new Date('2026-01-01'),
    });
    const plan: GeneratePlan = {
      movieIds: [later.id, fourDx.id],
      screenIds: [w.small.id],
      from: w.day,
      until: addDays(w.day, 1),
      starts: { kind: 'times', times: ['10:00'] },
    };
    const preview = await generateSessions({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      plan,
      mode: 'preview',
    });
    // Day one: the 4DX film cannot play on a 2D screen and the other has not opened.
    expect(preview.sessions.map((s) => [s.date, s.movieId])).toEqual([[addDays(w.day, 1), later.id]]);
    expect(preview.notes).toHaveLength(1);
    expect(preview.notes[0]).toContain(w.day);

    await db().priceCardEntry.deleteMany({
      where: { cinemaId: w.cinema.id, format: 'TWO_D', dayPart: 'MATINEE' },
    });
    const unpriced = await generateSessions({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      plan,
      mode: 'preview',
    });
    expect(unpriced.sessions.map((s) => s.problem)).toEqual(['no-price']);
    const e = await refusal(
      generateSessions({ viewer: w.manager, cinemaId: w.cinema.id, plan, mode: 'apply' }),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(await sessionsOf(w.cinema.id)).toBe(0);
  });

  it('answers as declared over REST, and refuses managers of other cinemas', async () => {
    const w = await world();
    const body = {
      mode: 'apply' as const,
      plan: {
        movieIds: [w.short.id],
        screenIds: [w.small.id],
        from: w.day,
        until: w.day,
        starts: { kind: 'back-to-back' as const, firstShow: '11:00', lastStart: '13:00' },
      },
    };
    const token = await strongBearerFor(w.manager);
    const ok = await call(generateSessionsOp, { params: { cinemaId: w.cinema.id }, body, token });
    expect(ok.status).toBe(200);
    expect((ok.body as { createdIds: string[] }).createdIds).toHaveLength(2);
    // Applying the same plan again: every session now clashes, nothing more is written.
    const again = await call(generateSessionsOp, {
      params: { cinemaId: w.cinema.id },
      body: { ...body, plan: { ...body.plan, starts: { kind: 'times' as const, times: ['11:00'] } } },
      token,
    });
    expect(again.status).toBe(409);
    expect(await sessionsOf(w.cinema.id)).toBe(2);
    const bad = await call(generateSessionsOp, {
      params: { cinemaId: w.cinema.id },
      body: { ...body, plan: { ...body.plan, until: addDays(w.day, -1) } },
      token,
    });
    expect(bad.status).toBe(400);
    const stranger = await programmeWorld();
    const refused = await call(generateSessionsOp, {
      params: { cinemaId: w.cinema.id },
      body,
      token: await strongBearerFor(stranger.manager),
    });
    expect(refused.status).toBe(403);
    expect(await sessionsOf(w.cinema.id)).toBe(2);
  });
});

describe('a rolling programme set up by a manager', () => {
  it('programmes the days ahead at once around what is there, audits before/after, and turns off', async () => {
    const w = await world();
    const body = {
      movieIds: [w.short.id],
      firstShow: '10:00',
      lastStart: '16:00',
      daysAhead: 3,
      active: true,
    };
    // Already there two days ahead: 12:00 on the small screen (busy until 14:00).
    const today = addDays(w.day, -2);
    const there = await createShowtime({
      viewer: w.manager,
      input: {
        cinemaId: w.cinema.id,
        screenId: w.small.id,
        movieId: w.short.id,
        date: w.day,
        time: '12:00',
        language: 'English',
        format: 'TWO_D',
      },
    });
    const saved = await saveProgrammeTemplate({ viewer: w.manager, screenId: w.small.id, body });
    expect(saved.template).toMatchObject({
      ...body,
      screenId: w.small.id,
      extendedThrough: addDays(today, 2),
    });
    const rows = await db().showtime.findMany({
      where: {
        screenId: w.small.id,
        startsAt: { gte: ist(w.day, '00:00'), lt: ist(addDays(w.day, 1), '00:00') },
      },
      select: { id: true, startsAt: true },
      orderBy: { startsAt: 'asc' },
    });
    // Two hours a show from 10:00: 10:00, the one already at 12:00, then 14:00 and 16:00.
    expect(rows.map((r) => r.startsAt)).toEqual(
      ['10:00', '12:00', '14:00', '16:00'].map((t) => ist(w.day, t)),
    );
    expect(rows[1]?.id).toBe(there.id);
    expect(saved.extended.days).toBe(3);
    const created = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme-template.created', entityId: w.small.id },
    });
    expect([created.actorId, created.before]).toEqual([w.manager.id, null]);

    // Saved again: nothing more to programme; the change is audited with what it was.
    const again = await saveProgrammeTemplate({
      viewer: w.manager,
      screenId: w.small.id,
      body: { ...body, active: false },
    });
    expect(again.extended).toEqual({ days: 0, sessions: 0 });
    const updated = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme-template.updated', entityId: w.small.id },
    });
    expect(updated.before).toMatchObject({ active: true });
    expect(updated.after).toMatchObject({ active: false });
    // Off: the job leaves it alone, whatever the day.
    await extendRollingProgrammes({ now: new Date(Date.now() + 10 * 86_400_000) });
    expect(
      await db().showtime.count({
        where: { screenId: w.small.id, startsAt: { gt: ist(addDays(w.day, 5), '00:00') } },
      }),
    ).toBe(0);

    // Another cinema's manager may not; a bad template is refused at the field.
    const stranger = await programmeWorld();
    expect(
      (await refusal(saveProgrammeTemplate({ viewer: stranger.manager, screenId: w.small.id, body }))).code,
    ).toBe('FORBIDDEN');
    const token = await strongBearerFor(w.manager);
    const bad = await call(saveProgrammeTemplateOp, {
      params: { id: w.main.id },
      body: { ...body, firstShow: '18:00' },
      token,
    });
    expect(bad.status).toBe(400);
    expect(await db().programmeTemplate.count({ where: { screenId: w.main.id } })).toBe(0);
    const ok = await call(saveProgrammeTemplateOp, { params: { id: w.main.id }, body, token });
    expect(ok.status).toBe(200);
  });
});
