import { describe, expect, it } from 'vitest';
import type { ShowtimeListing } from '@/lib/accessibility';
import { getBookingOp } from '@/server/api/operations/bookings';
import { createShowtimeOp, generateSessionsOp, updateShowtimeOp } from '@/server/api/operations/programme';
import { listShowtimesOp } from '@/server/api/operations/showtime-listing';
import { getSeatMapOp } from '@/server/api/operations/showtimes';
import { listShowtimeCards } from '@/server/catalog/showtime-cards';
import { db } from '@/server/db';
import { type CatalogChange, onCatalogChange } from '@/server/events/catalog-events';
import { createShowtime } from '@/server/programme/create-showtime';
import { updateShowtime } from '@/server/programme/update-showtime';
import { bearerFor, call, strongBearerFor } from '../support/api';
import { book } from '../support/bookings';
import { programmeWorld, refusal } from '../support/programme';

// Accessible showings (issue 16.3) against PostgreSQL: managers set a session's features when they
// add it, edit it or generate many, each change audited with before and after and announced as a
// catalogue change; the database keeps the features canonical; listings filter on every feature
// asked for, the wheelchair screen being the layout's wheelchair spaces rather than a flag.

type World = Awaited<ReturnType<typeof programmeWorld>>;

const add = (
  w: World,
  time: string,
  accessibility?: ('SUBTITLED' | 'CAPTIONED' | 'AUDIO_DESCRIBED' | 'RELAXED')[],
  screenId = w.main.id,
) =>
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
      ...(accessibility ? { accessibility } : {}),
    },
  });

