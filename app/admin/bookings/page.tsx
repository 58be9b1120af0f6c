import type { Metadata } from 'next';
import Link from 'next/link';
import { filterControl, listHref } from '@/components/admin/list-bits';
import { Pagination } from '@/components/admin/pagination';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { deskSearchQuerySchema } from '@/lib/schemas/desk';
import { requireAdminArea } from '@/server/auth/admin-access';
import { searchDeskBookings } from '@/server/desk/search-bookings';

export const metadata: Metadata = { title: 'Bookings desk · Cinema admin' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const MATCHED: Record<string, string> = {
  reference: 'the booking reference',
  email: 'email address',
  phone: 'phone number',
  name: 'name',
};

// The desk: one search box that takes whatever the customer at the counter says (reference,
// ticket code, email, phone, name), the bookings of the viewer's cinemas, newest first.
export default async function BookingsDeskPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, '/admin/bookings');
  // An empty field of the GET form ("Any" status) means no filter.
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== ''));
  const parsed = deskSearchQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : { page: 1 };
  const result = await searchDeskBookings({ viewer, query });
  const filters = { q: query.q, status: query.status };
  const filtered = Boolean(query.q || query.status);
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Cinema admin
        </Link>
        <h1 className="font-display text-3xl font-bold">Bookings desk</h1>
        <p className="max-w-2xl text-stone-600 dark:text-stone-400">
          Find a customer’s booking by its reference or ticket code, their email, phone or name; then refund
          it, move it to other seats or another show, or send the tickets again.
        </p>
      </header>
      <search>
        <form method="get" action="/admin/bookings" className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1 basis-64 space-y-1">
            <label htmlFor="desk-q" className="block text-sm font-medium">
              Reference, email, phone or name
            </label>
            <input
              id="desk-q"
              name="q"
              type="search"
              defaultValue={query.q ?? ''}
              autoComplete="off"
              placeholder="MQ-7K3F9X2"
              className={`${filterControl} w-full`}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="desk-status" className="block text-sm font-medium">
              Status
            </label>
            <select
              id="desk-status"
              name="status"
              defaultValue={query.status ?? ''}
              className={filterControl}
            >
              <option value="">Any</option>
              <option value="CONFIRMED">Confirmed</option>
              <option value="CANCELLED">Cancelled</option>
            </select>
          </div>
          <button
            type="submit"
            className="h-11 rounded-md bg-stone-900 px-4 font-semibold text-white dark:bg-stone-100 dark:text-ink-950"
          >
            Find
          </button>
          {filtered ? (
            <Link href="/admin/bookings" className="inline-flex h-11 items-center text-sm underline">
              Clear
            </Link>
          ) : null}
        </form>
      </search>
      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          That search could not be read; showing the latest bookings.
        </p>
      ) : null}
      <p className="text-sm text-stone-600 dark:text-stone-400" aria-live="polite">
        {result.matchedBy === 'all'
          ? 'The latest bookings of your cinemas.'
          : `Searched by ${MATCHED[result.matchedBy]}: ${result.total.toLocaleString('en-IN')} found.`}
        {result.matchedBy === 'phone'
          ? ' Phone numbers are kept for box-office sales; online bookings are found by email or name.'
          : ''}
      </p>
      {result.bookings.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          {filtered
            ? 'No booking matches. Check the reference (letters and digits after MQ-), or try the email or name.'
            : 'No bookings yet at your cinemas.'}
        </p>
      ) : (
        <ul className="space-y-3">
          {result.bookings.map((b) => (
            <li key={b.reference} className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <Link
                  href={`/admin/bookings/${b.reference}`}
                  className="font-mono text-lg font-bold text-brand-700 underline dark:text-brand-400"
                >
                  {b.reference}
                </Link>
                <span className="text-sm">
                  {b.status === 'CANCELLED' ? (
                    <span className="font-semibold text-red-800 dark:text-red-300">Cancelled</span>
                  ) : (
                    'Confirmed'
                  )}{' '}
                  · {formatMoney(b.totalMinor, b.currency)}
                </span>
              </div>
              <p className="mt-1 break-words text-sm">
                <span className="font-medium">{b.customer.name ?? 'No name'}</span>
                {b.customer.email ? <span className="break-all"> · {b.customer.email}</span> : null}
              </p>
              <p className="text-sm text-stone-600 dark:text-stone-400">
                {b.showtime.movieTitle} · {formatDay(b.showtime.startsAt, b.showtime.timeZone)}{' '}
                {formatTime(b.showtime.startsAt, b.showtime.timeZone)} · {b.showtime.cinema},{' '}
                {b.showtime.screen}
                {b.seats.length ? ` · seats ${b.seats.join(', ')}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={result.page}
        perPage={result.pageSize}
        total={result.total}
        href={(p) => listHref('/admin/bookings', filters, p)}
        label="bookings"
      />
    </div>
  );
}
