import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { SeatGrid } from '@/components/seat-map/seat-grid';
import { CATEGORY_STYLE, KIND_SYMBOL, STATE_STYLE } from '@/components/seat-map/seat-style';
import { CATEGORY_LABELS, FORMAT_LABELS, formatDay, formatMoney, formatTime } from '@/lib/format';
import { seatLabel } from '@/lib/seat-map';
import { getShowtime } from '@/server/catalog/get-showtime';

type Props = { params: Promise<{ id: string }> };

async function load(params: Props['params']) {
  const { id } = await params;
  const parsed = z.uuid().safeParse(id);
  return parsed.success ? getShowtime(parsed.data) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const s = await load(params);
  return { title: s ? `${s.movie.title} at ${s.screen.cinema.name}` : 'Showtime not found' };
}

export default async function ShowtimePage({ params }: Props) {
  const showtime = await load(params);
  if (!showtime) notFound();
  const available = showtime.seats.filter((s) => s.state === 'available').length;
  const prices = [...showtime.prices].sort((a, b) => a.priceMinor - b.priceMinor);
  return (
    <div className="space-y-6">
      <header>
        <Link
          href={`/movies/${showtime.movie.slug}`}
          className="text-sm text-brand-700 underline dark:text-brand-400"
        >
          ← {showtime.movie.title}
        </Link>
        <h1 className="mt-1 font-display text-2xl font-bold sm:text-3xl">{showtime.movie.title}</h1>
        <p className="text-stone-600 dark:text-stone-400">
          {showtime.screen.cinema.name}, {showtime.screen.name} · {formatDay(showtime.startsAt)},{' '}
          {formatTime(showtime.startsAt)} · {FORMAT_LABELS[showtime.format] ?? showtime.format} ·{' '}
          {showtime.language}
        </p>
        {showtime.status === 'CANCELLED' ? (
          <p
            role="alert"
            className="mt-2 rounded bg-red-100 p-2 text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            This showtime was cancelled.
          </p>
        ) : (
          <p className="mt-1 text-sm">
            {available} of {showtime.seats.length} seats available
          </p>
        )}
      </header>
      <section aria-labelledby="prices">
        <h2 id="prices" className="sr-only">
          Prices
        </h2>
        <ul className="flex flex-wrap gap-3 text-sm">
          {prices.map((p) => (
            <li key={p.category} className={`rounded border-2 px-2 py-1 ${CATEGORY_STYLE[p.category]}`}>
              {CATEGORY_LABELS[p.category]} {formatMoney(p.priceMinor)}
            </li>
          ))}
          <li className="rounded border px-2 py-1">♿ Wheelchair space</li>
          <li className="rounded border px-2 py-1">⊕ Companion seat</li>
        </ul>
      </section>
      <section aria-labelledby="seat-map">
        <h2 id="seat-map" className="mb-2 font-semibold">
          Seat map
        </h2>
        <SeatGrid
          layout={showtime.screen.layout}
          seats={showtime.seats}
          renderSeat={(seat) => (
            <span
              role="img"
              aria-label={`Row ${seat.row}, seat ${seat.number}, ${CATEGORY_LABELS[seat.category]}, ${seat.state}`}
              title={seatLabel(seat)}
              className={`flex h-7 items-center justify-center rounded-t-md border-2 text-[10px] ${CATEGORY_STYLE[seat.category]} ${STATE_STYLE[seat.state]}`}
            >
              {KIND_SYMBOL[seat.kind] ?? seat.number}
            </span>
          )}
        />
      </section>
    </div>
  );
}
