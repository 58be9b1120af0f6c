import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { BookingCard } from '@/components/booking/booking-card';
import { OfflineTickets } from '@/components/pwa/offline-tickets';
import { formatDay, formatTime } from '@/lib/format';
import { offlineTicketOf } from '@/lib/offline-tickets';
import { referenceParamsSchema } from '@/lib/schemas/booking';
import { getViewer } from '@/server/auth/session';
import { listBookings } from '@/server/booking/list-bookings';

export const metadata: Metadata = { title: 'My bookings', robots: { index: false } };

type Props = { searchParams: Promise<{ past?: string }> };

const PAGE = 20;

function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-600 dark:border-ink-700 dark:text-stone-400">
      {children}
    </div>
  );
}

export default async function MyBookingsPage({ searchParams }: Props) {
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent('/bookings')}`);
  const { past: rawCursor } = await searchParams;
  const cursor = referenceParamsSchema.safeParse({ reference: rawCursor });
  const pastCursor = cursor.success ? cursor.data.reference : undefined;
  const [upcoming, cancelled, past] = await Promise.all([
    listBookings({ userId: viewer.id, scope: 'upcoming', limit: 100 }),
    listBookings({ userId: viewer.id, scope: 'cancelled', limit: 100 }),
    listBookings({ userId: viewer.id, scope: 'past', limit: PAGE, cursor: pastCursor }),
  ]);

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <h1 className="font-display text-2xl font-bold sm:text-3xl">My bookings</h1>
      <OfflineTickets
        user={viewer.id}
        tickets={upcoming.bookings.map((b) =>
          offlineTicketOf(b, (at) => `${formatDay(at)}, ${formatTime(at)}`),
        )}
        replace
      />

      <section aria-labelledby="upcoming" className="space-y-3">
        <h2 id="upcoming" className="font-display text-xl font-bold">
          Upcoming
        </h2>
        {upcoming.bookings.length === 0 ? (
          <Empty>
            <p>No upcoming shows booked.</p>
            <Link
              href="/"
              className="mt-2 inline-block font-medium text-brand-700 underline dark:text-brand-400"
            >
              Browse films
            </Link>
          </Empty>
        ) : (
          <ul aria-label="Upcoming bookings" className="space-y-3">
            {upcoming.bookings.map((b) => (
              <BookingCard key={b.reference} booking={b} past={false} />
            ))}
          </ul>
        )}
      </section>

      {cancelled.bookings.length > 0 ? (
        <section aria-labelledby="cancelled" className="space-y-3">
          <h2 id="cancelled" className="font-display text-xl font-bold">
            Cancelled
          </h2>
          <p className="text-sm text-stone-600 dark:text-stone-400">
            Shows to come that you, or the cinema, cancelled. Their tickets will not let you in; each booking
            says what was refunded.
          </p>
          <ul aria-label="Cancelled bookings" className="space-y-3">
            {cancelled.bookings.map((b) => (
              <BookingCard key={b.reference} booking={b} past={false} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="past" className="space-y-3">
        <h2 id="past" className="font-display text-xl font-bold">
          Past
        </h2>
        {past.bookings.length === 0 ? (
          <Empty>
            <p>{pastCursor ? 'No older bookings.' : 'Films you have seen with Marquee will appear here.'}</p>
          </Empty>
        ) : (
          <ul aria-label="Past bookings" className="space-y-3">
            {past.bookings.map((b) => (
              <BookingCard key={b.reference} booking={b} past />
            ))}
          </ul>
        )}
        <nav aria-label="Past bookings pages" className="flex justify-between gap-3 text-sm empty:hidden">
          {pastCursor ? (
            <Link href="/bookings" className="font-medium text-brand-700 underline dark:text-brand-400">
              ← Latest
            </Link>
          ) : null}
          {past.nextCursor ? (
            <Link
              href={`/bookings?past=${encodeURIComponent(past.nextCursor)}`}
              className="ml-auto font-medium text-brand-700 underline dark:text-brand-400"
            >
              Older bookings →
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
