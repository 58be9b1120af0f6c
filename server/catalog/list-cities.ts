import 'server-only';
import { db } from '@/server/db';

export type CityOption = { slug: string; name: string };

export async function listCities(): Promise<CityOption[]> {
  return db().city.findMany({ select: { slug: true, name: true }, orderBy: { name: 'asc' } });
}

/** The requested city if it exists, else the first one alphabetically. */
export async function resolveCity(
  requested: string | undefined,
): Promise<{ city: CityOption; cities: CityOption[] }> {
  const cities = await listCities();
  const city = cities.find((c) => c.slug === requested) ?? cities[0];
  if (!city) throw new Error('No cities in the database: run the seed.');
  return { city, cities };
}
