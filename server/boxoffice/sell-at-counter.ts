import 'server-only';
import { AppError, isAppError } from '@/lib/errors';
import type { CounterMethod, CounterSaleResponse } from '@/lib/schemas/boxoffice';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { prepareCounterPayment } from '@/server/booking/checkout';
import { completeCheckout } from '@/server/booking/complete-checkout';
import { failPayment } from '@/server/booking/settle-payment';
import { assertCounterAccess } from '@/server/boxoffice/counter-access';
import { openTillOf } from '@/server/boxoffice/list-tills';
import { db } from '@/server/db';

// A sale at the box office. The seller holds the seats on the same live seat map as moviegoers
// (hold-seats.ts, under the seller's own account), so the counter and the web compete for seats
// under the same rules and constraints; this turns that hold into the customer's booking through
// the same two steps as an online checkout (prepare: a PENDING payment that keeps the hold; then
// completeCheckout), with a payment from provider 'counter' instead of a gateway: the money is in
// the seller's till, recorded as cash (tendered, change due), a card-terminal slip or a UPI
// reference. The booking is the walk-in customer's (name, phone, email as typed, all optional),
// not the seller's.

export type CounterSale = {
  viewer: Viewer;
  holdId: string;
  method: CounterMethod;
  tenderedMinor?: number;
  reference?: string;
  customerName?: string;
  customerPhone?: string;
  customerEmail?: string;
};

export async function sellAtCounter(input: CounterSale): Promise<CounterSaleResponse> {
  const { viewer } = input;
  const hold = await db().seatHold.findUnique({
    where: { id: input.holdId },
    select: {
      userId: true,
      status: true,
      totalMinor: true,
      currency: true,
      showtimeId: true,
      showtime: { select: { screen: { select: { cinemaId: true } } } },
    },
  });
  // Another seller's hold is "not found", like a customer's.
  if (!hold || hold.userId !== viewer.id) throw new AppError('NOT_FOUND', 'Hold not found.');
  const cinemaId = hold.showtime.screen.cinemaId;
  assertCounterAccess(viewer, cinemaId);
  const till = await openTillOf(viewer, cinemaId);
  if (!till) {
    throw new AppError('CONFLICT', 'Open your till first: every counter sale goes into a till.', {
      details: { reason: 'till-closed' },
    });
  }
  if (input.method === 'CASH' && (input.tenderedMinor ?? 0) < hold.totalMinor) {
    throw new AppError('VALIDATION_FAILED', 'Not enough cash.', {
      details: [{ path: 'tenderedMinor', message: `The total is ${(hold.totalMinor / 100).toFixed(2)}` }],
    });
  }
  const counter = {
    method: input.method,
    counterReference: input.reference ?? null,
    tenderedMinor: input.method === 'CASH' ? (input.tenderedMinor ?? null) : null,
    tillId: till.id,
    soldById: viewer.id,
  };

  let prepared = await prepareCounterPayment({ userId: viewer.id, holdId: input.holdId }, counter);
  if ('open' in prepared) {
    // A counter payment left PENDING by a request that died before completing: nothing was
    // recorded as taken, so close it and take this one.
    await failPayment(prepared.open.id, 'superseded');
    prepared = await prepareCounterPayment({ userId: viewer.id, holdId: input.holdId }, counter);
  }
  if ('booked' in prepared) throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already sold.');
  if ('open' in prepared) {
    throw new AppError('PAYMENT_PENDING', 'Another sale of these seats is under way.', { retryAfter: 2 });
  }
  const { paymentId, price } = prepared;
  const changeMinor = counter.tenderedMinor === null ? 0 : counter.tenderedMinor - price.totalMinor;

  let reference: string;
  try {
    ({ reference } = await completeCheckout({
      paymentId,
      // Unique per (provider, provider_ref): the payment's own id; the slip is counter_reference.
      providerRef: `counter_${paymentId}`,
      cardLast4: null,
      customer: {
        name: input.customerName ?? null,
        email: input.customerEmail ?? null,
        phone: input.customerPhone ?? null,
      },
      within: async (tx, booking) => {
        // The till must still be open as the sale lands (a cash-up may have closed it since the
        // payment was prepared): its row lock makes the cash-up wait for this sale or see it.
        const [t] = await tx.$queryRaw<{ closed: boolean }[]>`
          SELECT closed_at IS NOT NULL AS closed FROM tills WHERE id = ${till.id}::uuid FOR SHARE`;
        if (t?.closed) throw new AppError('CONFLICT', 'Your till was closed; open it again to sell.');
        await recordAudit(tx, {
          actor: viewer,
          action: 'boxoffice.sale',
          entityType: 'booking',
          entityId: booking.reference,
          before: null,
          after: {
            method: counter.method,
            totalMinor: price.totalMinor,
            tenderedMinor: counter.tenderedMinor,
            changeMinor,
            counterReference: counter.counterReference,
            tillId: till.id,
            seats: price.seats.map((s) => s.label),
            customer: {
              name: input.customerName ?? null,
              phone: input.customerPhone ?? null,
              email: input.customerEmail ?? null,
            },
          },
        });
      },
    }));
  } catch (error) {
    // No gateway charged anything: close the payment so the hold can be paid again or let go.
    if (isAppError(error)) await failPayment(paymentId, error.code.toLowerCase());
    throw error;
  }
  return {
    reference,
    showtimeId: hold.showtimeId,
    seats: price.seats.map((s) => s.label),
    method: counter.method,
    totalMinor: price.totalMinor,
    tenderedMinor: counter.tenderedMinor,
    changeMinor,
    currency: price.currency,
    tillId: till.id,
  };
}
