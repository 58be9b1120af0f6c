import type { Metadata } from 'next';
import Link from 'next/link';
import {
  FilterActions,
  filterControl,
  ListCount,
  ListEmpty,
  listHref,
  Pager,
} from '@/components/admin/list-bits';
import { Poster } from '@/components/poster';
import { formatRuntime } from '@/lib/format';
import {
  FILM_STATUSES,
  type FilmListQuery,
  filmListQuerySchema,
  GENRES,
  LANGUAGES,
} from '@/lib/schemas/films';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listFilms } from '@/server/films/list-films';

export const metadata: Metadata = { title: 'Films · Cinema admin' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 20;
const STATUS_LABELS: Record<(typeof FILM_STATUSES)[number], string> = {
  active: 'On the site',
  archived: 'Archived',
  all: 'All',
};

function releaseLabel(date: string): string {
  return new Intl.DateTimeFormat('en-IN', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

// The catalogue for its operators: every film, searched and filtered, a page at a time, each
// saying whether it is on the site and how many showtimes it has to come.
export default async function FilmsPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/films');
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const parsed = filmListQuerySchema.safeParse({
    q: one('q'),
    genre: one('genre'),
    language: one('language'),
    status: one('status'),
    page: one('page'),
    pageSize: PAGE_SIZE,
  });
  const query: FilmListQuery = parsed.success
    ? parsed.data
    : { status: 'active', page: 1, pageSize: PAGE_SIZE };
  const { films, total } = await listFilms({ viewer, query });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(query.q || query.genre || query.language || query.status !== 'active');
  const mayAdd = viewer.role === 'ADMIN' || viewer.managedCinemaIds.length > 0;
  const href = (page: number) =>
    listHref(
      '/admin/films',
      {
        q: query.q,
        genre: query.genre,
        language: query.language,
        status: query.status !== 'active' ? query.status : undefined,
      },
      page,
    );

  const first = (query.page - 1) * PAGE_SIZE + 1;

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
            ← Cinema admin
          </Link>
          <h1 className="font-display text-3xl font-bold">Films</h1>
          <p className="max-w-2xl text-stone-600 dark:text-stone-400">
            One catalogue for every cinema.{' '}
            {viewer.role === 'ADMIN'
              ? 'You may edit and archive any film.'
              : 'You may edit and archive the films you added and those that play at your cinemas.'}
          </p>
        </div>
        {mayAdd ? (
          <Link
            href="/admin/films/new"
            className="inline-flex h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
          >
            New film
          </Link>
        ) : null}
      </header>

      <form method="get" aria-label="Filter films" className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 basis-56 flex-col gap-1 text-sm font-medium">
          Title
          <input name="q" type="search" defaultValue={query.q ?? ''} className={filterControl} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Status
          <select name="status" defaultValue={query.status} className={filterControl}>
            {FILM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Genre
          <select name="genre" defaultValue={query.genre ?? ''} className={filterControl}>
            <option value="">Any</option>
            {GENRES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Language
          <select name="language" defaultValue={query.language ?? ''} className={filterControl}>
            <option value="">Any</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <FilterActions filtered={filtered} clearHref="/admin/films" />
      </form>

      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Those filters were not understood: showing the films on the site.
        </p>
      ) : null}

      {films.length === 0 ? (
        <ListEmpty
          page={query.page}
          total={total}
          filtered={filtered}
          firstPageHref={href(1)}
          clearHref="/admin/films"
          noMatch="No film matches these filters."
          nothingYet={
            mayAdd ? (
              <>
                No films yet. Add the first with{' '}
                <Link href="/admin/films/new" className="underline">
                  New film
                </Link>
                .
              </>
            ) : (
              'No films yet.'
            )
          }
        />
      ) : (
        <>
          <ListCount first={first} shown={films.length} total={total} one="film" many="films" />
          <div className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
            <table className="w-full min-w-[680px] text-sm">
              <caption className="sr-only">Films, newest release first</caption>
              <thead className="bg-stone-100 text-left dark:bg-ink-800">
                <tr>
                  <th scope="col" className="w-14 px-2 py-2 lg:px-3">
                    <span className="sr-only">Poster</span>
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Film
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Release
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Languages
                  </th>
                  <th scope="col" className="px-2 py-2 text-right lg:px-3">
                    Showtimes to come
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {films.map((f) => (
                  <tr key={f.id} className="border-t border-stone-200 dark:border-ink-700">
                    <td className="px-2 py-2 lg:px-3">
                      <Poster
                        url={f.posterUrl}
                        alt=""
                        sizes="40px"
                        className="aspect-[2/3] w-10 rounded object-cover"
                      />
                    </td>
                    <th scope="row" className="px-2 py-2 text-left font-medium lg:px-3">
                      <Link href={`/admin/films/${f.id}`} className="underline">
                        {f.title}
                      </Link>
                      <span className="block text-xs font-normal text-stone-600 dark:text-stone-400">
                        {f.certificate} · {formatRuntime(f.runtimeMinutes)} · {f.genres.join(', ')}
                        {f.canEdit ? '' : ' · read only'}
                      </span>
                    </th>
                    <td className="whitespace-nowrap px-2 py-2 lg:px-3">{releaseLabel(f.releaseDate)}</td>
                    <td className="px-2 py-2 lg:px-3">{f.languages.join(', ')}</td>
                    <td className="px-2 py-2 text-right tabular-nums lg:px-3">{f.liveShowtimes || '–'}</td>
                    <td className="px-2 py-2 lg:px-3">
                      {f.archivedAt ? (
                        <span className="rounded bg-stone-200 px-2 py-0.5 text-xs font-semibold dark:bg-ink-700">
                          Archived
                        </span>
                      ) : (
                        <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
                          On the site
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <Pager page={query.page} pages={pages} href={href} />
    </div>
  );
}