describe('managers set accessible-showing features', () => {
  it('on a new session (stored in one order whatever order they came in), audited', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00', ['RELAXED', 'AUDIO_DESCRIBED']);
    expect(s.accessibility).toEqual(['AUDIO_DESCRIBED', 'RELAXED']);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'showtime.created', entityId: s.id },
    });
    expect(audit.after).toMatchObject({ accessibility: ['AUDIO_DESCRIBED', 'RELAXED'] });
    // Left out: a plain showing.
    const plain = await add(w, '14:00');
    expect(plain.accessibility).toEqual([]);
  });

  it('set and unset on an existing session, sold or not, audited with before and after and published', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00');
    const heard: CatalogChange[] = [];
    const stop = onCatalogChange((c) => heard.push(c));
    try {
      const set = await updateShowtime({
        viewer: w.manager,
        showtimeId: s.id,
        changes: { accessibility: ['CAPTIONED', 'SUBTITLED'] },
      });
      expect(set.accessibility).toEqual(['SUBTITLED', 'CAPTIONED']);
      // Nothing else changed: same time, same prices.
      expect([set.startsAt, set.prices]).toEqual([s.startsAt, s.prices]);
      const unset = await updateShowtime({
        viewer: w.manager,
        showtimeId: s.id,
        changes: { accessibility: [] },
      });
      expect(unset.accessibility).toEqual([]);
    } finally {
      stop();
    }
    const audits = await db().auditLog.findMany({
      where: { entityId: s.id, action: 'showtime.accessibility-changed' },
      orderBy: { createdAt: 'asc' },
    });
    expect(
      audits.map((a) => [
        (a.before as { accessibility: unknown }).accessibility,
        (a.after as { accessibility: unknown }).accessibility,
      ]),
    ).toEqual([
      [[], ['SUBTITLED', 'CAPTIONED']],
      [['SUBTITLED', 'CAPTIONED'], []],
    ]);
    expect(audits.every((a) => a.actorId === w.manager.id)).toBe(true);
    // Caches of this session and cinema forget it (the listing shows the chips at once).
    expect(heard.filter((c) => c.showtimeIds?.includes(s.id))).toHaveLength(2);
  });

  it('refuses an unknown feature or one named twice at the field, and a manager of another cinema', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00');
    const token = await strongBearerFor({ id: w.manager.id, role: 'MANAGER' });
    const unknown = await call(updateShowtimeOp, {
      params: { id: s.id },
      token,
      body: { accessibility: ['LOUD'] },
    });
    expect(unknown.status).toBe(400);
    const twice = await call(updateShowtimeOp, {
      params: { id: s.id },
      token,
      body: { accessibility: ['RELAXED', 'RELAXED'] },
    });
    expect(twice.status).toBe(400);
    const other = await programmeWorld();
    const error = await refusal(
      updateShowtime({ viewer: other.manager, showtimeId: s.id, changes: { accessibility: ['RELAXED'] } }),
    );
    expect(error.code).toBe('FORBIDDEN');
    const row = await db().showtime.findUniqueOrThrow({
      where: { id: s.id },
      select: { accessibility: true },
    });
    expect(row.accessibility).toEqual([]);
    expect(
      await db().auditLog.count({ where: { entityId: s.id, action: 'showtime.accessibility-changed' } }),
    ).toBe(0);
  });

  it('the database keeps each feature once and in order, whoever writes', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00');
    for (const bad of [`'{RELAXED,RELAXED}'`, `'{RELAXED,SUBTITLED}'`, `ARRAY[NULL]`]) {
      await expect(
        db().$executeRawUnsafe(
          `UPDATE showtimes SET accessibility = ${bad}::"AccessFeature"[] WHERE id = $1::uuid`,
          s.id,
        ),
      ).rejects.toThrow(/showtimes_accessibility_canonical/);
    }
  });

  it('over REST: create, patch and generate carry the features in the declared answers', async () => {
    const w = await programmeWorld();
    const token = await strongBearerFor({ id: w.manager.id, role: 'MANAGER' });
    const created = await call(createShowtimeOp, {
      params: { cinemaId: w.cinema.id },
      token,
      body: {
        screenId: w.main.id,
        movieId: w.film.id,
        date: w.day,
        time: '10:00',
        language: 'Hindi',
        format: 'TWO_D',
        accessibility: ['AUDIO_DESCRIBED'],
      },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((created.body as { accessibility: string[] }).accessibility).toEqual(['AUDIO_DESCRIBED']);
    const patched = await call(updateShowtimeOp, {
      params: { id },
      token,
      body: { accessibility: ['RELAXED'] },
    });
    expect(patched.status).toBe(200);
    expect((patched.body as { accessibility: string[] }).accessibility).toEqual(['RELAXED']);

    const plan = {
      movieIds: [w.film.id],
      screenIds: [w.small.id],
      from: w.day,
      until: w.day,
      starts: { kind: 'times' as const, times: ['10:00', '14:00'] },
      accessibility: ['RELAXED' as const, 'SUBTITLED' as const],
    };
    const preview = await call(generateSessionsOp, {
      params: { cinemaId: w.cinema.id },
      token,
      body: { plan, mode: 'preview' },
    });
    expect(preview.status).toBe(200);
    const sessions = (preview.body as { sessions: { accessibility: string[] }[] }).sessions;
    expect(sessions.map((x) => x.accessibility)).toEqual([
      ['SUBTITLED', 'RELAXED'],
      ['SUBTITLED', 'RELAXED'],
    ]);
    const applied = await call(generateSessionsOp, {
      params: { cinemaId: w.cinema.id },
      token,
      body: { plan, mode: 'apply' },
    });
    expect(applied.status).toBe(200);
    const ids = (applied.body as { createdIds: string[] }).createdIds;
    const written = await db().showtime.findMany({
      where: { id: { in: ids } },
      select: { accessibility: true },
    });
    expect(written.map((x) => x.accessibility)).toEqual([
      ['SUBTITLED', 'RELAXED'],
      ['SUBTITLED', 'RELAXED'],
    ]);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme.generated', entityId: w.cinema.id },
    });
    expect((audit.after as { sessions: { accessibility: string[] }[] }).sessions[0]?.accessibility).toEqual([
      'SUBTITLED',
      'RELAXED',
    ]);
  });
});

