import { cookies } from 'next/headers';
import { MovieCard } from '@/components/movie-card';
import { CITY_COOKIE } from '@/lib/city';
import { formatDay } from '@/lib/format';
import { resolveCity } from '@/server/catalog/list-cities';
import { listMovies } from '@/server/catalog/list-movies';

export default async function HomePage() {
  const jar = await cookies();
  const { city } = await resolveCity(jar.get(CITY_COOKIE)?.value);
  const { nowShowing, comingSoon } = await listMovies({ citySlug: city.slug });
  return (
    <div className="space-y-10">
      <section aria-labelledby="now-showing">
        <div className="mb-4 flex items-baseline justify-between gap-4">
          <h1 id="now-showing" className="font-display text-2xl font-bold sm:text-3xl">
            Now showing in {city.name}
          </h1>
          <p className="text-sm text-stone-500 dark:text-stone-400">{nowShowing.length} films</p>
        </div>
        {nowShowing.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600 dark:border-ink-700 dark:text-stone-400">
            No shows scheduled in {city.name} right now. Try another city.
          </p>
        ) : (
          <ul
            aria-label="Films now showing"
            className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5"
          >
            {nowShowing.map((m, i) => (
              <MovieCard key={m.id} movie={m} priority={i < 5} />
            ))}
          </ul>
        )}
      </section>
      {comingSoon.length > 0 ? (
        <section aria-labelledby="coming-soon">
          <h2 id="coming-soon" className="mb-4 font-display text-xl font-bold sm:text-2xl">
            Coming soon
          </h2>
          <ul
            aria-label="Films coming soon"
            className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5"
          >
            {comingSoon.map((m) => (
              <MovieCard
                key={m.id}
                movie={m}
                footer={
                  <p className="mt-1 text-xs font-medium text-brand-700 dark:text-brand-400">
                    Releases {formatDay(`${m.releaseDate}T12:00:00+05:30`)}
                  </p>
                }
              />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
