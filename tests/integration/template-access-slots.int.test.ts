import { describe, expect, it, vi } from 'vitest';
import { isoWeekday, localDateAt, localMinuteAt } from '@/lib/local-time';
import { saveProgrammeTemplateOp } from '@/server/api/operations/programme';
import { db } from '@/server/db';
import { extendRollingProgrammes } from '@/server/programme/extend-rolling-programmes';
import { call, strongBearerFor } from '../support/api';
import { programmeWorld, programmeWorldWithShortFilm } from '../support/programme';

// A rolling programme's accessible showings: slots (weekdays and a window of start times) stored
// canonical under the same CHECK as showtimes, validated at the REST boundary, audited with
// before and after, refused to another cinema's manager, and copied by the rolling-programme job
// onto every session it writes in a slot (and onto no other).

const TZ = 'Asia/Kolkata';

// The server action reads its caller from the request headers; the test provides them.
let requestHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));
const { saveProgrammeTemplateAction } = await import('@/server/actions/programme');

async function world() {
  const w = await programmeWorldWithShortFilm();
  return { ...w, token: await strongBearerFor(w.manager) };
}

const baseBody = (movieId: string) => ({
  movieIds: [movieId],
  firstShow: '10:00',
  lastStart: '22:00',
  daysAhead: 8,
  active: true,
});

type Shown = { id: string; startsAt: Date; accessibility: string[] };
const showsOf = (screenId: string): Promise<Shown[]> =>
  db().showtime.findMany({
    where: { screenId, status: 'SCHEDULED' },
    select: { id: true, startsAt: true, accessibility: true },
    orderBy: { startsAt: 'asc' },
  });

/** What the slots below promise a session starting then, worked out here by hand. */
function expected(startsAt: Date): string[] {
  const weekday = isoWeekday(localDateAt(startsAt, TZ));
  const minute = localMinuteAt(startsAt, TZ);
  const out = new Set<string>();
  if ((weekday === 1 || weekday === 2) && minute >= 600 && minute <= 660) out.add('CAPTIONED');
  if (weekday === 2 && minute === 600) out.add('RELAXED');
  if (minute >= 840) {
    out.add('SUBTITLED');
    out.add('AUDIO_DESCRIBED');
  }
  // Enum order, as the CHECK keeps them.
  return ['SUBTITLED', 'CAPTIONED', 'AUDIO_DESCRIBED', 'RELAXED'].filter((f) => out.has(f));
}

const SLOTS = [
  // Sent out of order: stored and answered in week and enum order.
  { days: ['TUE', 'MON'], from: '10:00', until: '11:00', features: ['CAPTIONED'] },
  { days: ['TUE'], from: '10:00', until: '10:00', features: ['RELAXED'] },
  {
    days: ['SUN', 'SAT', 'FRI', 'THU', 'WED', 'TUE', 'MON'],
    from: '14:00',
    until: '23:59',
    features: ['AUDIO_DESCRIBED', 'SUBTITLED'],
  },
];

