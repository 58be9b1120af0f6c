import 'server-only';
import { AppError } from '@/lib/errors';
import { type PriceBreakdown, priceBreakdownSchema } from '@/lib/schemas/pricing';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { paymentProvider } from '@/server/payments';

// What the checkout page shows for one of the caller's holds: its state, the seats and the price
// locked when the seats were held, and the showtime. Read-only; checkout itself re-checks all of
// it inside its transaction.

export type CheckoutStatus = 'ACTIVE' | 'EXPIRED' | 'RELEASED' | 'CONVERTED';

export type CheckoutView = {
  holdId: string;
  /** ACTIVE only while the hold is live: one past its expiry is EXPIRED even before the sweep runs. */
  status: CheckoutStatus;
  expiresAt: string;
  /** The server's clock when this was read, so the client can correct its own clock's skew. */
  now: string;
  seats: { id: string; label: string; category: 'STANDARD' | 'PREMIUM' | 'RECLINER'; priceMinor: number }[];
  price: PriceBreakdown;
  /** The booking this hold became (CONVERTED only). */
  bookingReference: string | null;
  paymentProvider: 'sandbox' | 'stripe';
  /** Stripe's publishable key, for the Payment Element (Stripe only). */
  stripePublishableKey: string | null;
  showtime: {
    id: string;
    startsAt: string;
    format: string;
    language: string;
    screen: string;
    /** Still on sale: scheduled and not started. */
    bookable: boolean;
    movie: { title: string; slug: string; certificate: string; posterUrl: string };
    cinema: { name: string; address: string };
  };
};

const seatOrder = new Intl.Collator('en', { numeric: true });

export async function getCheckout(options: {
  userId: string;
  holdId: string;
  now?: Date;
}): Promise<CheckoutView> {
  const now = options.now ?? new Date();
  const hold = await db().seatHold.findUnique({
    where: { id: options.holdId },
    select: {
      id: true,
      userId: true,
      status: true,
      expiresAt: true,
      price: true,
      booking: { select: { reference: true } },
      showtime: {
        select: {
          id: true,
          status: true,
          startsAt: true,
          format: true,
          language: true,
          movie: { select: { title: true, slug: true, certificate: true, posterUrl: true } },
          screen: {
            select: {
              name: true,
              cinema: {
                select: {
                  name: true,
                  addressLine: true,
                  locality: true,
                  postalCode: true,
                  city: { select: { name: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  // Someone else's hold is "not found": hold ids must not be probeable.
  if (!hold || hold.userId !== options.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
  const price = priceBreakdownSchema.parse(hold.price);
  const status: CheckoutStatus = hold.status === 'ACTIVE' && hold.expiresAt <= now ? 'EXPIRED' : hold.status;
  const { showtime } = hold;
  const cinema = showtime.screen.cinema;
  return {
    holdId: hold.id,
    status,
    expiresAt: hold.expiresAt.toISOString(),
    now: now.toISOString(),
    seats: price.seats
      .map((s) => ({ id: s.seatId, label: s.label, category: s.category, priceMinor: s.priceMinor }))
      .sort((a, b) => seatOrder.compare(a.label, b.label)),
    price,
    bookingReference: hold.booking?.reference ?? null,
    paymentProvider: paymentProvider().name,
    stripePublishableKey: paymentProvider().name === 'stripe' ? (env().STRIPE_PUBLISHABLE_KEY ?? null) : null,
    showtime: {
      id: showtime.id,
      startsAt: showtime.startsAt.toISOString(),
      format: showtime.format,
      language: showtime.language,
      screen: showtime.screen.name,
      bookable: showtime.status === 'SCHEDULED' && showtime.startsAt > now,
      movie: showtime.movie,
      cinema: {
        name: cinema.name,
        address: `${cinema.addressLine}, ${cinema.locality}, ${cinema.city.name} ${cinema.postalCode}`,
      },
    },
  };
}
