import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { AccessDetails } from '@/components/access-chips';
import { SeatPicker } from '@/components/seat-picker/seat-picker';
import { WaitlistPanel } from '@/components/waitlist/waitlist-panel';
import { FORMAT_LABELS, formatDay, formatTime } from '@/lib/format';
import { nearlySoldOut } from '@/lib/schemas/waitlist';
import { holdBestSeatsAction } from '@/server/actions/showtimes';
import { getViewer } from '@/server/auth/session';
import { getShowtime } from '@/server/catalog/get-showtime';
import { getWaitlistEntry } from '@/server/waitlist/get-waitlist-entry';

type Props = { params: Promise<{ id: string }> };

async function load(params: Props['params'], viewerId?: string) {
  const { id } = await params;
  const parsed = z.uuid().safeParse(id);
  return parsed.success ? getShowtime(parsed.data, viewerId) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const s = await load(params);
  return { title: s ? `Choose seats · ${s.movie.title}` : 'Showtime not found' };
}

export default async function ShowtimePage({ params }: Props) {
  const viewer = await getViewer();
  const showtime = await load(params, viewer?.id);
  if (!showtime) notFound();
  const started = new Date(showtime.startsAt).getTime() <= Date.now();
  const available = showtime.seats.filter((s) => s.state === 'available').length;
  // Waitlist (sold out → waitlist): shown when the show is sold out or nearly, or the viewer has an entry.
  const onSale = showtime.status === 'SCHEDULED' && !started;
  const waitlistEntry =
    viewer && onSale ? await getWaitlistEntry({ userId: viewer.id, showtimeId: showtime.id }) : null;
  const canJoinWaitlist = nearlySoldOut(available, showtime.seats.length);
  const wheelchairReleaseAt = new Date(
    new Date(showtime.startsAt).getTime() - showtime.cinemaRules.wheelchairReleaseMinutes * 60_000,
  ).toISOString();
  return (
    <div className="space-y-5">
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
          {showtime.language} · {showtime.movie.certificate}
        </p>
        {showtime.screen.type ? (
          // Why this show costs more than the same film next door (lib/screen-type.ts).
          <p className="mt-1 text-sm font-medium text-violet-800 dark:text-violet-300">
            {showtime.screen.type.why}
          </p>
        ) : null}
        <AccessDetails access={showtime.seatMap} className="mt-2" />
        {onSale ? null : (
          // On sale, the seat picker counts free seats live; here the count no longer changes.
          <p className="mt-1 text-sm">
            {available} of {showtime.seats.length} seats available
          </p>
        )}
      </header>
      {onSale && (waitlistEntry || canJoinWaitlist) ? (
        <WaitlistPanel
          showtimeId={showtime.id}
          signedIn={Boolean(viewer)}
          initialEntry={waitlistEntry}
          canJoin={canJoinWaitlist}
          serverNow={Date.now()}
        />
      ) : null}
      {showtime.status === 'CANCELLED' ? (
        <p role="alert" className="rounded bg-red-100 p-3 text-red-800 dark:bg-red-950 dark:text-red-200">
          This showtime was cancelled by the cinema. Bookings were refunded in full.
        </p>
      ) : started ? (
        <p role="status" className="rounded bg-stone-100 p-3 dark:bg-ink-800">
          This show has started; tickets are no longer on sale.
        </p>
      ) : (
        <SeatPicker
          showtimeId={showtime.id}
          snapshot={showtime.seatMap}
          signedIn={Boolean(viewer)}
          serverNow={Date.now()}
          wheelchairReleaseAt={wheelchairReleaseAt}
          holdBest={holdBestSeatsAction}
        />
      )}
      {showtime.cinemaRules.orphanSeatRule ? (
        <p className="text-xs text-stone-500 dark:text-stone-400">
          This cinema does not sell a selection that would leave a single empty seat between others, so every
          seat can be sold.
        </p>
      ) : null}
    </div>
  );
}
