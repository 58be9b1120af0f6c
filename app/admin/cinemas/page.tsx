import type { Metadata } from 'next';
import Link from 'next/link';
import { listHref, Pagination } from '@/components/admin/pagination';
import { cinemaListQuerySchema } from '@/lib/schemas/cinemas';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listManagedCinemas } from '@/server/venues/list-managed-cinemas';

export const metadata: Metadata = { title: 'Cinemas · Cinema admin' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The cinemas a manager runs (every cinema for an admin): find one by name or city, open its
// settings, screens or staff. Admins open new cinemas from here.
export default async function CinemasPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/cinemas');
  const raw = await searchParams;
  const parsed = cinemaListQuerySchema.safeParse({
    q: typeof raw.q === 'string' ? raw.q : undefined,
    city: typeof raw.city === 'string' && raw.city ? raw.city : undefined,
    page: typeof raw.page === 'string' ? raw.page : undefined,
  });
  const query = parsed.success ? parsed.data : cinemaListQuerySchema.parse({});
  const list = await listManagedCinemas({ viewer, query });
  const filters = { q: query.q, city: query.city };
  const filtered = Boolean(query.q || query.city);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
            ← Cinema admin
          </Link>
          <h1 className="font-display text-3xl font-bold">Cinemas</h1>
          <p className="text-stone-600 dark:text-stone-400">
            {viewer.role === 'ADMIN' ? 'Every cinema on Marquee.' : 'The cinemas you manage.'}
          </p>
        </div>
        {viewer.role === 'ADMIN' ? (
          <Link
            href="/admin/cinemas/new"
            className="inline-flex h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
          >
            New cinema
          </Link>
        ) : null}
      </header>
      <form method="get" aria-label="Filter cinemas" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Name, locality or city
          <input
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            className="h-11 w-64 max-w-full rounded-md border border-stone-300 bg-white px-3 font-normal dark:border-ink-700 dark:bg-ink-900"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          City
          <select
            name="city"
            defaultValue={query.city ?? ''}
            className="h-11 rounded-md border border-stone-300 bg-white px-3 font-normal dark:border-ink-700 dark:bg-ink-900"
          >
            <option value="">Every city</option>
            {list.cities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="h-11 rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
        >
          Filter
        </button>
        {filtered ? (
          <Link href="/admin/cinemas" className="inline-flex h-11 items-center text-sm underline">
            Clear filters
          </Link>
        ) : null}
      </form>
      {list.cinemas.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          {filtered
            ? 'No cinema matches these filters.'
            : viewer.role === 'ADMIN'
              ? 'No cinemas yet: open the first one with New cinema.'
              : 'No cinemas are assigned to you yet.'}
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
          <table className="w-full min-w-[600px] text-sm">
            <caption className="sr-only">Cinemas, by name</caption>
            <thead className="bg-stone-100 text-left dark:bg-ink-800">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Cinema
                </th>
                <th scope="col" className="px-3 py-2">
                  Where
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Screens
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Staff
                </th>
                <th scope="col" className="px-3 py-2">
                  GSTIN
                </th>
              </tr>
            </thead>
            <tbody>
              {list.cinemas.map((c) => (
                <tr key={c.id} className="border-t border-stone-200 dark:border-ink-700">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link href={`/admin/cinemas/${c.id}`} className="underline">
                      {c.name}
                    </Link>
                  </th>
                  <td className="px-3 py-2">
                    {c.locality}, {c.city}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <Link href={`/admin/cinemas/${c.id}/screens`} className="underline">
                      {c.screens}
                      <span className="sr-only"> screens of {c.name}</span>
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <Link href={`/admin/cinemas/${c.id}/staff`} className="underline">
                      {c.staff}
                      <span className="sr-only"> staff of {c.name}</span>
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{c.gstin ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={list.page}
        perPage={list.perPage}
        total={list.total}
        label="cinemas"
        href={(p) => listHref('/admin/cinemas', filters, p)}
      />
    </div>
  );
}
