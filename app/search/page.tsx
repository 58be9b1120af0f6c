import type { Metadata } from 'next';
import Link from 'next/link';
import { MovieCard } from '@/components/movie-card';
import { searchMatchNote } from '@/lib/format';
import { SEARCH_MIN_CHARS, searchQuerySchema } from '@/lib/schemas/discover';
import { searchMovies } from '@/server/catalog/search-movies';

type Props = { searchParams: Promise<{ q?: string | string[] }> };

const RESULTS = 24;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = first((await searchParams).q).trim();
  return { title: q ? `“${q.slice(0, 60)}” · Search` : 'Search', robots: { index: false } };
}

export default async function SearchPage({ searchParams }: Props) {
  const raw = first((await searchParams).q);
  const parsed = searchQuerySchema.safeParse({ q: raw, limit: RESULTS });
  const q = raw.trim();
  const results = parsed.success ? await searchMovies(parsed.data) : [];
  return (
    <div className="space-y-6">
      <h1 className="font-display text-2xl font-bold sm:text-3xl">Search films</h1>
      {/* A plain GET form: searching works without JavaScript. */}
      <search>
        <form action="/search" method="get" className="flex max-w-xl gap-2">
          <label htmlFor="search-page-q" className="sr-only">
            Film title, cast member or story
          </label>
          <input
            id="search-page-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={100}
            placeholder="Title, cast member or story"
            className="h-11 min-w-0 flex-1 rounded-md border border-stone-300 bg-white px-3 text-base dark:border-ink-700 dark:bg-ink-900"
          />
          <button
            type="submit"
            className="h-11 shrink-0 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800"
          >
            Search
          </button>
        </form>
      </search>

      {!q ? (
        <p className="text-stone-700 dark:text-stone-300">
          Search by title, by cast member, or by what happens in the story. Typos are fine.
        </p>
      ) : !parsed.success ? (
        <p className="text-stone-700 dark:text-stone-300">Type at least {SEARCH_MIN_CHARS} characters.</p>
      ) : results.length === 0 ? (
        <div className="rounded-lg border border-dashed border-stone-300 p-8 text-center dark:border-ink-700">
          <p className="font-semibold">No films match “{q}”.</p>
          <p className="mt-1 text-sm text-stone-700 dark:text-stone-300">
            Check the spelling, try part of a name, or{' '}
            <Link href="/" className="font-medium text-brand-700 underline dark:text-brand-400">
              browse the films now showing
            </Link>
            .
          </p>
        </div>
      ) : (
        <section aria-labelledby="results-heading" className="space-y-4">
          <h2 id="results-heading" className="text-sm text-stone-600 dark:text-stone-400">
            {results.length} {results.length === 1 ? 'film matches' : 'films match'} “{q}”
          </h2>
          <ul
            aria-label="Search results"
            className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5"
          >
            {results.map((r, i) => (
              <MovieCard
                key={r.slug}
                movie={{ ...r, id: r.slug }}
                priority={i < 5}
                footer={
                  searchMatchNote(r) ? (
                    <p
                      className={
                        r.match === 'synopsis'
                          ? 'mt-1 text-xs text-stone-600 dark:text-stone-400'
                          : 'mt-1 text-xs font-medium text-brand-700 dark:text-brand-400'
                      }
                    >
                      {searchMatchNote(r)}
                    </p>
                  ) : null
                }
              />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
