import 'server-only';
import { authorize, type Viewer } from '@/server/auth/session';
import { COUNTER_PROVIDER } from '@/server/booking/checkout';
import { db } from '@/server/db';

export type CounterRefundOwed = {
  id: string;
  amountMinor: number;
  currency: string;
  reference: string | null;
  customerName: string | null;
  method: string | null;
  reason: string;
};

/**
 * Refunds of counter sales at a cinema that wait for the customer to come back (a cancelled show,
 * say): what the box office hands over and marks paid (settle-counter-refund.ts). Staff and
 * managers of the cinema, admins.
 */
export async function listCounterRefundsOwed(options: {
  viewer: Viewer;
  cinemaId: string;
}): Promise<CounterRefundOwed[]> {
  authorize(options.viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: options.cinemaId });
  const rows = await db().refund.findMany({
    where: {
      status: { in: ['PENDING', 'FAILED'] },
      payment: { provider: COUNTER_PROVIDER, hold: { showtime: { screen: { cinemaId: options.cinemaId } } } },
    },
    orderBy: { createdAt: 'asc' },
    take: 50,
    select: {
      id: true,
      amountMinor: true,
      reason: true,
      booking: { select: { reference: true, customerName: true } },
      payment: { select: { currency: true, method: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    amountMinor: r.amountMinor,
    currency: r.payment.currency,
    reference: r.booking?.reference ?? null,
    customerName: r.booking?.customerName ?? null,
    method: r.payment.method,
    reason: r.reason,
  }));
}
