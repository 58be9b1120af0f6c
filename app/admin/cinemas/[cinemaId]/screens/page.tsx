import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { CategorySwatch } from '@/components/seat-map/category-swatch';
import { isAppError } from '@/lib/errors';
import { CATEGORY_LABELS, FORMAT_LABELS } from '@/lib/format';
import { SEAT_CATEGORIES } from '@/lib/seat-layout/draft';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listCinemaScreens } from '@/server/venues/list-cinema-screens';

export const metadata: Metadata = { title: 'Screens · Cinema admin' };

type Props = { params: Promise<{ cinemaId: string }> };

// A cinema's screens for its managers: what each can project, how many seats of each kind, and
// the way to draw a new one.
export default async function ScreensPage({ params }: Props) {
  const { cinemaId } = await params;
  if (!z.uuid().safeParse(cinemaId).success) notFound();
  const base = `/admin/cinemas/${cinemaId}/screens`;
  const viewer = await requireAdminArea({ roles: ['MANAGER'], cinemaId }, base);
  const { cinema, screens } = await listCinemaScreens({ viewer, cinemaId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
            ← Cinema admin
          </Link>
          <h1 className="font-display text-3xl font-bold">Screens</h1>
          <p className="text-stone-600 dark:text-stone-400">
            {cinema.name} · {screens.length} {screens.length === 1 ? 'screen' : 'screens'} ·{' '}
            {screens.reduce((n, s) => n + s.capacity, 0).toLocaleString('en-IN')} seats
          </p>
        </div>
        <Link
          href={`${base}/new`}
          className="inline-flex h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
        >
          New screen
        </Link>
      </header>
      {screens.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          No screens yet. Draw the first one with{' '}
          <Link href={`${base}/new`} className="underline">
            New screen
          </Link>
          .
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
          <table className="w-full min-w-[640px] text-sm">
            <caption className="sr-only">Screens at {cinema.name}</caption>
            <thead className="bg-stone-100 text-left dark:bg-ink-800">
              <tr>
                <th scope="col" className="px-2 py-2 lg:px-3">
                  Screen
                </th>
                <th scope="col" className="px-2 py-2 lg:px-3">
                  Formats
                </th>
                <th scope="col" className="px-2 py-2 lg:px-3 text-right">
                  Capacity
                </th>
                {SEAT_CATEGORIES.map((c) => (
                  <th key={c} scope="col" className="px-2 py-2 lg:px-3 text-right">
                    <span className="inline-flex items-center gap-1.5">
                      <CategorySwatch category={c} size="h-3 w-3" />
                      {CATEGORY_LABELS[c]}
                    </span>
                  </th>
                ))}
                <th scope="col" className="px-2 py-2 lg:px-3 text-right">
                  <abbr title="Wheelchair spaces, each with a companion seat" className="no-underline">
                    ♿ Spaces
                  </abbr>
                </th>
                <th scope="col" className="px-2 py-2 lg:px-3 text-right">
                  Out of service
                </th>
              </tr>
            </thead>
            <tbody>
              {screens.map((s) => (
                <tr key={s.id} className="border-t border-stone-200 dark:border-ink-700">
                  <th scope="row" className="px-2 py-2 lg:px-3 text-left font-medium">
                    <Link href={`${base}/${s.id}`} className="underline">
                      {s.name}
                    </Link>
                  </th>
                  <td className="px-2 py-2 lg:px-3">
                    {s.formats.map((f) => FORMAT_LABELS[f] ?? f).join(' · ')}
                  </td>
                  <td className="px-2 py-2 lg:px-3 text-right tabular-nums">{s.capacity}</td>
                  {SEAT_CATEGORIES.map((c) => (
                    <td key={c} className="px-2 py-2 lg:px-3 text-right tabular-nums">
                      {s.seats.byCategory[c] || '–'}
                    </td>
                  ))}
                  <td className="px-2 py-2 lg:px-3 text-right tabular-nums">{s.seats.wheelchair}</td>
                  <td className="px-2 py-2 lg:px-3 text-right tabular-nums">{s.seats.blocked || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
