import 'server-only';
import { type CinemaNear, DEFAULT_RADIUS_KM } from '@/lib/schemas/discover';
import { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';

// Cinemas within a radius of a point, nearest first. A bounding box on (latitude, longitude)
// lets the planner use cinemas_latitude_longitude_idx to narrow the rows; the exact great-circle
// (haversine) distance is then computed, filtered and ordered in SQL.

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = (Math.PI * EARTH_RADIUS_KM) / 180;

/** Haversine distance in km (the same formula as the SQL, for callers and tests). */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The SQL predicate of the box around the point; longitude wraps across the antimeridian. */
function boundingBox(lat: number, lng: number, radiusKm: number): Prisma.Sql {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const latBox = Prisma.sql`c."latitude" BETWEEN ${minLat} AND ${maxLat}`;
  // Near a pole the box spans every longitude.
  const cosLat = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  if (maxLat >= 90 || minLat <= -90 || cosLat < 1e-6) return latBox;
  const dLng = radiusKm / (KM_PER_DEGREE_LAT * cosLat);
  if (dLng >= 180) return latBox;
  const minLng = lng - dLng;
  const maxLng = lng + dLng;
  if (minLng < -180)
    return Prisma.sql`${latBox} AND (c."longitude" >= ${minLng + 360} OR c."longitude" <= ${maxLng})`;
  if (maxLng > 180)
    return Prisma.sql`${latBox} AND (c."longitude" >= ${minLng} OR c."longitude" <= ${maxLng - 360})`;
  return Prisma.sql`${latBox} AND c."longitude" BETWEEN ${minLng} AND ${maxLng}`;
}

export function cinemasNearSql(options: {
  lat: number;
  lng: number;
  radiusKm?: number;
  limit?: number;
}): Prisma.Sql {
  const { lat, lng } = options;
  const radiusKm = options.radiusKm ?? DEFAULT_RADIUS_KM;
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  return Prisma.sql`
    SELECT * FROM (
      SELECT c."slug", c."name", c."address_line", c."locality", c."latitude", c."longitude", c."amenities",
             ci."slug" AS city_slug, ci."name" AS city_name,
             (2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
                power(sin(radians(c."latitude" - ${lat}::float8) / 2), 2) +
                cos(radians(${lat}::float8)) * cos(radians(c."latitude")) *
                power(sin(radians(c."longitude" - ${lng}::float8) / 2), 2)
             )))) AS distance_km
      FROM "cinemas" c
      JOIN "cities" ci ON ci."id" = c."city_id"
      WHERE ${boundingBox(lat, lng, radiusKm)}
    ) near
    WHERE distance_km <= ${radiusKm}::float8
    ORDER BY distance_km, "name"
    LIMIT ${limit}`;
}

type Row = {
  slug: string;
  name: string;
  address_line: string;
  locality: string;
  latitude: number;
  longitude: number;
  amenities: string[];
  city_slug: string;
  city_name: string;
  distance_km: number;
};

export async function cinemasNear(options: {
  lat: number;
  lng: number;
  radiusKm?: number;
  limit?: number;
}): Promise<CinemaNear[]> {
  const rows = await db().$queryRaw<Row[]>(cinemasNearSql(options));
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    addressLine: r.address_line,
    locality: r.locality,
    city: { slug: r.city_slug, name: r.city_name },
    latitude: r.latitude,
    longitude: r.longitude,
    amenities: r.amenities,
    distanceKm: Math.round(r.distance_km * 10) / 10,
  }));
}
