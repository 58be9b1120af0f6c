import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCinemaOp,
  getCinemaSettingsOp,
  listManagedCinemasOp,
  updateCinemaOp,
} from '@/server/api/operations/venues';
import type { Viewer } from '@/server/auth/session';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { db } from '@/server/db';
import { updateCinema } from '@/server/venues/update-cinema';
import { call, strongBearerFor } from '../support/api';
import { createBookableShowtime, createCinema, createUser } from '../support/factories';

// Cinemas as admins open them and managers keep them, through the REST operations (the server
// actions call the same use cases): what is written and audited, what is refused and why, and
// that a change of fee reaches the very next hold of this process while held baskets keep theirs.

const uid = () => randomUUID().slice(0, 8);

async function admin() {
  const user = await createUser({ role: 'ADMIN' });
  return { user, token: await strongBearerFor(user) };
}

async function managerOf(cinemaId: string) {
  const user = await createUser({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId, role: 'MANAGER' } });
  return { user, token: await strongBearerFor(user) };
}

const settings = (over: Record<string, unknown> = {}) => ({
  name: `Marquee ${uid()}`,
  addressLine: '462 Senapati Bapat Marg',
  locality: 'Lower Parel',
  postalCode: '400013',
  latitude: 18.9942,
  longitude: 72.8252,
  timeZone: 'Asia/Kolkata',
  phone: null,
  amenities: ['Parking'],
  gstin: '27AAPFU0939F1ZV',
  legalName: 'Marquee Cinemas Private Limited',
  invoicePrefix: uid().slice(0, 4).toUpperCase(),
  bookingFeeMinor: 3000,
  taxRateBps: 1800,
  cancellationCutoffMins: 120,
  orphanSeatRule: true,
  wheelchairReleaseMinutes: 30,
  ...over,
});

const audits = (entityId: string, action: string) =>
  db().auditLog.findMany({
    where: { entityId, action },
    select: { before: true, after: true, actorId: true },
  });

