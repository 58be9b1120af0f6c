import { TicketQr } from '@/components/booking/ticket-qr';
import { CATEGORY_LABELS, formatMoney } from '@/lib/format';
import type { BookingResponse } from '@/lib/schemas/booking';
import { ticketCode } from '@/lib/ticket-code';

type Ticket = BookingResponse['tickets'][number];

const STATUS: Record<Ticket['status'], string> = {
  VALID: 'Valid',
  CHECKED_IN: 'Checked in',
  CANCELLED: 'Cancelled',
};

/** One card per seat with its QR code; a cancelled ticket is greyed and its code withheld. */
export function TicketList({
  tickets,
  reference,
  currency,
  walletPasses = false,
}: {
  tickets: Ticket[];
  reference: string;
  currency: string;
  /** Offer "Add to Apple Wallet" per ticket (only when the server can sign passes). */
  walletPasses?: boolean;
}) {
  return (
    <ul aria-label="Tickets" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 print:grid-cols-2">
      {tickets.map((t) => {
        const cancelled = t.status === 'CANCELLED';
        return (
          <li
            key={t.id}
            className={`flex break-inside-avoid flex-col items-center gap-3 rounded-lg border border-dashed p-4 text-center print:border-stone-400 ${
              cancelled
                ? 'border-stone-300 bg-stone-100 text-stone-500 dark:border-ink-700 dark:bg-ink-900 dark:text-stone-500'
                : 'border-stone-300 bg-white dark:border-ink-700 dark:bg-ink-900'
            }`}
          >
            <div>
              <p className="text-xs uppercase tracking-wide text-stone-500 dark:text-stone-400">Seat</p>
              <p className={`font-display text-3xl font-bold ${cancelled ? 'line-through' : ''}`}>
                {t.seat.label}
              </p>
              <p className="text-sm">
                {CATEGORY_LABELS[t.seat.category]} · {formatMoney(t.priceMinor, currency)}
              </p>
            </div>
            {cancelled ? (
              <div className="flex size-40 items-center justify-center rounded-md border border-stone-300 text-sm dark:border-ink-700">
                Ticket cancelled
              </div>
            ) : (
              <TicketQr payload={t.qr} seatLabel={t.seat.label} />
            )}
            <p className="text-xs">
              {/* The code door staff type when the QR cannot be scanned (lib/ticket-code.ts). */}
              <span className="sr-only">Ticket code </span>
              <span className="font-mono">{ticketCode(reference, t.seat.label)}</span> ·{' '}
              <span
                className={
                  t.status === 'CHECKED_IN' ? 'font-semibold text-emerald-700 dark:text-emerald-400' : ''
                }
              >
                {STATUS[t.status]}
              </span>
            </p>
            {walletPasses && !cancelled ? (
              <a
                href={`/api/v1/bookings/${encodeURIComponent(reference)}/tickets/${t.id}/wallet.pkpass`}
                className="inline-flex h-11 items-center justify-center rounded-md bg-black px-4 text-sm font-semibold text-white hover:bg-stone-800 print:hidden dark:ring-1 dark:ring-stone-600"
              >
                Add to Apple Wallet<span className="sr-only">: seat {t.seat.label}</span>
              </a>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
