import { cookies } from 'next/headers';
import Link from 'next/link';
import { AccessFilterForm } from '@/components/discover/access-filter';
import { dayLabel } from '@/components/discover/date-tabs';
import { FilterBar, type FilterField } from '@/components/discover/filter-bar';
import { MovieCard } from '@/components/movie-card';
import { ACCESS_LABELS, type AccessFilter, formatAccessFilter, parseAccessFilter } from '@/lib/accessibility';
import { CITY_COOKIE } from '@/lib/city';
import { FORMAT_LABELS, formatDay } from '@/lib/format';
import {
  type DiscoverFilters,
  discoverHref,
  FILTER_KEYS,
  type FilterKey,
  parseDiscoverFilters,
  TIMES_OF_DAY,
  type TimeOfDay,
} from '@/lib/schemas/discover';
import { discoverMovies } from '@/server/catalog/discover-movies';
import { type CityOption, findCity } from '@/server/catalog/list-cities';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const GRID = 'grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5';

export default async function HomePage({ searchParams }: Props) {
  const [params, jar] = await Promise.all([searchParams, cookies()]);
  const { city } = await findCity(jar.get(CITY_COOKIE)?.value);
  if (!city) return <EmptyCatalogue />;
  const filters = parseDiscoverFilters(params);
  // As on the film and cinema pages: ?access=relaxed,wheelchair (or repeated, from the form
  // without JavaScript); unknown words are dropped.
  const access = parseAccessFilter(params.access);
  // Rendered in one piece, not streamed behind a skeleton: without JavaScript a streamed
  // boundary would never be revealed, and the filters must work without it. While a filter
  // change loads, the filter bar says "Updating…" and the current list stays.
  return <Discover city={city} filters={filters} access={access} />;
}

/** A new installation: no cities, so no cinemas or films (production seeds nothing). */
function EmptyCatalogue() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="font-display text-3xl font-bold">No films yet</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        This Marquee has no cinemas or films yet. Please come back soon.
      </p>
    </div>
  );
}

function ClearFilters() {
  return (
    <Link href="/" scroll={false} className="font-semibold text-brand-700 underline dark:text-brand-400">
      clear filters
    </Link>
  );
}

function Heading({ city, count }: { city: CityOption; count: number }) {
  return (
    <div className="mb-4 flex items-baseline justify-between gap-4">
      <h1 id="now-showing" className="font-display text-2xl font-bold sm:text-3xl">
        Now showing in {city.name}
      </h1>
      <p className="shrink-0 text-sm text-stone-600 dark:text-stone-400">
        {count} {count === 1 ? 'film' : 'films'}
      </p>
    </div>
  );
}

async function Discover({
  city,
  filters: requested,
  access,
}: {
  city: CityOption;
  filters: DiscoverFilters;
  access: AccessFilter[];
}) {
  const now = new Date();
  const { filters, dates, nowShowing, comingSoon, facets } = await discoverMovies({
    citySlug: city.slug,
    filters: requested,
    now,
    access,
  });
  // Each filter form carries the other's choices along.
  const keepAccess: Record<string, string> = access.length ? { access: formatAccessFilter(access) } : {};
  const keepFilters = Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (filters[k] ? [[k, filters[k] as string] as const] : [])),
  );
  const [today, tomorrow] = dates;
  const label: Record<FilterKey, (value: string) => string> = {
    genre: (v) => v,
    lang: (v) => v,
    format: (v) => FORMAT_LABELS[v] ?? v,
    date: (v) => dayLabel(v, today ?? '', tomorrow),
    time: (v) => TIMES_OF_DAY[v as TimeOfDay]?.label ?? v,
  };
  const fields: FilterField[] = (
    [
      ['genre', 'Genre', 'All genres'],
      ['lang', 'Language', 'All languages'],
      ['format', 'Format', 'All formats'],
      ['date', 'Date', 'Any day'],
      ['time', 'Time', 'Any time'],
    ] as const
  ).map(([key, title, any]) => ({
    key,
    label: title,
    any,
    value: filters[key] ?? '',
    options: facets[key].map((o) => ({
      value: o.value,
      label:
        key === 'time'
          ? `${label.time(o.value)}, ${TIMES_OF_DAY[o.value as TimeOfDay].hint}`
          : label[key](o.value),
      count: o.count,
    })),
  }));
  const active = (Object.keys(label) as FilterKey[]).filter((k) => filters[k]);

  return (
    <div className="space-y-10">
      <section aria-labelledby="now-showing" className="space-y-4">
        <Heading city={city} count={nowShowing.length} />
        <FilterBar fields={fields} keep={keepAccess} />
        <AccessFilterForm action="/" selected={access} keep={keepFilters} />
        {active.length || access.length ? (
          <ul aria-label="Active filters" className="flex flex-wrap items-center gap-2 text-sm">
            {active.map((k) => (
              <li key={k}>
                <Link
                  href={discoverHref({ ...filters, [k]: undefined }, keepAccess)}
                  scroll={false}
                  aria-label={`Remove filter: ${label[k](filters[k] as string)}`}
                  className="inline-flex items-center gap-1 rounded-full border border-brand-600 bg-brand-50 px-3 py-1 font-medium text-brand-800 hover:bg-brand-100 dark:border-brand-500 dark:bg-ink-800 dark:text-brand-400"
                >
                  {label[k](filters[k] as string)} <span aria-hidden="true">✕</span>
                </Link>
              </li>
            ))}
            <li>
              <Link
                href="/"
                scroll={false}
                className="font-medium text-brand-700 underline dark:text-brand-400"
              >
                Clear filters
              </Link>
            </li>
          </ul>
        ) : null}
        {nowShowing.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-700 dark:border-ink-700 dark:text-stone-300">
            {access.length ? (
              <>
                No film in {city.name} has an upcoming showing that is{' '}
                {access.map((f) => ACCESS_LABELS[f].name).join(' and ')}
                {active.length ? ' with these filters' : ''}. Try fewer accessibility filters, or{' '}
                <ClearFilters />.
              </>
            ) : active.length ? (
              <>
                No films match — <ClearFilters />
              </>
            ) : (
              `No shows scheduled in ${city.name} right now. Try another city.`
            )}
          </p>
        ) : (
          <ul aria-label="Films now showing" className={GRID}>
            {nowShowing.map((m, i) => (
              <MovieCard key={m.id} movie={m} priority={i < 5} headingLevel={2} />
            ))}
          </ul>
        )}
      </section>
      {comingSoon.length > 0 ? (
        <section aria-labelledby="coming-soon">
          <h2 id="coming-soon" className="mb-4 font-display text-xl font-bold sm:text-2xl">
            Coming soon
          </h2>
          <ul aria-label="Films coming soon" className={GRID}>
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
      <p className="rounded-lg border border-stone-200 p-4 text-sm dark:border-ink-700">
        Looking for a cinema?{' '}
        <Link href="/cinemas" className="font-semibold text-brand-700 underline dark:text-brand-400">
          Find cinemas near you
        </Link>
      </p>
    </div>
  );
}
