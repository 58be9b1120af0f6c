import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ListPrintStyles, PrintButton } from '@/components/booking/print-button';
import { isAppError } from '@/lib/errors';
import { formatDay, formatTime } from '@/lib/format';
import { idParamsSchema } from '@/lib/schemas/booking';
import { getShowtimeManifest } from '@/server/admin/showtime-manifest';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'Door list' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ show?: string }> };

export default async function DoorListPage({ params, searchParams }: Props) {
  const [{ id }, { show }] = await Promise.all([params, searchParams]);
  const parsed = idParamsSchema.safeParse({ id });
  if (!parsed.success) notFound();
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, `/admin/showtimes/${id}/door`);
  const manifest = await getShowtimeManifest({ viewer, showtimeId: parsed.data.id }).catch(
    (error: unknown) => {
      // Another cinema's show, or none: the same page as a wrong address.
      if (isAppError(error) && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) notFound();
      throw error;
    },
  );
  const { showtime, tickets } = manifest;
  const tz = showtime.timeZone;
  const waiting = show === 'waiting';
  const listed = waiting ? tickets.filter((t) => t.status === 'VALID') : tickets;
  const withEmail = tickets.some((t) => t.email !== null);
  return (
    <div data-print-list className="space-y-4">
      <ListPrintStyles />
      <Link href="/admin/check-in" className="text-sm underline print:hidden">
        ← Ticket check-in
      </Link>
      <div>
        <h1 className="font-display text-3xl font-bold">Door list: {showtime.movie}</h1>
        <p className="text-stone-600 dark:text-stone-400">
          {showtime.cinema} · {showtime.screen} · {formatDay(showtime.startsAt, tz)},{' '}
          {formatTime(showtime.startsAt, tz)}
          {showtime.status === 'CANCELLED' ? ' · cancelled' : ''}
        </p>
      </div>
      <p className="text-lg" aria-live="polite">
        <strong>{manifest.checkedIn}</strong> of <strong>{tickets.length}</strong> tickets checked in
        <span className="hidden print:inline">
          {' '}
          · printed {formatDay(new Date(), tz)}, {formatTime(new Date(), tz)}
          {waiting ? ' · not in yet only' : ''}
        </span>
      </p>
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <nav aria-label="Which tickets" className="flex gap-2">
          <Link
            href={`/admin/showtimes/${showtime.id}/door`}
            aria-current={waiting ? undefined : 'page'}
            className="rounded-full border border-stone-300 px-3 py-1.5 text-sm aria-[current=page]:bg-stone-900 aria-[current=page]:text-white dark:border-ink-700 dark:aria-[current=page]:bg-stone-100 dark:aria-[current=page]:text-ink-950"
          >
            Everyone
          </Link>
          <Link
            href={`/admin/showtimes/${showtime.id}/door?show=waiting`}
            aria-current={waiting ? 'page' : undefined}
            className="rounded-full border border-stone-300 px-3 py-1.5 text-sm aria-[current=page]:bg-stone-900 aria-[current=page]:text-white dark:border-ink-700 dark:aria-[current=page]:bg-stone-100 dark:aria-[current=page]:text-ink-950"
          >
            Not in yet
          </Link>
        </nav>
        <PrintButton
          label="Print the door list"
          className="ml-auto h-9 rounded-md border border-stone-300 px-3 text-sm dark:border-ink-700"
        />
      </div>
      {listed.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center dark:border-ink-700">
          {tickets.length === 0 ? 'No tickets sold for this show yet.' : 'Everyone is in.'}
        </p>
      ) : (
        <div data-print-scroll className="relative overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="sr-only">Tickets for this show, in seat order</caption>
            <thead className="border-b border-stone-300 dark:border-ink-700">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Seat
                </th>
                <th scope="col" className="py-2 pr-3">
                  Name
                </th>
                {withEmail ? (
                  <th scope="col" className="py-2 pr-3">
                    Email
                  </th>
                ) : null}
                <th scope="col" className="py-2 pr-3">
                  Ticket code
                </th>
                <th scope="col" className="py-2 pr-3">
                  Booking
                </th>
                <th scope="col" className="py-2">
                  Checked in
                </th>
              </tr>
            </thead>
            <tbody>
              {listed.map((t) => (
                <tr key={t.ticketId} className="border-b border-stone-200 dark:border-ink-800">
                  <th scope="row" className="py-2 pr-3 font-semibold">
                    {t.seat}
                  </th>
                  <td className="py-2 pr-3">{t.customer ?? '—'}</td>
                  {withEmail ? <td className="py-2 pr-3 break-all">{t.email ?? '—'}</td> : null}
                  <td className="py-2 pr-3 font-mono text-xs">{t.code}</td>
                  <td className="py-2 pr-3 font-mono text-xs">
                    <Link href={`/admin/bookings/${t.reference}`} className="underline">
                      {t.reference}
                      <span className="sr-only">: the booking of seat {t.seat}</span>
                    </Link>
                  </td>
                  <td className="py-2">
                    {t.checkedInAt ? (
                      `${formatTime(t.checkedInAt, tz)}${t.door ? ` · ${t.door}` : ''}`
                    ) : (
                      <span className="text-stone-600 dark:text-stone-400">
                        {/* On paper, a box for the doorman to tick. */}
                        <span aria-hidden="true" className="hidden print:inline">
                          ☐{' '}
                        </span>
                        Not yet
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
