import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { LocateMe } from '@/components/discover/locate-me';
import { CITY_COOKIE } from '@/lib/city';
import { PLACES } from '@/lib/places';
import { cinemasNearQuerySchema, DEFAULT_RADIUS_KM } from '@/lib/schemas/discover';
import { cinemasNear } from '@/server/catalog/cinemas-near';
import { findCity, listCities } from '@/server/catalog/list-cities';
import { resolvePlace } from '@/server/catalog/resolve-place';

export const metadata: Metadata = { title: 'Cinemas near you' };

type Props = {
  searchParams: Promise<{ place?: string; lat?: string; lng?: string; radius?: string }>;
};

const RADII = [5, 10, 25, 50, 100] as const;
const EXAMPLES = ['Andheri', 'Koramangala', 'Saket'];

type Origin = { lat: number; lng: number; label: string };

export default async function CinemasPage({ searchParams }: Props) {
  const [params, jar] = await Promise.all([searchParams, cookies()]);
  const radiusKm = RADII.find((r) => String(r) === params.radius) ?? DEFAULT_RADIUS_KM;
  const place = (params.place ?? '').trim().slice(0, 80);
  const point = cinemasNearQuerySchema.safeParse({ lat: params.lat, lng: params.lng });
  const cities = await listCities();

  let origin: Origin | null = null;
  let note = '';
  if (point.success && params.lat && params.lng) {
    origin = { lat: point.data.lat, lng: point.data.lng, label: 'your location' };
  } else if (place) {
    const found = await resolvePlace(place);
    if (found) {
      const city = found.kind === 'locality' ? cities.find((c) => c.slug === found.citySlug) : null;
      origin = {
        lat: found.latitude,
        lng: found.longitude,
        label: city ? `${found.name}, ${city.name}` : found.name,
      };
    }
  } else {
    const { city } = await findCity(jar.get(CITY_COOKIE)?.value);
    const centre = city ? await resolvePlace(city.name) : null;
    if (city && centre) {
      origin = { lat: centre.latitude, lng: centre.longitude, label: `the centre of ${city.name}` };
      note = 'Type an area, or use your location, to sort by what is nearest to you.';
    }
  }
  const cinemas = origin ? await cinemasNear({ lat: origin.lat, lng: origin.lng, radiusKm }) : [];

  return (
    <div className="space-y-6">
      <h1 className="font-display text-2xl font-bold sm:text-3xl">Cinemas near you</h1>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        {/* A plain GET form: typed places work without JavaScript. */}
        <form action="/cinemas" method="get" className="flex flex-1 flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1 basis-48">
            <label htmlFor="cinemas-place" className="block text-sm font-medium">
              Area or city
            </label>
            <input
              id="cinemas-place"
              name="place"
              list="cinemas-places"
              defaultValue={place}
              maxLength={80}
              autoComplete="off"
              placeholder="e.g. Bandra, Indiranagar, Dwarka"
              className="mt-1 block h-11 w-full rounded-md border border-stone-300 bg-white px-3 text-base dark:border-ink-700 dark:bg-ink-900"
            />
            <datalist id="cinemas-places">
              {[...PLACES.map((p) => p.name), ...cities.map((c) => c.name)].map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <div>
            <label htmlFor="cinemas-radius" className="block text-sm font-medium">
              Within
            </label>
            <select
              id="cinemas-radius"
              name="radius"
              defaultValue={String(radiusKm)}
              className="mt-1 h-11 rounded-md border border-stone-300 bg-white px-2 dark:border-ink-700 dark:bg-ink-900"
            >
              {RADII.map((r) => (
                <option key={r} value={r}>
                  {r} km
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800"
          >
            Find cinemas
          </button>
        </form>
        <LocateMe />
      </div>

      {!origin ? (
        <div className="rounded-lg border border-dashed border-stone-300 p-6 dark:border-ink-700">
          <p className="font-semibold">We couldn’t find “{place}”.</p>
          <p className="mt-1 text-sm text-stone-700 dark:text-stone-300">
            Try a locality such as{' '}
            {EXAMPLES.map((e, i) => (
              <span key={e}>
                {i ? (i === EXAMPLES.length - 1 ? ' or ' : ', ') : ''}
                <Link
                  href={`/cinemas?place=${encodeURIComponent(e)}`}
                  className="text-brand-700 underline dark:text-brand-400"
                >
                  {e}
                </Link>
              </span>
            ))}
            , or a city.
          </p>
        </div>
      ) : (
        <section aria-labelledby="cinemas-results" className="space-y-3">
          <h2 id="cinemas-results" className="text-sm text-stone-700 dark:text-stone-300">
            {cinemas.length} {cinemas.length === 1 ? 'cinema' : 'cinemas'} within {radiusKm} km of{' '}
            <span className="font-semibold">{origin.label}</span>, nearest first.
            {note ? <span className="block text-stone-600 dark:text-stone-400">{note}</span> : null}
          </h2>
          {cinemas.length === 0 ? (
            <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-700 dark:border-ink-700 dark:text-stone-300">
              No cinemas that close.{' '}
              {radiusKm < 100 ? (
                <Link
                  href={`/cinemas?${new URLSearchParams({ ...(params.lat && params.lng ? { lat: params.lat, lng: params.lng } : { place }), radius: '100' })}`}
                  className="font-medium text-brand-700 underline dark:text-brand-400"
                >
                  Look within 100 km
                </Link>
              ) : (
                'Marquee is in Mumbai, Bengaluru and Delhi for now.'
              )}
            </p>
          ) : (
            <ol aria-label="Cinemas, nearest first" className="space-y-3">
              {cinemas.map((c) => (
                <li key={c.slug} className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <h3 className="font-semibold">
                        <Link href={`/cinemas/${c.slug}`} className="hover:text-brand-700 hover:underline">
                          {c.name}
                        </Link>
                      </h3>
                      <p className="text-sm text-stone-600 dark:text-stone-400">
                        {c.locality}, {c.city.name}
                      </p>
                      <p className="text-sm text-stone-600 dark:text-stone-400">{c.addressLine}</p>
                    </div>
                    <p className="shrink-0 rounded-full bg-stone-100 px-2.5 py-1 text-sm font-semibold tabular-nums dark:bg-ink-800">
                      {c.distanceKm.toFixed(1)} km<span className="sr-only"> away</span>
                    </p>
                  </div>
                  {c.amenities.length ? (
                    <ul aria-label="Amenities" className="mt-2 flex flex-wrap gap-1.5 text-xs">
                      {c.amenities.slice(0, 5).map((a) => (
                        <li key={a} className="rounded bg-stone-100 px-2 py-0.5 dark:bg-ink-800">
                          {a}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
