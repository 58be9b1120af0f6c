import 'server-only';
import type { RefundRow } from '@/lib/schemas/admin';
import { creditNoteRefOf } from '@/lib/schemas/invoice';
import { authorize, type Viewer } from '@/server/auth/session';
import { COUNTER_PROVIDER } from '@/server/booking/checkout';
import { db } from '@/server/db';
import { creditNoteRefSelect } from '@/server/invoices/issue-credit-note';

/**
 * Refunds of the viewer's cinemas (every cinema for admins), newest first; by default the FAILED
 * ones, which the provider would not take after every retry and which need a person.
 */
export async function listRefunds(options: {
  viewer: Viewer;
  status?: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  limit?: number;
}): Promise<RefundRow[]> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  const cinemaIds = viewer.role === 'ADMIN' ? null : viewer.managedCinemaIds;
  const rows = await db().refund.findMany({
    where: {
      status: options.status ?? 'FAILED',
      ...(cinemaIds ? { payment: { hold: { showtime: { screen: { cinemaId: { in: cinemaIds } } } } } } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: options.limit ?? 50,
    select: {
      id: true,
      status: true,
      amountMinor: true,
      reason: true,
      attempts: true,
      lastError: true,
      nextAttemptAt: true,
      createdAt: true,
      booking: { select: { reference: true, customerName: true, customerEmail: true } },
      creditNote: { select: creditNoteRefSelect },
      payment: {
        select: {
          currency: true,
          provider: true,
          hold: {
            select: {
              user: { select: { name: true, email: true } },
              showtime: {
                select: {
                  id: true,
                  startsAt: true,
                  movie: { select: { title: true } },
                  screen: { select: { cinema: { select: { id: true, name: true } } } },
                },
              },
            },
          },
        },
      },
    },
  });
  return rows.map((r) => {
    const { hold } = r.payment;
    return {
      id: r.id,
      status: r.status,
      amountMinor: r.amountMinor,
      currency: r.payment.currency,
      reason: r.reason,
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.status === 'PENDING' ? r.nextAttemptAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      bookingReference: r.booking?.reference ?? null,
      customer: {
        name: r.booking?.customerName ?? hold.user?.name ?? null,
        email: r.booking?.customerEmail ?? hold.user?.email ?? null,
      },
      showtime: {
        id: hold.showtime.id,
        startsAt: hold.showtime.startsAt.toISOString(),
        movieTitle: hold.showtime.movie.title,
      },
      cinema: hold.showtime.screen.cinema,
      atCounter: r.payment.provider === COUNTER_PROVIDER,
      creditNote: r.booking && r.creditNote ? creditNoteRefOf(r.booking.reference, r.creditNote) : null,
    };
  });
}
