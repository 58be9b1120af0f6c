import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { AccessDetails } from '@/components/access-chips';
import { CancelBooking } from '@/components/booking/cancel-booking';
import { PriceBreakdown } from '@/components/booking/price-breakdown';
import { PrintButton, TicketPrintStyles } from '@/components/booking/print-button';
import { ShowSummary } from '@/components/booking/show-summary';
import { StatusBadge } from '@/components/booking/status-badge';
import { TicketList } from '@/components/booking/ticket-list';
import { OfflineTickets } from '@/components/pwa/offline-tickets';
import { isAppError } from '@/lib/errors';
import { formatDay, formatTime } from '@/lib/format';
import { offlineTicketOf } from '@/lib/offline-tickets';
import { referenceParamsSchema } from '@/lib/schemas/booking';
import { getViewer } from '@/server/auth/session';
import { loadVisibleBooking, toBookingResponse } from '@/server/booking/booking-view';
import { walletPassesEnabled } from '@/server/tickets/wallet-pass';

type Props = { params: Promise<{ reference: string }>; searchParams: Promise<{ new?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { reference } = await params;
  return { title: `Booking ${reference.toUpperCase()}`, robots: { index: false } };
}

const linkClass =
  'inline-flex h-11 items-center justify-center rounded-md border border-stone-300 px-4 text-sm font-semibold hover:bg-stone-100 dark:border-ink-700 dark:hover:bg-ink-800';

export default async function BookingPage({ params, searchParams }: Props) {
  const [{ reference: raw }, { new: isNew }] = await Promise.all([params, searchParams]);
  const viewer = await getViewer();
  if (!viewer) {
    const here = `/bookings/${encodeURIComponent(raw)}${isNew ? '?new=1' : ''}`;
    redirect(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  }
  const parsed = referenceParamsSchema.safeParse({ reference: raw });
  if (!parsed.success) notFound();
  const row = await loadVisibleBooking({ reference: parsed.data.reference, viewer }).catch(
    (error: unknown) => {
      if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
      throw error;
    },
  );
  const booking = toBookingResponse(row);
  const { showtime, price } = booking;
  const confirmed = booking.status === 'CONFIRMED';
  const past = new Date(showtime.startsAt) <= new Date();
  const ref = encodeURIComponent(booking.reference);
  // Kept on this device for the door only for the customer's own booking (staff may open theirs),
  // until the show ends; a cancelled one is dropped.
  const keepOffline = confirmed && new Date(showtime.endsAt) > new Date();
  const ownBooking = row.userId === viewer.id;

  return (
    <article data-ticket-page className="mx-auto max-w-4xl space-y-6">
      <TicketPrintStyles />
      {isNew === '1' && confirmed ? (
        <div
          role="status"
          className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-950 print:hidden dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-50"
        >
          <p className="font-display text-xl font-bold">Booking confirmed</p>
          <p className="text-sm">
            Enjoy the show! Show the QR codes below at the entrance, on your phone or printed. We have also
            emailed your tickets.
          </p>
        </div>
      ) : null}

      <header className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <p className="text-sm text-stone-500 dark:text-stone-400">Booking reference</p>
            <h1 className="font-mono text-3xl font-bold tracking-wider sm:text-4xl">
              <span className="sr-only">Booking </span>
              {booking.reference}
            </h1>
          </div>
          <StatusBadge status={!confirmed ? 'CANCELLED' : past ? 'PAST' : 'CONFIRMED'} />
        </div>
        <ShowSummary
          movie={showtime.movie}
          cinema={showtime.cinema}
          screen={showtime.screen}
          startsAt={showtime.startsAt}
          format={showtime.format}
          language={showtime.language}
          seats={booking.tickets.map((t) => t.seat.label)}
        />
        <AccessDetails access={showtime} />
        <ul aria-label="Ticket actions" className="flex flex-wrap gap-2 print:hidden">
          {confirmed ? (
            <li>
              <a href={`/api/v1/bookings/${ref}/tickets.pdf`} download className={linkClass}>
                Download tickets (PDF)
              </a>
            </li>
          ) : null}
          {/* A cancelled booking keeps its invoice: the refund is a separate document. */}
          <li>
            <a href={`/api/v1/bookings/${ref}/invoice.pdf`} download className={linkClass}>
              Tax invoice (PDF)
            </a>
          </li>
          {/* Each refund reduces the invoice by a GST credit note of its own. */}
          {booking.creditNotes.map((n) => (
            <li key={n.number}>
              <a href={n.pdfUrl} download className={linkClass}>
                Credit note {n.number} (PDF)
              </a>
            </li>
          ))}
          {confirmed ? (
            <>
              <li>
                <a href={`/api/v1/bookings/${ref}/calendar.ics`} download className={linkClass}>
                  Add to calendar
                </a>
              </li>
              <li>
                <PrintButton className={linkClass} />
              </li>
            </>
          ) : null}
        </ul>
        {ownBooking ? (
          <OfflineTickets
            user={viewer.id}
            tickets={
              keepOffline ? [offlineTicketOf(booking, (at) => `${formatDay(at)}, ${formatTime(at)}`)] : []
            }
            replace={false}
            remove={keepOffline ? [] : [`/bookings/${booking.reference}`]}
          />
        ) : null}
      </header>

      <section aria-labelledby="tickets" className="space-y-3">
        <h2 id="tickets" className="font-display text-xl font-bold">
          Tickets
        </h2>
        {!confirmed ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">
            This booking was cancelled: its tickets no longer admit anyone.
          </p>
        ) : null}
        <TicketList
          tickets={booking.tickets}
          reference={booking.reference}
          currency={booking.currency}
          walletPasses={confirmed && walletPassesEnabled()}
        />
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="price" className="space-y-3 break-inside-avoid">
          <h2 id="price" className="font-display text-xl font-bold">
            Price
          </h2>
          <PriceBreakdown price={price} totalLabel="Total paid" />
          {booking.payment ? (
            <p className="text-sm text-stone-600 dark:text-stone-400">
              {booking.payment.cardLast4 ? (
                <>
                  Paid by card <span className="font-mono">•••• {booking.payment.cardLast4}</span>
                </>
              ) : (
                'Paid'
              )}
              {booking.payment.provider === 'sandbox' ? ' (sandbox)' : ''}
            </p>
          ) : null}
        </section>
        <section aria-labelledby="cancellation" className="space-y-3 print:hidden">
          <h2 id="cancellation" className="font-display text-xl font-bold">
            {confirmed ? 'Cancellation' : 'Cancelled'}
          </h2>
          <CancelBooking
            reference={booking.reference}
            status={booking.status}
            cancelledAt={booking.cancelledAt}
            cancellation={booking.cancellation}
            refunds={booking.refunds}
            keptMinor={booking.totalMinor - booking.cancellation.refundMinor}
            currency={booking.currency}
            cardLast4={booking.payment?.cardLast4 ?? null}
          />
        </section>
      </div>
    </article>
  );
}