describe('opening a cinema (admins)', () => {
  it('in a new city: the city, the cinema and both audit records, in one go', async () => {
    const { user, token } = await admin();
    const slug = `new-${uid()}`;
    const citySlug = `city-${uid()}`;
    const r = await call(createCinemaOp, {
      token,
      body: {
        ...settings(),
        slug,
        city: { kind: 'new', name: 'Navi Mumbai', state: 'Maharashtra', slug: citySlug },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (r.body as { id: string }).id;
    const cinema = await db().cinema.findUniqueOrThrow({
      where: { id },
      select: { slug: true, timeZone: true, gstin: true, city: { select: { slug: true, latitude: true } } },
    });
    expect(cinema).toEqual({
      slug,
      timeZone: 'Asia/Kolkata',
      gstin: '27AAPFU0939F1ZV',
      city: { slug: citySlug, latitude: 18.9942 },
    });
    const [created] = await audits(id, 'cinema.created');
    expect(created).toMatchObject({ actorId: user.id, before: null, after: { slug, bookingFeeMinor: 3000 } });
  });

  it('refuses a slug or an invoice prefix already taken, at the field, writing nothing', async () => {
    const { token } = await admin();
    const existing = await createCinema({ invoicePrefix: uid().slice(0, 4).toUpperCase() });
    const city = { kind: 'existing', cityId: existing.cityId };
    const before = await db().cinema.count();
    const slugTaken = await call(createCinemaOp, {
      token,
      body: { ...settings(), slug: existing.slug, city },
    });
    expect(slugTaken.status).toBe(409);
    expect(slugTaken.body).toMatchObject({ error: { code: 'CONFLICT', details: [{ path: 'slug' }] } });
    const prefixTaken = await call(createCinemaOp, {
      token,
      body: { ...settings({ invoicePrefix: existing.invoicePrefix }), slug: `c-${uid()}`, city },
    });
    expect(prefixTaken.body).toMatchObject({
      error: { code: 'CONFLICT', details: [{ path: 'invoicePrefix' }] },
    });
    expect(await db().cinema.count()).toBe(before);
  });

  it('refuses coordinates outside India, an unknown time zone and a GSTIN with a wrong check character', async () => {
    const { token } = await admin();
    const existing = await createCinema();
    const r = await call(createCinemaOp, {
      token,
      body: {
        ...settings({
          latitude: 72.8252,
          longitude: 18.9942,
          timeZone: 'Asia/Bombay_Central',
          gstin: '27AAPFU0939F1ZA',
        }),
        slug: `c-${uid()}`,
        city: { kind: 'existing', cityId: existing.cityId },
      },
    });
    expect(r.status).toBe(400);
    const paths = (r.body as { error: { details: { path: string }[] } }).error.details
      .map((d) => d.path)
      .sort();
    expect(paths).toEqual(['gstin', 'latitude', 'longitude', 'timeZone']);
  });

  it('is for admins only', async () => {
    const cinema = await createCinema();
    const { token } = await managerOf(cinema.id);
    const r = await call(createCinemaOp, {
      token,
      body: { ...settings(), slug: `c-${uid()}`, city: { kind: 'existing', cityId: cinema.cityId } },
    });
    expect(r.status).toBe(403);
  });
});

describe('editing a cinema (its managers and admins)', () => {
  it('changes only what is sent, audits exactly those fields, and refuses a manager of another cinema', async () => {
    const cinema = await createCinema({ bookingFeeMinor: 3000, orphanSeatRule: true });
    const { user, token } = await managerOf(cinema.id);
    const r = await call(updateCinemaOp, {
      token,
      params: { cinemaId: cinema.id },
      body: { bookingFeeMinor: 2500, orphanSeatRule: false, name: cinema.name },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ bookingFeeMinor: 2500, orphanSeatRule: false, name: cinema.name });
    expect(await audits(cinema.id, 'cinema.updated')).toEqual([
      {
        actorId: user.id,
        before: { bookingFeeMinor: 3000, orphanSeatRule: true },
        after: { bookingFeeMinor: 2500, orphanSeatRule: false },
      },
    ]);

    const other = await managerOf((await createCinema()).id);
    const refused = await call(updateCinemaOp, {
      token: other.token,
      params: { cinemaId: cinema.id },
      body: { bookingFeeMinor: 1 },
    });
    expect(refused.status).toBe(403);
    const read = await call(getCinemaSettingsOp, { token: other.token, params: { cinemaId: cinema.id } });
    expect(read.status).toBe(403);
    expect((await db().cinema.findUniqueOrThrow({ where: { id: cinema.id } })).bookingFeeMinor).toBe(2500);
  });

  it('refuses an empty change', async () => {
    const cinema = await createCinema();
    const { token } = await managerOf(cinema.id);
    const r = await call(updateCinemaOp, { token, params: { cinemaId: cinema.id }, body: {} });
    expect(r.status).toBe(400);
  });

  it('a new fee reaches the next hold of this process at once; a hold made before keeps its price', async () => {
    const { screen, seats, showtime } = await createBookableShowtime({ rows: 1, cols: 4 });
    await db().cinema.update({
      where: { id: screen.cinemaId },
      data: { bookingFeeMinor: 3000, orphanSeatRule: false },
    });
    const a = await createUser();
    const b = await createUser();
    const first = await holdSeats({ userId: a.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    expect(first.price.feeMinor).toBe(3000);
    const user = await createUser({ role: 'MANAGER' });
    const manager: Viewer = {
      id: user.id,
      name: user.name,
      email: user.email,
      role: 'MANAGER',
      staffCinemaIds: [screen.cinemaId],
      managedCinemaIds: [screen.cinemaId],
    };
    await updateCinema({ viewer: manager, cinemaId: screen.cinemaId, changes: { bookingFeeMinor: 4500 } });
    const second = await holdSeats({ userId: b.id, showtimeId: showtime.id, seatIds: [seats[2]!.id] });
    expect(second.price.feeMinor).toBe(4500);
    const locked = await db().seatHold.findUniqueOrThrow({
      where: { id: first.holdId },
      select: { price: true },
    });
    expect((locked.price as { feeMinor: number }).feeMinor).toBe(3000);
    await releaseHold({ userId: a.id, holdId: first.holdId });
  });
});

describe('listing cinemas', () => {
  it('gives managers their cinemas only and admins every one, a page at a time, filtered', async () => {
    const tag = uid();
    const mine = await createCinema({ name: `Alpha ${tag}` });
    const theirs = await createCinema({ name: `Beta ${tag}` });
    const { token } = await managerOf(mine.id);
    const asManager = await call(listManagedCinemasOp, { token, path: `?q=${tag}` });
    expect((asManager.body as { cinemas: { id: string }[] }).cinemas.map((c) => c.id)).toEqual([mine.id]);

    const { token: adminToken } = await admin();
    const page1 = await call(listManagedCinemasOp, { token: adminToken, path: `?q=${tag}&perPage=1` });
    expect(page1.body).toMatchObject({ total: 2, page: 1, perPage: 1, cinemas: [{ id: mine.id }] });
    const page2 = await call(listManagedCinemasOp, { token: adminToken, path: `?q=${tag}&perPage=1&page=2` });
    expect(page2.body).toMatchObject({ cinemas: [{ id: theirs.id }] });
    const byCity = await call(listManagedCinemasOp, {
      token: adminToken,
      path: `?q=${tag}&city=${theirs.cityId}`,
    });
    expect((byCity.body as { cinemas: { id: string }[] }).cinemas.map((c) => c.id)).toEqual([theirs.id]);
  });
});
