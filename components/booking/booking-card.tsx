import Link from 'next/link';
import { StatusBadge } from '@/components/booking/status-badge';
import { Poster } from '@/components/poster';
import { FORMAT_LABELS, formatDay, formatTime } from '@/lib/format';
import type { BookingResponse } from '@/lib/schemas/booking';

/** One booking in "My bookings": the whole card links to its tickets. */
export function BookingCard({ booking, past }: { booking: BookingResponse; past: boolean }) {
  const { showtime } = booking;
  const cancelled = booking.status === 'CANCELLED';
  const seats = booking.tickets.map((t) => t.seat.label);
  return (
    <li>
      <Link
        href={`/bookings/${booking.reference}`}
        className="flex gap-4 rounded-lg border border-stone-200 bg-white p-3 hover:border-brand-500 sm:p-4 dark:border-ink-700 dark:bg-ink-900 dark:hover:border-brand-500"
      >
        <Poster
          url={showtime.movie.posterUrl}
          alt=""
          sizes="64px"
          className={`h-24 w-16 shrink-0 rounded bg-stone-200 object-cover dark:bg-ink-800 ${cancelled ? 'grayscale' : ''}`}
        />
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
            <h3 className="font-semibold leading-snug">{showtime.movie.title}</h3>
            <StatusBadge status={cancelled ? 'CANCELLED' : past ? 'PAST' : 'CONFIRMED'} />
          </div>
          <p className="text-sm">
            <time dateTime={showtime.startsAt}>
              {formatDay(showtime.startsAt)}, {formatTime(showtime.startsAt)}
            </time>{' '}
            · {FORMAT_LABELS[showtime.format] ?? showtime.format}
          </p>
          <p className="truncate text-sm text-stone-600 dark:text-stone-400">
            {showtime.cinema.name} · {showtime.screen}
          </p>
          <p className="text-sm">
            <span className="text-stone-500 dark:text-stone-400">
              {seats.length === 1 ? 'Seat' : 'Seats'}
            </span>{' '}
            {seats.join(', ')} <span className="text-stone-400 dark:text-stone-500">·</span>{' '}
            <span className="font-mono text-xs">{booking.reference}</span>
          </p>
        </div>
      </Link>
    </li>
  );
}
