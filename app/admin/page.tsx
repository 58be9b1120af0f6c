import type { Metadata } from 'next';
import Link from 'next/link';
import { CancelShowtimeButton } from '@/components/admin/cancel-showtime-button';
import { LiveRefresh } from '@/components/admin/dashboard/live-refresh';
import { SalesChart } from '@/components/admin/dashboard/sales-chart';
import { Pagination } from '@/components/admin/pagination';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { dashboardQuerySchema } from '@/lib/schemas/admin';
import { type DashboardShow, getDashboard } from '@/server/admin/get-dashboard';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'Dashboard' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const control =
  'h-10 w-full rounded-md border border-stone-300 bg-white px-2 text-sm dark:border-ink-700 dark:bg-ink-900';
const card = 'rounded-lg border border-stone-200 p-4 dark:border-ink-700';
const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);

function Occupancy({ show }: { show: DashboardShow }) {
  const full = pct(show.sold + show.held, show.capacity);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span aria-hidden="true" className="h-2 w-20 overflow-hidden rounded bg-stone-200 dark:bg-ink-700">
        <span className="block h-full bg-emerald-600" style={{ width: `${full}%` }} />
      </span>
      <span>
        {show.sold} sold{show.held ? `, ${show.held} held` : ''} of {show.capacity} (
        {pct(show.sold, show.capacity)}%)
      </span>
    </span>
  );
}

