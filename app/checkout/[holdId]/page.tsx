import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { ShowSummary } from '@/components/booking/show-summary';
import { CheckoutForm } from '@/components/checkout/checkout-form';
import { EndedNotice } from '@/components/checkout/ended-notice';
import { isAppError } from '@/lib/errors';
import { getViewer } from '@/server/auth/session';
import { type CheckoutView, getCheckout } from '@/server/booking/get-checkout';

export const metadata: Metadata = { title: 'Checkout', robots: { index: false } };

type Props = { params: Promise<{ holdId: string }> };

function endedNotice(c: CheckoutView) {
  const chooseAgain = { href: `/showtimes/${c.showtime.id}`, label: 'Choose seats again' };
  if (c.status === 'CONVERTED') {
    return (
      <EndedNotice
        tone="success"
        title="You have booked these seats"
        message="This hold became a booking; your tickets are ready."
        steps={[
          ...(c.bookingReference
            ? [{ href: `/bookings/${c.bookingReference}`, label: `View booking ${c.bookingReference}` }]
            : []),
          { href: '/bookings', label: 'My bookings' },
        ]}
      />
    );
  }
  if (!c.showtime.bookable) {
    return (
      <EndedNotice
        title="This show is no longer on sale"
        message="It has started or was cancelled, so these seats cannot be paid for."
        steps={[{ href: `/movies/${c.showtime.movie.slug}`, label: 'Choose another showtime' }]}
      />
    );
  }
  if (c.status === 'EXPIRED') {
    return (
      <EndedNotice
        title="Your hold expired"
        message="Seats are held for a few minutes while you pay; these are free for others again."
        steps={[chooseAgain]}
      />
    );
  }
  return (
    <EndedNotice
      title="These seats were released"
      message="This hold ended before it was paid for (the seats were given back, or a payment was declined)."
      steps={[chooseAgain]}
    />
  );
}

export default async function CheckoutPage({ params }: Props) {
  const { holdId } = await params;
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent(`/checkout/${holdId}`)}`);
  if (!z.uuid().safeParse(holdId).success) notFound();
  const checkout = await getCheckout({ userId: viewer.id, holdId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { showtime } = checkout;
  const live = checkout.status === 'ACTIVE' && showtime.bookable;

  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div className="space-y-4">
        <Link
          href={`/showtimes/${showtime.id}`}
          className="text-sm text-brand-700 underline dark:text-brand-400"
        >
          ← {live ? 'Change seats' : 'Back to the seat map'}
        </Link>
        <h1 className="font-display text-2xl font-bold sm:text-3xl">Checkout</h1>
        <ShowSummary
          movie={showtime.movie}
          cinema={showtime.cinema}
          screen={showtime.screen}
          startsAt={showtime.startsAt}
          format={showtime.format}
          language={showtime.language}
          seats={checkout.seats.map((s) => s.label)}
        />
      </div>
      {live ? (
        <CheckoutForm
          holdId={checkout.holdId}
          showtimeId={showtime.id}
          movieSlug={showtime.movie.slug}
          expiresAt={checkout.expiresAt}
          serverNow={checkout.now}
          price={checkout.price}
          sandbox={checkout.paymentProvider === 'sandbox'}
          stripePublishableKey={checkout.stripePublishableKey}
        />
      ) : (
        endedNotice(checkout)
      )}
    </div>
  );
}