describe('moviegoers filter showtimes by them', () => {
  it('keeps only showtimes with every feature asked for; the wheelchair screen is its wheelchair spaces', async () => {
    const w = await programmeWorld();
    // The small screen gets a wheelchair space before its sessions are made (sessions keep the
    // layout they were made on).
    await db().seat.update({ where: { id: w.small.seatIds[0] }, data: { kind: 'WHEELCHAIR' } });
    const relaxed = await add(w, '10:00', ['RELAXED']);
    const both = await add(w, '14:00', ['AUDIO_DESCRIBED', 'RELAXED']);
    const plain = await add(w, '18:00');
    const wheel = await add(w, '12:00', ['AUDIO_DESCRIBED'], w.small.id);
    const list = (access?: Parameters<typeof listShowtimeCards>[0]['access']) =>
      listShowtimeCards({ cinemaId: w.cinema.id, date: w.day, access }).then((cards) =>
        cards.map((c) => c.id),
      );

    expect(await list()).toEqual([relaxed.id, wheel.id, both.id, plain.id]);
    expect(await list(['RELAXED'])).toEqual([relaxed.id, both.id]);
    expect(await list(['RELAXED', 'AUDIO_DESCRIBED'])).toEqual([both.id]);
    expect(await list(['AUDIO_DESCRIBED'])).toEqual([wheel.id, both.id]);
    expect(await list(['WHEELCHAIR'])).toEqual([wheel.id]);
    expect(await list(['WHEELCHAIR', 'RELAXED'])).toEqual([]);
    expect(await list(['CAPTIONED'])).toEqual([]);

    const cards = await listShowtimeCards({ cinemaId: w.cinema.id, date: w.day });
    expect(cards.map((c) => [c.accessibility, c.wheelchairAccessible])).toEqual([
      [['RELAXED'], false],
      [['AUDIO_DESCRIBED'], true],
      [['AUDIO_DESCRIBED', 'RELAXED'], false],
      [[], false],
    ]);

    // A wheelchair space taken out of service no longer makes the screen accessible.
    await db().seat.update({ where: { id: w.small.seatIds[0] }, data: { blocked: true } });
    expect(await list(['WHEELCHAIR'])).toEqual([]);
  });
});

describe('the API gives them where showtimes are listed, on the seat map and on bookings', () => {
  it('GET /api/v1/showtimes filters with access=…, refuses an unknown word, answers as declared', async () => {
    const w = await programmeWorld();
    const relaxed = await add(w, '10:00', ['RELAXED', 'SUBTITLED']);
    await add(w, '14:00');
    const all = await call(listShowtimesOp, { path: `?cinemaId=${w.cinema.id}&date=${w.day}` });
    expect(all.status).toBe(200);
    expect((all.body as ShowtimeListing).showtimes).toHaveLength(2);
    const only = await call(listShowtimesOp, {
      path: `?cinemaId=${w.cinema.id}&date=${w.day}&access=relaxed,subtitled`,
    });
    expect(only.status).toBe(200);
    const body = only.body as ShowtimeListing;
    expect(body.showtimes.map((s) => [s.id, s.accessibility, s.wheelchairAccessible])).toEqual([
      [relaxed.id, ['SUBTITLED', 'RELAXED'], false],
    ]);
    expect(only.headers.get('cache-control')).toBe('public, max-age=60');
    const wrong = await call(listShowtimesOp, { path: `?cinemaId=${w.cinema.id}&access=relaxed,loud` });
    expect(wrong.status).toBe(400);
    const nothingNamed = await call(listShowtimesOp, { path: '?access=relaxed' });
    expect(nothingNamed.status).toBe(400);
  });

  it('the seat map and the booking carry them, and a change shows on the seat map at once', async () => {
    const w = await programmeWorld();
    const s = await add(w, '10:00', ['AUDIO_DESCRIBED']);
    const map = await call(getSeatMapOp, { params: { id: s.id } });
    expect(map.status).toBe(200);
    expect(map.body).toMatchObject({ accessibility: ['AUDIO_DESCRIBED'], wheelchairAccessible: false });
    // The seat map is cached per showtime; the change's catalogue event drops it.
    await updateShowtime({ viewer: w.manager, showtimeId: s.id, changes: { accessibility: ['RELAXED'] } });
    const again = await call(getSeatMapOp, { params: { id: s.id } });
    expect(again.body).toMatchObject({ accessibility: ['RELAXED'] });

    const booked = await book({ showtimeId: s.id, seatIds: [w.main.seatIds[0] as string] });
    const user = await db().user.findUniqueOrThrow({ where: { id: booked.userId } });
    const got = await call(getBookingOp, {
      params: { reference: booked.reference },
      token: await bearerFor(user),
    });
    expect(got.status).toBe(200);
    expect((got.body as { showtime: unknown }).showtime).toMatchObject({
      accessibility: ['RELAXED'],
      wheelchairAccessible: false,
    });
  });
});
