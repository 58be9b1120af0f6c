import 'server-only';
import { PLACES, placeKey } from '@/lib/places';
import { db } from '@/server/db';

export type ResolvedPlace = {
  name: string;
  /** What the name was: a locality of the gazetteer or a cinema's, or a whole city. */
  kind: 'locality' | 'city';
  citySlug: string;
  latitude: number;
  longitude: number;
};

type Candidate = ResolvedPlace & { keys: string[] };

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/**
 * A typed place name to coordinates, offline: the gazetteer (lib/places.ts), then the cities and
 * the cinemas' localities in the database. Exact names win, then prefixes ("kora"), then a typo
 * or two ("koramangla"). Null when nothing is close.
 */
export async function resolvePlace(query: string): Promise<ResolvedPlace | null> {
  const key = placeKey(query);
  if (key.length < 2) return null;
  const [cities, cinemas] = await Promise.all([
    db().city.findMany({ select: { slug: true, name: true, latitude: true, longitude: true } }),
    db().cinema.findMany({
      select: { locality: true, latitude: true, longitude: true, city: { select: { slug: true } } },
      orderBy: { slug: 'asc' },
    }),
  ]);
  const candidates: Candidate[] = [
    ...PLACES.map((p) => ({
      name: p.name,
      kind: 'locality' as const,
      citySlug: p.citySlug,
      latitude: p.latitude,
      longitude: p.longitude,
      keys: [p.name, ...(p.aliases ?? [])].map(placeKey),
    })),
    ...cities.map((c) => ({
      name: c.name,
      kind: 'city' as const,
      citySlug: c.slug,
      latitude: c.latitude,
      longitude: c.longitude,
      keys: [placeKey(c.name), placeKey(c.slug)],
    })),
    ...cinemas.map((c) => ({
      name: c.locality,
      kind: 'locality' as const,
      citySlug: c.city.slug,
      latitude: c.latitude,
      longitude: c.longitude,
      keys: [placeKey(c.locality)],
    })),
  ];
  const pick = (test: (k: string) => boolean) => candidates.find((c) => c.keys.some(test));
  const found =
    pick((k) => k === key) ??
    (key.length >= 3 ? pick((k) => k.startsWith(key)) : undefined) ??
    (key.length >= 5
      ? candidates
          .map((c) => ({ c, d: Math.min(...c.keys.map((k) => editDistance(k, key))) }))
          .filter((x) => x.d <= (key.length >= 8 ? 2 : 1))
          .sort((a, b) => a.d - b.d)[0]?.c
      : undefined);
  if (!found) return null;
  const { keys: _, ...place } = found;
  return place;
}