describe('accessible showings of a rolling programme', () => {
  it('are stored canonical, audited, and copied onto the sessions the job makes (now and later)', async () => {
    const w = await world();
    const res = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: { ...baseBody(w.short.id), accessSlots: SLOTS },
      token: w.token,
    });
    expect(res.status).toBe(200);
    const answer = res.body as { template: { id: string; accessSlots: unknown[] } };
    const canonical = [
      { days: ['MON', 'TUE'], from: '10:00', until: '11:00', features: ['CAPTIONED'] },
      { days: ['TUE'], from: '10:00', until: '10:00', features: ['RELAXED'] },
      {
        days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'],
        from: '14:00',
        until: '23:59',
        features: ['SUBTITLED', 'AUDIO_DESCRIBED'],
      },
    ];
    expect(answer.template.accessSlots).toEqual(canonical);

    // Stored as rows of the template, ISO weekdays and minutes, in the order written.
    const template = await db().programmeTemplate.findUniqueOrThrow({ where: { screenId: w.small.id } });
    const rows = await db().programmeTemplateAccessSlot.findMany({
      where: { templateId: template.id },
      orderBy: { position: 'asc' },
    });
    expect(rows.map((r) => [r.position, r.weekdays, r.fromMinute, r.untilMinute, r.features])).toEqual([
      [0, [1, 2], 600, 660, ['CAPTIONED']],
      [1, [2], 600, 600, ['RELAXED']],
      [2, [1, 2, 3, 4, 5, 6, 7], 840, 1439, ['SUBTITLED', 'AUDIO_DESCRIBED']],
    ]);

    // Every session written carries exactly what its slots promise; over 8 days some get each.
    const shows = await showsOf(w.small.id);
    expect(shows.length).toBeGreaterThan(20);
    for (const s of shows) expect(s.accessibility, s.startsAt.toISOString()).toEqual(expected(s.startsAt));
    const all = shows.flatMap((s) => s.accessibility);
    for (const f of ['SUBTITLED', 'CAPTIONED', 'AUDIO_DESCRIBED', 'RELAXED']) expect(all).toContain(f);
    expect(shows.some((s) => s.accessibility.length === 0)).toBe(true);

    // The job, days later, does the same for the days it adds.
    const later = new Date(Date.now() + 3 * 86_400_000);
    const run = await extendRollingProgrammes({ now: later, templateIds: [template.id] });
    expect(run.sessions).toBeGreaterThan(0);
    const more = (await showsOf(w.small.id)).filter((s) => !shows.some((o) => o.id === s.id));
    expect(more).toHaveLength(run.sessions);
    for (const s of more) expect(s.accessibility, s.startsAt.toISOString()).toEqual(expected(s.startsAt));

    // Audited: created with the slots; a change says what they were and what they became.
    const created = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme-template.created', entityId: w.small.id },
    });
    expect(created.after).toMatchObject({ accessSlots: canonical });
    const changed = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: { ...baseBody(w.short.id), accessSlots: [SLOTS[1]] },
      token: w.token,
    });
    expect(changed.status).toBe(200);
    const updated = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme-template.updated', entityId: w.small.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(updated.before).toMatchObject({ accessSlots: canonical });
    expect(updated.after).toMatchObject({ accessSlots: [canonical[1]] });

    // Left out, the slots stay; [] removes them.
    const kept = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: baseBody(w.short.id),
      token: w.token,
    });
    expect((kept.body as { template: { accessSlots: unknown[] } }).template.accessSlots).toEqual([
      canonical[1],
    ]);
    const cleared = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: { ...baseBody(w.short.id), accessSlots: [] },
      token: w.token,
    });
    expect((cleared.body as { template: { accessSlots: unknown[] } }).template.accessSlots).toEqual([]);
    expect(await db().programmeTemplateAccessSlot.count({ where: { templateId: template.id } })).toBe(0);
  });

  it('refuses bad slots with a 400 envelope at the field, writing nothing', async () => {
    const w = await world();
    const bad: [unknown, string][] = [
      [{ days: ['TUE'], from: '10:00', until: '12:00', features: [] }, 'accessSlots.0.features'],
      [
        { days: ['TUE'], from: '10:00', until: '12:00', features: ['RELAXED', 'RELAXED'] },
        'accessSlots.0.features',
      ],
      [
        { days: ['TUE'], from: '10:00', until: '12:00', features: ['WHEELCHAIR'] },
        'accessSlots.0.features.0',
      ],
      [{ days: [], from: '10:00', until: '12:00', features: ['RELAXED'] }, 'accessSlots.0.days'],
      [{ days: ['TUESDAY'], from: '10:00', until: '12:00', features: ['RELAXED'] }, 'accessSlots.0.days.0'],
      [{ days: ['TUE'], from: '12:00', until: '10:00', features: ['RELAXED'] }, 'accessSlots.0.until'],
      [{ days: ['TUE'], from: '25:00', until: '26:00', features: ['RELAXED'] }, 'accessSlots.0.from'],
    ];
    for (const [slot, path] of bad) {
      const res = await call(saveProgrammeTemplateOp, {
        params: { id: w.small.id },
        body: { ...baseBody(w.short.id), accessSlots: [slot] },
        token: w.token,
      });
      expect(res.status, JSON.stringify(slot)).toBe(400);
      const error = (res.body as { error: { code: string; details: { path: string }[] } }).error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.map((d) => d.path)).toContain(path);
    }
    const tooMany = Array.from({ length: 21 }, () => SLOTS[1]);
    const many = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: { ...baseBody(w.short.id), accessSlots: tooMany },
      token: w.token,
    });
    expect(many.status).toBe(400);
    expect(await db().programmeTemplate.count({ where: { screenId: w.small.id } })).toBe(0);
    expect(await db().showtime.count({ where: { screenId: w.small.id } })).toBe(0);
  });

  it('goes through the server action the template editor uses, validated by the same schema', async () => {
    const w = await world();
    requestHeaders = new Headers({ cookie: `next-auth.session-token=${w.token}` });
    const bad = await saveProgrammeTemplateAction({
      screenId: w.small.id,
      ...baseBody(w.short.id),
      accessSlots: [{ days: ['TUE'], from: '10:00', until: '12:00', features: [] }],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.error.details)).toContain('accessSlots.0.features');
    expect(await db().programmeTemplate.count({ where: { screenId: w.small.id } })).toBe(0);

    const ok = await saveProgrammeTemplateAction({
      screenId: w.small.id,
      ...baseBody(w.short.id),
      active: false,
      accessSlots: [{ days: ['SUN'], from: '09:00', until: '09:59', features: ['RELAXED'] }],
    });
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.data.template.accessSlots).toEqual([
      { days: ['SUN'], from: '09:00', until: '09:59', features: ['RELAXED'] },
    ]);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'programme-template.created', entityId: w.small.id },
    });
    expect([audit.actorId, audit.after]).toMatchObject([
      w.manager.id,
      { accessSlots: ok.data.template.accessSlots },
    ]);
  });

  it('keeps the same canonical CHECK as showtimes in the database', async () => {
    const w = await world();
    const template = await db().programmeTemplate.create({
      data: { screenId: w.small.id, firstShowMinute: 600, lastStartMinute: 1320, active: false },
    });
    const insert = (data: { weekdays: number[]; features: ('RELAXED' | 'SUBTITLED')[] }, position = 0) =>
      db().programmeTemplateAccessSlot.create({
        data: { templateId: template.id, position, fromMinute: 600, untilMinute: 700, ...data },
      });
    await expect(insert({ weekdays: [2], features: ['RELAXED', 'SUBTITLED'] })).rejects.toThrow(
      /features_canonical/,
    );
    await expect(insert({ weekdays: [2], features: ['RELAXED', 'RELAXED'] })).rejects.toThrow(
      /features_canonical/,
    );
    await expect(insert({ weekdays: [2], features: [] })).rejects.toThrow(/features_canonical/);
    await expect(insert({ weekdays: [3, 2], features: ['RELAXED'] })).rejects.toThrow(/weekdays/);
    await expect(insert({ weekdays: [8], features: ['RELAXED'] })).rejects.toThrow(/weekdays/);
    await expect(insert({ weekdays: [2, 3], features: ['SUBTITLED', 'RELAXED'] })).resolves.toBeTruthy();
  });

  it("is another cinema's manager's to refuse: 403, nothing changed", async () => {
    const w = await world();
    const saved = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: { ...baseBody(w.short.id), active: false, accessSlots: [SLOTS[1]] },
      token: w.token,
    });
    expect(saved.status).toBe(200);
    const stranger = await programmeWorld();
    const res = await call(saveProgrammeTemplateOp, {
      params: { id: w.small.id },
      body: { ...baseBody(w.short.id), active: false, accessSlots: [SLOTS[0]] },
      token: await strongBearerFor(stranger.manager),
    });
    expect(res.status).toBe(403);
    expect((res.body as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const rows = await db().programmeTemplateAccessSlot.findMany({
      where: { template: { screenId: w.small.id } },
      select: { features: true },
    });
    expect(rows).toEqual([{ features: ['RELAXED'] }]);
    // A screen that does not exist is 403 to them too (they may not ask), as for every template.
    const missing = await call(saveProgrammeTemplateOp, {
      params: { id: '00000000-0000-4000-8000-000000000000' },
      body: { ...baseBody(w.short.id), accessSlots: [SLOTS[0]] },
      token: await strongBearerFor(stranger.manager),
    });
    expect(missing.status).toBe(403);
  });
});
