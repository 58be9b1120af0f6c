import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@/prisma/generated/client';
import { listCinemasNearOp } from '@/server/api/operations/catalog';
import { cinemasNear, cinemasNearSql, haversineKm } from '@/server/catalog/cinemas-near';
import { resolvePlace } from '@/server/catalog/resolve-place';
import { db } from '@/server/db';
import { call } from '../support/api';
import { createCinema } from '../support/factories';

// Cinemas near a point: bounding box through the (latitude, longitude) index, exact haversine
// distance, nearest first, radius respected. Our cinemas sit around Wellington (far from the
// other test files' Mumbai-ish cinemas) and across the antimeridian.

const ORIGIN = { lat: -41.2865, lng: 174.7762 };
const KM_PER_DEG = 111.195;
const slugs: Record<'a' | 'b' | 'c' | 'far' | 'dateline', string> = {
  a: '',
  b: '',
  c: '',
  far: '',
  dateline: '',
};

async function cinemaAt(lat: number, lng: number, name: string) {
  return createCinema({ slug: `geo-${randomUUID().slice(0, 8)}`, name, latitude: lat, longitude: lng });
}

beforeAll(async () => {
  // Inserted out of order, so ordering comes from the query.
  slugs.c = (await cinemaAt(ORIGIN.lat - 20 / KM_PER_DEG, ORIGIN.lng, 'C 20 km south')).slug;
  slugs.far = (await cinemaAt(ORIGIN.lat + 80 / KM_PER_DEG, ORIGIN.lng, 'Far 80 km north')).slug;
  slugs.a = (await cinemaAt(ORIGIN.lat + 1 / KM_PER_DEG, ORIGIN.lng, 'A 1 km north')).slug;
  const east = 5 / (KM_PER_DEG * Math.cos((ORIGIN.lat * Math.PI) / 180));
  slugs.b = (await cinemaAt(ORIGIN.lat, ORIGIN.lng + east, 'B 5 km east')).slug;
  slugs.dateline = (await cinemaAt(0.5, -179.95, 'Dateline')).slug;
});

const mine = (list: { slug: string }[]) =>
  list.map((c) => c.slug).filter((s) => Object.values(slugs).includes(s));

describe('cinemasNear', () => {
  it('orders by distance, nearest first, and respects the radius', async () => {
    const near = await cinemasNear({ ...ORIGIN, radiusKm: 30 });
    expect(mine(near)).toEqual([slugs.a, slugs.b, slugs.c]);
    const [a, b, c] = near.filter((x) => mine([x]).length);
    expect(a?.distanceKm).toBeCloseTo(1, 0);
    expect(b?.distanceKm).toBeCloseTo(5, 0);
    expect(c?.distanceKm).toBeCloseTo(20, 0);
    for (const x of near) {
      expect(x.distanceKm).toBeLessThanOrEqual(30);
      expect(x.distanceKm).toBeCloseTo(haversineKm(ORIGIN.lat, ORIGIN.lng, x.latitude, x.longitude), 1);
    }

    const wider = await cinemasNear({ ...ORIGIN, radiusKm: 100 });
    expect(mine(wider)).toEqual([slugs.a, slugs.b, slugs.c, slugs.far]);
    expect(mine(await cinemasNear({ ...ORIGIN, radiusKm: 3 }))).toEqual([slugs.a]);
    expect(mine(await cinemasNear({ ...ORIGIN, radiusKm: 100, limit: 2 }))).toEqual([slugs.a, slugs.b]);
  });

  it('finds cinemas across the antimeridian', async () => {
    const near = await cinemasNear({ lat: 0.5, lng: 179.95, radiusKm: 20 });
    expect(mine(near)).toEqual([slugs.dateline]);
    expect(near[0]?.distanceKm).toBeCloseTo(11.1, 0);
  });

  it('narrows by the (latitude, longitude) index', async () => {
    const plan = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(
        Prisma.sql`EXPLAIN ${cinemasNearSql({ ...ORIGIN, radiusKm: 30 })}`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('cinemas_latitude_longitude_idx');
  });
});

describe('GET /api/v1/cinemas/near', () => {
  it('answers with distances, and 400 for coordinates off the globe', async () => {
    const res = await call(listCinemasNearOp, {
      path: `/api/v1/cinemas/near?lat=${ORIGIN.lat}&lng=${ORIGIN.lng}&radiusKm=30`,
    });
    expect(res.status).toBe(200);
    const body = res.body as { cinemas: { slug: string; distanceKm: number; city: { slug: string } }[] };
    expect(mine(body.cinemas)).toEqual([slugs.a, slugs.b, slugs.c]);
    expect(body.cinemas[0]?.city.slug).toMatch(/^city-/);

    const bad = await call(listCinemasNearOp, { path: '/api/v1/cinemas/near?lat=200&lng=0' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('resolvePlace', () => {
  it('knows localities, tolerates a typo, and matches cinema localities', async () => {
    expect(await resolvePlace('Andheri')).toMatchObject({ name: 'Andheri', citySlug: 'mumbai' });
    expect(await resolvePlace('lower-parel')).toMatchObject({ name: 'Lower Parel' });
    expect(await resolvePlace('koramangla')).toMatchObject({ name: 'Koramangala', citySlug: 'bengaluru' });
    expect(await resolvePlace('conn')).toMatchObject({ name: 'Connaught Place', citySlug: 'delhi' });
    expect(await resolvePlace('Test Nagar')).toMatchObject({ name: 'Test Nagar', kind: 'locality' });
    expect(await resolvePlace('qqqqqqqq')).toBeNull();
  });
});