export default async function AdminPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, '/admin');
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const query = dashboardQuerySchema.parse({
    cinemaId: one('cinemaId'),
    movieId: one('movieId'),
    date: one('date'),
    page: one('page'),
  });
  // A cinema the viewer does not work at is not offered; asked for by hand, all theirs are shown.
  const dash = await getDashboard({
    viewer,
    query: {
      ...query,
      cinemaId:
        query.cinemaId && (viewer.role === 'ADMIN' || viewer.staffCinemaIds.includes(query.cinemaId))
          ? query.cinemaId
          : undefined,
    },
  });
  const manages = (cinemaId: string) => viewer.role === 'ADMIN' || viewer.managedCinemaIds.includes(cinemaId);
  // What a manager runs from here: each of their cinemas' programme, screens, prices and settings.
  const managed = dash.cinemas.filter((c) => manages(c.id));
  const watched = dash.filters.cinemaId ? [dash.filters.cinemaId] : dash.cinemas.map((c) => c.id);
  const href = (page: number) => {
    const p = new URLSearchParams({
      ...(dash.filters.cinemaId ? { cinemaId: dash.filters.cinemaId } : {}),
      ...(dash.filters.movieId ? { movieId: dash.filters.movieId } : {}),
      date: dash.date,
      ...(page > 1 ? { page: String(page) } : {}),
    });
    return `/admin?${p}`;
  };
  const showingCapacity = dash.upcoming.reduce((n, s) => n + s.capacity, 0);
  const showingSold = dash.upcoming.reduce((n, s) => n + s.sold, 0);
  const day = formatDay(`${dash.date}T12:00:00Z`, 'UTC');

  return (
    <div className="min-w-0 space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="font-display text-3xl font-bold">Dashboard</h1>
          <p className="text-stone-600 dark:text-stone-400">
            {viewer.name} · {viewer.role.toLowerCase()} · sales on {day}
          </p>
        </div>
        <LiveRefresh cinemaIds={watched} />
      </header>

      {managed.length ? (
        <nav aria-label="Your cinemas" className="space-y-2">
          {managed.map((c) => (
            <p key={c.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
              <span className="font-semibold">{c.name}</span>
              {(
                [
                  ['programme', 'Programme'],
                  ['screens', 'Screens'],
                  ['prices', 'Prices'],
                  ['', 'Settings'],
                ] as const
              ).map(([path, label]) => (
                <Link
                  key={label}
                  href={`/admin/cinemas/${c.id}${path ? `/${path}` : ''}`}
                  className="font-medium text-brand-700 underline dark:text-brand-400"
                >
                  {label}
                  <span className="sr-only"> of {c.name}</span>
                </Link>
              ))}
            </p>
          ))}
        </nav>
      ) : null}

      {dash.cinemas.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          No cinemas are assigned to you yet.
        </p>
      ) : (
        <>
          <form
            method="get"
            className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4"
            aria-label="Filter"
          >
            <label className="space-y-1 text-sm font-medium">
              <span className="block">Cinema</span>
              <select name="cinemaId" defaultValue={dash.filters.cinemaId ?? ''} className={control}>
                <option value="">All my cinemas</option>
                {dash.cinemas.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="space-y-1 text-sm font-medium">
              <span className="block">Date</span>
              <input type="date" name="date" defaultValue={dash.date} className={control} />
            </label>
            <label className="space-y-1 text-sm font-medium">
              <span className="block">Film</span>
              <select name="movieId" defaultValue={dash.filters.movieId ?? ''} className={control}>
                <option value="">All films</option>
                {dash.movies.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.title}
                  </option>
                ))}
              </select>
            </label>
            <div className="flex items-end gap-2">
              <button
                type="submit"
                className="h-10 rounded-md bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-800"
              >
                Show
              </button>
              <Link href="/admin" className="flex h-10 items-center px-2 text-sm underline">
                Today, everything
              </Link>
            </div>
          </form>

          <section aria-labelledby="totals" className="space-y-3">
            <h2 id="totals" className="sr-only">
              Sales on {day}
            </h2>
            <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <div className={card}>
                <dt className="text-sm text-stone-600 dark:text-stone-400">Tickets sold</dt>
                <dd className="font-display text-3xl font-bold" data-testid="tickets-sold">
                  {dash.totals.tickets.toLocaleString('en-IN')}
                </dd>
                <dd className="text-sm">
                  in {dash.totals.bookings.toLocaleString('en-IN')} booking
                  {dash.totals.bookings === 1 ? '' : 's'}
                </dd>
              </div>
              <div className={card}>
                <dt className="text-sm text-stone-600 dark:text-stone-400">Revenue, net</dt>
                <dd className="font-display text-3xl font-bold" data-testid="revenue-net">
                  {formatMoney(dash.totals.netMinor)}
                </dd>
                <dd className="text-sm" data-testid="revenue-gross">
                  {formatMoney(dash.totals.grossMinor)} gross: {formatMoney(dash.totals.feeMinor)} booking
                  fees, {formatMoney(dash.totals.taxMinor)} GST
                </dd>
              </div>
              <div className={card}>
                <dt className="text-sm text-stone-600 dark:text-stone-400">Running and next shows</dt>
                <dd className="font-display text-3xl font-bold">{pct(showingSold, showingCapacity)}% full</dd>
                <dd className="text-sm">
                  {showingSold.toLocaleString('en-IN')} of {showingCapacity.toLocaleString('en-IN')} seats
                  sold in {dash.upcoming.length} show{dash.upcoming.length === 1 ? '' : 's'}
                </dd>
              </div>
              <div className={card}>
                <dt className="text-sm text-stone-600 dark:text-stone-400">Top film</dt>
                <dd className="font-display text-xl font-bold break-words">
                  {dash.topFilms[0]?.title ?? '—'}
                </dd>
                <dd className="text-sm">
                  {dash.topFilms[0] ? `${dash.topFilms[0].tickets} tickets sold` : 'Nothing sold yet'}
                </dd>
              </div>
            </dl>
          </section>

          <div className="grid min-w-0 grid-cols-1 gap-6 lg:grid-cols-3">
            <section aria-labelledby="per-hour" className={`${card} min-w-0 lg:col-span-2`}>
              <h2 id="per-hour" className="mb-2 font-display text-xl font-bold">
                Sales per hour
              </h2>
              <SalesChart hours={dash.byHour} />
            </section>
            <section aria-labelledby="top-films" className={`${card} min-w-0`}>
              <h2 id="top-films" className="mb-2 font-display text-xl font-bold">
                Top films
              </h2>
              {dash.topFilms.length === 0 ? (
                <p className="text-sm">No tickets sold yet on this day.</p>
              ) : (
                <ol className="space-y-2 text-sm">
                  {dash.topFilms.map((f) => (
                    <li key={f.movieId} className="space-y-1">
                      <span className="flex justify-between gap-2">
                        <span className="min-w-0 break-words font-medium">{f.title}</span>
                        <span className="shrink-0">
                          {f.tickets} · {formatMoney(f.netMinor)}
                        </span>
                      </span>
                      <span aria-hidden="true" className="block h-1.5 rounded bg-stone-200 dark:bg-ink-700">
                        <span
                          className="block h-full rounded bg-emerald-600"
                          style={{ width: `${pct(f.tickets, dash.topFilms[0]?.tickets ?? 0)}%` }}
                        />
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>

          <section aria-labelledby="upcoming" className="space-y-3">
            <h2 id="upcoming" className="font-display text-xl font-bold">
              Running and next
            </h2>
            {dash.upcoming.length === 0 ? (
              <p className="text-sm">No show still to run on this day.</p>
            ) : (
              <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {dash.upcoming.map((s) => (
                  <li key={s.id} className={`${card} space-y-1 text-sm`}>
                    <p className="font-semibold break-words">{s.movie}</p>
                    <p className="text-stone-600 dark:text-stone-400">
                      {formatTime(s.startsAt)}–{formatTime(s.endsAt)} · {s.screen} · {s.cinema}
                      {new Date(s.startsAt) <= new Date() ? ' · running' : ''}
                    </p>
                    <Occupancy show={s} />
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="shows" className="space-y-3">
            <h2 id="shows" className="font-display text-xl font-bold">
              Shows on {day}
            </h2>
            {dash.showtimes.total === 0 ? (
              <p className="rounded-lg border border-dashed p-6 text-center text-sm dark:border-ink-700">
                No shows on this day{dash.filters.movieId ? ' for this film' : ''}.
              </p>
            ) : (
              <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-ink-700 dark:border-ink-700">
                {dash.showtimes.rows.map((s) => (
                  <li
                    key={s.id}
                    className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 p-3 text-sm"
                  >
                    <div className="min-w-0 space-y-1">
                      <p>
                        <span className="font-semibold">{formatTime(s.startsAt)}</span>{' '}
                        <Link href={`/showtimes/${s.id}`} className="break-words underline">
                          {s.movie}
                        </Link>
                      </p>
                      <p className="text-stone-600 dark:text-stone-400">
                        {s.screen} · {s.cinema}
                      </p>
                    </div>
                    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
                      {s.status === 'CANCELLED' ? (
                        <span className="font-semibold text-red-700 dark:text-red-400">Cancelled</span>
                      ) : (
                        <Occupancy show={s} />
                      )}
                      <span>{formatMoney(s.grossMinor)} booked</span>
                      <Link href={`/admin/showtimes/${s.id}/door`} className="underline">
                        Door list
                        <span className="sr-only">
                          : {s.movie} at {formatTime(s.startsAt)}
                        </span>
                      </Link>
                      {s.status === 'SCHEDULED' && manages(s.cinemaId) ? (
                        <CancelShowtimeButton
                          showtimeId={s.id}
                          label={`${s.movie}, ${formatDay(s.startsAt)} ${formatTime(s.startsAt)}`}
                        />
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
            <Pagination
              page={dash.showtimes.page}
              perPage={dash.showtimes.perPage}
              total={dash.showtimes.total}
              href={href}
              label="shows"
            />
          </section>
        </>
      )}
    </div>
  );
}
