import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DeskMoveForm } from '@/components/admin/desk/desk-move-form';
import { DeskRefundForm } from '@/components/admin/desk/desk-refund-form';
import { DeskResendButton } from '@/components/admin/desk/desk-resend-button';
import { isAppError } from '@/lib/errors';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { deskReferenceSchema } from '@/lib/schemas/desk';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getDeskBooking } from '@/server/desk/get-desk-booking';
import { listMoveTargets, moveSeats } from '@/server/desk/move-targets';

export const metadata: Metadata = { title: 'Booking · Bookings desk' };

type Props = {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const ACTIONS: Record<string, string> = {
  'booking.cancel': 'Cancelled',
  'booking.refund': 'Refunded an amount',
  'booking.refund-tickets': 'Cancelled and refunded tickets',
  'booking.move': 'Moved',
  'booking.resend-tickets': 'Sent the tickets again',
  'refund.retry': 'Sent a refund again',
  'refund.failed': 'Refund failed',
};

const STATUS: Record<string, string> = {
  VALID: 'Not yet in',
  CHECKED_IN: 'Checked in',
  CANCELLED: 'Cancelled',
};

export default async function DeskBookingPage({ params, searchParams }: Props) {
  const [{ reference }, search] = await Promise.all([params, searchParams]);
  const parsed = deskReferenceSchema.safeParse({ reference });
  if (!parsed.success) notFound();
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, `/admin/bookings/${reference}`);
  const b = await getDeskBooking({ viewer, reference: parsed.data.reference }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const tz = b.showtime.timeZone;
  const money = (minor: number) => formatMoney(minor, b.amounts.currency);
  const live = b.tickets.filter((t) => t.status !== 'CANCELLED');
  const confirmed = b.status === 'CONFIRMED';
  const moveTo = typeof search.moveTo === 'string' ? search.moveTo : b.showtime.id;
  const targets = confirmed
    ? await listMoveTargets({ viewer, cinemaId: b.showtime.cinemaId, movieId: b.showtime.movieId })
    : [];
  const target = targets.find((t) => t.id === moveTo) ?? targets.find((t) => t.id === b.showtime.id);
  const seats = confirmed && target ? await moveSeats(target.id) : [];
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <Link href="/admin/bookings" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Bookings desk
        </Link>
        <h1 className="font-display text-3xl font-bold">
          Booking <span className="font-mono">{b.reference}</span>
        </h1>
        <p className="text-stone-700 dark:text-stone-300">
          {b.status === 'CANCELLED' ? (
            <strong className="text-red-800 dark:text-red-300">Cancelled</strong>
          ) : (
            <strong>Confirmed</strong>
          )}{' '}
          · booked {formatDay(b.createdAt, tz)} {formatTime(b.createdAt, tz)}
          {b.cancelReason ? ` · ${b.cancelReason}` : ''}
        </p>
      </header>

      <section aria-labelledby="who" className="grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
          <h2 id="who" className="font-display text-lg font-bold">
            Customer
          </h2>
          <p>{b.customer.name ?? 'No name given'}</p>
          {b.customer.email ? <p className="break-all">{b.customer.email}</p> : null}
          <p className="text-sm text-stone-600 dark:text-stone-400">
            {b.customer.hasAccount ? 'Has an account' : 'No account'}
          </p>
        </div>
        <div className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
          <h2 className="font-display text-lg font-bold">Show</h2>
          <p>{b.showtime.movieTitle}</p>
          <p>
            {formatDay(b.showtime.startsAt, tz)}, {formatTime(b.showtime.startsAt, tz)} · {b.showtime.cinema},{' '}
            {b.showtime.screen}
          </p>
          <Link
            href={`/admin/showtimes/${b.showtime.id}/door`}
            className="text-sm font-medium text-brand-700 underline dark:text-brand-400"
          >
            Door list of this show (printable)
          </Link>
        </div>
      </section>

      <section aria-labelledby="tickets" className="space-y-2">
        <h2 id="tickets" className="font-display text-xl font-bold">
          Tickets
        </h2>
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-ink-700 dark:border-ink-700">
          {b.tickets.map((t) => (
            <li
              key={t.id}
              className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 p-3 text-sm"
            >
              <span>
                <strong className="text-base">{t.seat}</strong> · {t.category.toLowerCase()} ·{' '}
                {money(t.priceMinor)}
                {t.showtimeId !== b.showtime.id ? ' · earlier show' : ''}
              </span>
              <span className="font-mono text-xs">{t.code}</span>
              <span
                className={t.status === 'CANCELLED' ? 'text-stone-600 line-through dark:text-stone-400' : ''}
              >
                {STATUS[t.status]}
                {t.checkedInAt ? ` ${formatTime(t.checkedInAt, tz)}${t.door ? `, ${t.door}` : ''}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="money" className="space-y-2">
        <h2 id="money" className="font-display text-xl font-bold">
          Money
        </h2>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:max-w-md">
          <dt>Seats</dt>
          <dd className="text-right tabular-nums">{money(b.amounts.subtotalMinor)}</dd>
          {b.amounts.discountMinor ? (
            <>
              <dt>Discount</dt>
              <dd className="text-right tabular-nums">−{money(b.amounts.discountMinor)}</dd>
            </>
          ) : null}
          <dt>Booking fee</dt>
          <dd className="text-right tabular-nums">{money(b.amounts.feeMinor)}</dd>
          <dt>Tax</dt>
          <dd className="text-right tabular-nums">{money(b.amounts.taxMinor)}</dd>
          <dt className="font-semibold">Paid</dt>
          <dd className="text-right font-semibold tabular-nums">{money(b.amounts.paidMinor)}</dd>
          <dt>Refunded</dt>
          <dd className="text-right tabular-nums">{money(b.amounts.refundedMinor)}</dd>
          <dt>Left to refund</dt>
          <dd className="text-right tabular-nums" data-testid="refundable">
            {money(b.amounts.refundableMinor)}
          </dd>
        </dl>
        {b.payments.map((p) => (
          <p key={p.id} className="text-sm text-stone-600 dark:text-stone-400">
            Paid {money(p.amountMinor)} by {p.provider === 'counter' ? 'the counter' : 'card'}
            {p.cardLast4 ? ` ending ${p.cardLast4}` : ''} on {formatDay(p.createdAt, tz)}
            {p.status !== 'SUCCEEDED' ? ` (${p.status.toLowerCase()})` : ''}
          </p>
        ))}
        {b.refunds.length ? (
          <ul className="space-y-1 text-sm">
            {b.refunds.map((r) => (
              <li key={r.id}>
                Refund {money(r.amountMinor)} · {r.status.toLowerCase()} · {formatDay(r.createdAt, tz)}{' '}
                {formatTime(r.createdAt, tz)} · {r.reason}
                {r.requestedBy ? ` · by ${r.requestedBy}` : ''}
                {r.creditNote ? (
                  <>
                    {' · '}
                    <a href={r.creditNote.pdfUrl} download className="underline underline-offset-2">
                      credit note {r.creditNote.number}
                    </a>
                  </>
                ) : null}
                {r.lastError ? (
                  <span className="text-red-800 dark:text-red-300"> · {r.lastError}</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="act" className="space-y-4">
        <h2 id="act" className="font-display text-xl font-bold">
          Help the customer
        </h2>
        {confirmed ? <DeskResendButton reference={b.reference} /> : null}
        <DeskRefundForm
          key={`refund-${live.map((t) => t.id).join()}-${b.amounts.refundableMinor}`}
          reference={b.reference}
          confirmed={confirmed}
          refundableMinor={b.amounts.refundableMinor}
          currency={b.amounts.currency}
          tickets={live.map((t) => ({ id: t.id, seat: t.seat, checkedIn: t.status === 'CHECKED_IN' }))}
        />
        {confirmed && target ? (
          <DeskMoveForm
            key={`move-${target.id}-${live.map((t) => t.id).join()}`}
            reference={b.reference}
            currentShowtimeId={b.showtime.id}
            target={{
              id: target.id,
              label: `${formatDay(target.startsAt, tz)}, ${formatTime(target.startsAt, tz)} · ${target.screen}`,
            }}
            shows={targets.map((t) => ({
              id: t.id,
              label: `${formatDay(t.startsAt, tz)}, ${formatTime(t.startsAt, tz)} · ${t.screen} · ${t.free} free${t.id === b.showtime.id ? ' (this show)' : ''}`,
            }))}
            tickets={live.map((t) => ({ id: t.id, seat: t.seat, checkedIn: t.status === 'CHECKED_IN' }))}
            seats={seats.map((s) => ({ ...s, price: money(s.priceMinor) }))}
          />
        ) : null}
      </section>

      <section aria-labelledby="history" className="space-y-2">
        <h2 id="history" className="font-display text-xl font-bold">
          History
        </h2>
        {b.history.length === 0 ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">No changes since it was booked.</p>
        ) : (
          <ol className="space-y-2 text-sm">
            {b.history.map((h) => (
              <li key={h.id} className="rounded-md border border-stone-200 p-3 dark:border-ink-700">
                <p>
                  <strong>{ACTIONS[h.action] ?? h.action}</strong> · {formatDay(h.createdAt, tz)}{' '}
                  {formatTime(h.createdAt, tz)}
                  {h.actor ? ` · ${h.actor}` : ''}
                  {h.actorRole ? ` (${h.actorRole.toLowerCase()})` : ''}
                </p>
                <details>
                  <summary className="cursor-pointer text-stone-600 dark:text-stone-400">
                    Before and after
                  </summary>
                  <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all text-xs">
                    {JSON.stringify({ before: h.before, after: h.after }, null, 2)}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
