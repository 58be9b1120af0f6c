import type { Metadata } from 'next';
import Link from 'next/link';
import { CancelShowtimeButton } from '@/components/admin/cancel-showtime-button';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { listCinemaShowtimes } from '@/server/admin/list-cinema-showtimes';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'Cinema admin' };

export default async function AdminPage() {
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, '/admin');
  const cinemas = await listCinemaShowtimes({ viewer, days: 7 });
  const canManage = viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="font-display text-3xl font-bold">Cinema admin</h1>
          <p className="text-stone-600 dark:text-stone-400">
            {viewer.name} · {viewer.role.toLowerCase()} · the next 7 days
          </p>
        </div>
        <nav aria-label="Admin" className="flex flex-wrap gap-2 text-sm">
          <Link
            href="/admin/check-in"
            className="rounded-md border px-3 py-2 font-medium dark:border-ink-700"
          >
            Ticket check-in
          </Link>
          <Link
            href="/admin/box-office"
            className="rounded-md border px-3 py-2 font-medium dark:border-ink-700"
          >
            Box office
          </Link>
          {canManage ? (
            <Link href="/admin/films" className="rounded-md border px-3 py-2 font-medium dark:border-ink-700">
              Films
            </Link>
          ) : null}
          {canManage ? (
            <Link
              href="/admin/promos"
              className="rounded-md border px-3 py-2 font-medium dark:border-ink-700"
            >
              Promo codes
            </Link>
          ) : null}
          {canManage ? (
            <Link
              href="/admin/cinemas"
              className="rounded-md border px-3 py-2 font-medium dark:border-ink-700"
            >
              Cinemas
            </Link>
          ) : null}
          {canManage ? (
            <Link
              href="/admin/refunds"
              className="rounded-md border px-3 py-2 font-medium dark:border-ink-700"
            >
              Refunds
            </Link>
          ) : null}
          {viewer.role === 'ADMIN' ? (
            <Link href="/admin/audit" className="rounded-md border px-3 py-2 font-medium dark:border-ink-700">
              Audit log
            </Link>
          ) : null}
        </nav>
      </header>
      {cinemas.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          No cinemas are assigned to you yet.
        </p>
      ) : null}
      {cinemas.map((cinema) => {
        const live = cinema.showtimes.filter((s) => s.status === 'SCHEDULED');
        const sold = live.reduce((n, s) => n + s.sold, 0);
        const capacity = live.reduce((n, s) => n + s.capacity, 0);
        const revenue = live.reduce((n, s) => n + s.revenueMinor, 0);
        return (
          <section key={cinema.id} aria-labelledby={`c-${cinema.id}`} className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <div className="flex flex-wrap items-baseline gap-3">
                <h2 id={`c-${cinema.id}`} className="font-display text-2xl font-bold">
                  {cinema.name}
                </h2>
                {viewer.role === 'ADMIN' || viewer.managedCinemaIds.includes(cinema.id) ? (
                  <>
                    <Link
                      href={`/admin/cinemas/${cinema.id}/programme`}
                      className="text-sm font-medium text-brand-700 underline dark:text-brand-400"
                    >
                      Programme<span className="sr-only"> of {cinema.name}</span>
                    </Link>
                    <Link
                      href={`/admin/cinemas/${cinema.id}/screens`}
                      className="text-sm font-medium text-brand-700 underline dark:text-brand-400"
                    >
                      Screens<span className="sr-only"> of {cinema.name}</span>
                    </Link>
                  </>
                ) : null}
                {viewer.role === 'ADMIN' || viewer.managedCinemaIds.includes(cinema.id) ? (
                  <Link
                    href={`/admin/cinemas/${cinema.id}`}
                    className="text-sm font-medium text-brand-700 underline dark:text-brand-400"
                  >
                    Settings<span className="sr-only"> of {cinema.name}</span>
                  </Link>
                ) : null}
              </div>
              <p className="text-sm">
                {live.length} shows · {sold.toLocaleString('en-IN')} of {capacity.toLocaleString('en-IN')}{' '}
                seats sold ({capacity ? Math.round((sold / capacity) * 100) : 0}%) · {formatMoney(revenue)}{' '}
                booked
              </p>
            </div>
            <div className="overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
              <table className="w-full min-w-[640px] text-sm">
                <caption className="sr-only">Showtimes at {cinema.name}</caption>
                <thead className="bg-stone-100 text-left dark:bg-ink-800">
                  <tr>
                    <th scope="col" className="px-3 py-2">
                      When
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Film
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Screen
                    </th>
                    <th scope="col" className="px-3 py-2">
                      Occupancy
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      Booked
                    </th>
                    {canManage ? (
                      <th scope="col" className="px-3 py-2">
                        <span className="sr-only">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {cinema.showtimes.map((s) => {
                    const pct = s.capacity ? Math.round(((s.sold + s.held) / s.capacity) * 100) : 0;
                    return (
                      <tr key={s.id} className="border-t border-stone-200 dark:border-ink-700">
                        <td className="whitespace-nowrap px-3 py-2">
                          {formatDay(s.startsAt)} {formatTime(s.startsAt)}
                        </td>
                        <td className="px-3 py-2">
                          <Link href={`/showtimes/${s.id}`} className="underline">
                            {s.movie}
                          </Link>
                        </td>
                        <td className="px-3 py-2">{s.screen}</td>
                        <td className="px-3 py-2">
                          {s.status === 'CANCELLED' ? (
                            <span className="font-semibold text-red-700 dark:text-red-400">Cancelled</span>
                          ) : (
                            <span className="flex items-center gap-2">
                              <span
                                aria-hidden="true"
                                className="h-2 w-24 overflow-hidden rounded bg-stone-200 dark:bg-ink-700"
                              >
                                <span className="block h-full bg-emerald-600" style={{ width: `${pct}%` }} />
                              </span>
                              {s.sold} sold, {s.held} held of {s.capacity}
                            </span>
                          )}
                        </td>
                        <td className="px-3 py-2 text-right">{formatMoney(s.revenueMinor)}</td>
                        {canManage ? (
                          <td className="px-3 py-2 text-right">
                            {s.status === 'SCHEDULED' ? (
                              <CancelShowtimeButton
                                showtimeId={s.id}
                                label={`${s.movie}, ${formatDay(s.startsAt)} ${formatTime(s.startsAt)}`}
                              />
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
