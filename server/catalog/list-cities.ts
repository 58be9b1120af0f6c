import 'server-only';
import { db } from '@/server/db';

export type CityOption = { slug: string; name: string };

export async function listCities(): Promise<CityOption[]> {
  return db().city.findMany({ select: { slug: true, name: true }, orderBy: { name: 'asc' } });
}

/**
 * The requested city if it exists, else the first one alphabetically; null when there are no
 * cities at all (a production install starts with an empty catalogue: nothing is seeded).
 */
export async function findCity(
  requested: string | undefined,
): Promise<{ city: CityOption | null; cities: CityOption[] }> {
  const cities = await listCities();
  return { city: cities.find((c) => c.slug === requested) ?? cities[0] ?? null, cities };
}

/** findCity, for pages that cannot do without a city. */
export async function resolveCity(
  requested: string | undefined,
): Promise<{ city: CityOption; cities: CityOption[] }> {
  const { city, cities } = await findCity(requested);
  if (!city) throw new Error('No cities in the database: run the seed.');
  return { city, cities };
}
