import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkout, confirmPayment, startPayment } from '@/server/booking/checkout';
import { expireHolds } from '@/server/booking/expire-holds';
import { holdSeats } from '@/server/booking/hold-seats';
import { reconcilePayments } from '@/server/booking/reconcile-payments';
import { releaseHold } from '@/server/booking/release-hold';
import { handleStripeWebhook } from '@/server/booking/stripe-webhook';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { toAppError } from '@/server/http/errors';
import { deliverOutbox } from '@/server/mail/deliver-outbox';
import { PAYMENT_PROVIDER } from '@/server/payments';
import type { PaymentProvider } from '@/server/payments/provider';
import { createStripeProvider } from '@/server/payments/stripe';
import { existingSingleton, setSingleton } from '@/server/singleton';
import { createBookableShowtime, createUser } from '../support/factories';
import { StripeTestServer } from '../support/stripe-server';

// Stripe's Payment Element flow end to end on the server, against a local server that speaks
// Stripe's API (tests/support/stripe-server.ts) through the real `stripe` client: the browser's
// part (Stripe.js confirming, the bank's 3-D Secure challenge) is played by the test server, the
// webhook is signed with Stripe's own helper. Every test checks what the customer and the cinema
// would: one booking or none, one ticket per seat, money taken and given back.

let stripe: StripeTestServer;
const saved = {
  provider: existingSingleton<PaymentProvider>(PAYMENT_PROVIDER),
  secret: process.env.STRIPE_WEBHOOK_SECRET,
};

beforeAll(async () => {
  stripe = await new StripeTestServer().start();
  setSingleton(PAYMENT_PROVIDER, createStripeProvider('sk_test_local', stripe.client()));
  process.env.STRIPE_WEBHOOK_SECRET = stripe.webhookSecret;
  refreshEnv();
});

afterAll(async () => {
  setSingleton(PAYMENT_PROVIDER, saved.provider);
  if (saved.secret === undefined) delete process.env.STRIPE_WEBHOOK_SECRET;
  else process.env.STRIPE_WEBHOOK_SECRET = saved.secret;
  refreshEnv();
  await stripe.stop();
});

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return toAppError(e);
  }
  throw new Error('expected a failure');
}

async function heldShow(seatCount = 2) {
  const { showtime, seats } = await createBookableShowtime();
  const user = await createUser();
  const hold = await holdSeats({
    userId: user.id,
    showtimeId: showtime.id,
    seatIds: seats.slice(0, seatCount).map((s) => s.id),
  });
  return { showtime, seats, user, hold };
}

/** The customer presses Pay: our server makes the PaymentIntent the Payment Element confirms. */
async function pay(user: { id: string }, holdId: string) {
  const started = await startPayment({ userId: user.id, holdId });
  if (started.status !== 'requires_confirmation')
    throw new Error(`expected an intent, got ${started.status}`);
  const { providerRef } = await db().payment.findUniqueOrThrow({
    where: { id: started.paymentId },
    select: { providerRef: true },
  });
  return { ...started, intentId: providerRef ?? '' };
}

const deliver = (intentId: string, type: Parameters<StripeTestServer['webhook']>[1]) => {
  const { payload, signature } = stripe.webhook(intentId, type);
  return handleStripeWebhook(payload, signature);
};

const state = async (holdId: string) => ({
  hold: (await db().seatHold.findUniqueOrThrow({ where: { id: holdId }, select: { status: true } })).status,
  bookings: await db().booking.count({ where: { holdId } }),
  tickets: await db().ticket.count({ where: { booking: { holdId } } }),
  payments: await db().payment.findMany({
    where: { holdId },
    select: { status: true },
    orderBy: { attempt: 'asc' },
  }),
});

describe('Stripe Payment Element checkout', () => {
  it('books a payment the browser confirmed: the intent is for the server-side price, under a key derived from the hold', async () => {
    const { user, hold } = await heldShow(2);
    stripe.seen = [];
    const started = await pay(user, hold.holdId);
    const intent = stripe.intents.get(started.intentId);
    expect(intent?.amount).toBe(hold.price.totalMinor);
    expect(started.amountMinor).toBe(hold.price.totalMinor);
    expect(intent?.metadata).toMatchObject({ holdId: hold.holdId, paymentId: started.paymentId });
    expect(stripe.seen[0]?.headers['idempotency-key']).toBe(`marquee-hold-${hold.holdId}-1`);
    // The hold now outlives a 3-D Secure challenge.
    expect(new Date(started.expiresAt).getTime()).toBeGreaterThan(new Date(hold.expiresAt).getTime());

    stripe.confirmInBrowser(started.intentId, 'pm_card_visa');
    const booking = await confirmPayment({ userId: user.id, paymentId: started.paymentId });
    expect(booking).toMatchObject({ status: 'CONFIRMED', totalMinor: hold.price.totalMinor });
    expect(booking.tickets).toHaveLength(2);
    expect(booking.payment).toMatchObject({ provider: 'stripe', cardLast4: '4242' });
    expect(await state(hold.holdId)).toMatchObject({
      hold: 'CONVERTED',
      bookings: 1,
      tickets: 2,
      payments: [{ status: 'SUCCEEDED' }],
    });
  });

  it('a decline in the browser fails the payment, keeps the hold for another card, and books nothing', async () => {
    const { user, hold } = await heldShow(1);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_chargeDeclinedInsufficientFunds');
    const err = await failure(confirmPayment({ userId: user.id, paymentId: started.paymentId }));
    expect([err.status, err.code]).toEqual([402, 'PAYMENT_DECLINED']);
    expect(err.message).toMatch(/insufficient funds/);
    expect(err.details).toMatchObject({ seatsReleased: false });
    expect(await state(hold.holdId)).toMatchObject({
      hold: 'ACTIVE',
      bookings: 0,
      payments: [{ status: 'FAILED' }],
    });
  });

  it('3-D Secure: pending while the customer authenticates (the hold cannot be replaced or released), booked once they pass', async () => {
    const { user, hold, seats } = await heldShow(2);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_authenticationRequired');
    expect(stripe.intents.get(started.intentId)?.status).toBe('requires_action');

    const pending = await failure(confirmPayment({ userId: user.id, paymentId: started.paymentId }));
    expect([pending.status, pending.code]).toEqual([409, 'PAYMENT_PENDING']);
    const replace = await failure(
      holdSeats({ userId: user.id, showtimeId: hold.showtimeId, seatIds: [seats[5]!.id] }),
    );
    expect(replace.code).toBe('PAYMENT_PENDING');
    expect((await failure(releaseHold({ userId: user.id, holdId: hold.holdId }))).code).toBe(
      'PAYMENT_PENDING',
    );
    // The reconciler leaves a live challenge alone.
    await reconcilePayments({ staleMs: 0 });
    expect((await state(hold.holdId)).payments).toEqual([{ status: 'PENDING' }]);

    stripe.authenticate(started.intentId, true);
    const booking = await confirmPayment({ userId: user.id, paymentId: started.paymentId });
    expect(booking.tickets).toHaveLength(2);
    expect(await state(hold.holdId)).toMatchObject({ hold: 'CONVERTED', bookings: 1, tickets: 2 });
  });

  it('the webhook first, then the confirmation call: one booking, the same answer', async () => {
    const { user, hold } = await heldShow(2);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_visa');
    await deliver(started.intentId, 'payment_intent.succeeded');
    const after = await state(hold.holdId);
    expect(after).toMatchObject({ hold: 'CONVERTED', bookings: 1, tickets: 2 });
    const booking = await confirmPayment({ userId: user.id, paymentId: started.paymentId });
    const { reference } = await db().booking.findUniqueOrThrow({ where: { holdId: hold.holdId } });
    expect(booking.reference).toBe(reference);
    expect(await state(hold.holdId)).toEqual(after);
  });

  it('the confirmation call first, then the webhook, then the same webhook again (and twice at once): one booking', async () => {
    const { user, hold } = await heldShow(3);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_visa');
    await confirmPayment({ userId: user.id, paymentId: started.paymentId });
    const { payload, signature } = stripe.webhook(started.intentId, 'payment_intent.succeeded');
    await handleStripeWebhook(payload, signature);
    await Promise.all([handleStripeWebhook(payload, signature), handleStripeWebhook(payload, signature)]);
    expect(await state(hold.holdId)).toMatchObject({
      hold: 'CONVERTED',
      bookings: 1,
      tickets: 3,
      payments: [{ status: 'SUCCEEDED' }],
    });
  });

  it('confirmation call and webhook racing: exactly one booking', async () => {
    const { user, hold } = await heldShow(2);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_visa');
    const results = await Promise.allSettled([
      confirmPayment({ userId: user.id, paymentId: started.paymentId }),
      deliver(started.intentId, 'payment_intent.succeeded'),
      confirmPayment({ userId: user.id, paymentId: started.paymentId }),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await state(hold.holdId)).toMatchObject({ bookings: 1, tickets: 2 });
  });

  it('a hold that ends while the customer is in a 3-D Secure challenge ends in a full refund, never money without seats', async () => {
    const { user, hold, seats } = await heldShow(2);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_authenticationRequired');
    // The challenge outlasts the hold: it lapses, the sweep frees the seats, someone else takes them.
    await db().$executeRaw`
      UPDATE seat_holds SET expires_at = now() - interval '1 second' WHERE id = ${hold.holdId}::uuid`;
    await db().$executeRaw`
      UPDATE seat_claims SET expires_at = now() - interval '1 second' WHERE hold_id = ${hold.holdId}::uuid`;
    await expireHolds();
    const other = await createUser();
    await holdSeats({ userId: other.id, showtimeId: hold.showtimeId, seatIds: [seats[0]!.id, seats[1]!.id] });
    // The customer passes the challenge late: Stripe takes the money and tells us.
    stripe.authenticate(started.intentId, true);
    await deliver(started.intentId, 'payment_intent.succeeded');

    const err = await failure(confirmPayment({ userId: user.id, paymentId: started.paymentId }));
    expect(err.code).toBe('HOLD_EXPIRED');
    expect(err.message).toMatch(/refunded in full/);
    expect(await state(hold.holdId)).toMatchObject({ bookings: 0, payments: [{ status: 'REVERSED' }] });
    const refunds = stripe.refunds.filter((r) => r.payment_intent === started.intentId);
    expect(refunds.map((r) => r.amount)).toEqual([started.amountMinor]);
    const refund = await db().refund.findFirstOrThrow({ where: { payment: { holdId: hold.holdId } } });
    expect(refund).toMatchObject({ status: 'SUCCEEDED', bookingId: null, amountMinor: started.amountMinor });
    const mail = await db().notificationOutbox.findFirst({
      where: { kind: 'payment.reversed', recipient: user.email ?? '' },
    });
    expect(mail?.payload).toMatchObject({ refundId: refund.id, amountMinor: started.amountMinor });
    // The customer is told, once: the reversal mail says the money was refunded; the refund's own
    // "done" mail has nothing to add.
    await deliverOutbox({ recipient: user.email ?? '' });
    const told = await db().notificationOutbox.findMany({
      where: { recipient: user.email ?? '' },
      select: { kind: true, status: true },
      orderBy: { createdAt: 'asc' },
    });
    expect(told).toEqual([
      { kind: 'payment.reversed', status: 'SENT' },
      { kind: 'refund.succeeded', status: 'SKIPPED' },
    ]);
  });

  it('an abandoned challenge is stopped at Stripe once the hold is over, so it can never charge later', async () => {
    const { user, hold } = await heldShow(1);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_authenticationRequired');
    await db().$executeRaw`
      UPDATE seat_holds SET expires_at = now() - interval '1 second' WHERE id = ${hold.holdId}::uuid`;
    expect(await reconcilePayments({ staleMs: 0 })).toMatchObject({ failed: expect.any(Number) });
    expect(stripe.intents.get(started.intentId)?.status).toBe('canceled');
    expect((await state(hold.holdId)).payments).toEqual([{ status: 'FAILED' }]);
    expect(() => stripe.authenticate(started.intentId, true)).toThrow(/canceled/);
  });

  it('pressing Pay again stops the open attempt and starts a new one; after a payment went through, it is the booking', async () => {
    const { user, hold } = await heldShow(1);
    const first = await pay(user, hold.holdId);
    const second = await pay(user, hold.holdId);
    expect(second.intentId).not.toBe(first.intentId);
    expect(stripe.intents.get(first.intentId)?.status).toBe('canceled');
    expect(stripe.seen.at(-1)?.headers['idempotency-key']).toBe(`marquee-hold-${hold.holdId}-2`);
    stripe.confirmInBrowser(second.intentId, 'pm_card_visa');
    // The confirmation call was lost; the customer presses Pay once more.
    const again = await startPayment({ userId: user.id, holdId: hold.holdId });
    const { reference } = await db().booking.findUniqueOrThrow({ where: { holdId: hold.holdId } });
    expect(again).toEqual({ status: 'booked', reference });
    expect((await state(hold.holdId)).payments.map((p) => p.status)).toEqual(['FAILED', 'SUCCEEDED']);
  });

  it('an API client confirming on the server gets the 3-D Secure challenge handed back, then books', async () => {
    const { user, hold } = await heldShow(1);
    const err = await failure(
      checkout({
        userId: user.id,
        holdId: hold.holdId,
        payment: { method: 'stripe', paymentMethodId: 'pm_card_authenticationRequired' },
        idempotencyKey: 'api-3ds-0001',
      }),
    );
    expect([err.status, err.code]).toEqual([402, 'PAYMENT_ACTION_REQUIRED']);
    const { paymentId, clientSecret } = err.details as { paymentId: string; clientSecret: string };
    const intent = [...stripe.intents.values()].find((i) => i.metadata.paymentId === paymentId);
    expect(clientSecret).toBe(intent?.client_secret);
    stripe.authenticate(intent?.id ?? '', true);
    const booking = await confirmPayment({ userId: user.id, paymentId });
    expect(booking.status).toBe('CONFIRMED');
  });

  it('when Stripe does not answer the confirmation, the payment stays open and is settled later, never charged twice', async () => {
    const { user, hold } = await heldShow(1);
    stripe.outage = { calls: 1, kind: 'error' };
    // The outage hits creating the PaymentIntent: nothing can have been charged.
    const busy = await failure(startPayment({ userId: user.id, holdId: hold.holdId }));
    expect(busy.code).toBe('BUSY');
    expect((await state(hold.holdId)).payments).toEqual([{ status: 'FAILED' }]);
    const started = await pay(user, hold.holdId);
    stripe.confirmInBrowser(started.intentId, 'pm_card_visa');
    stripe.outage = { calls: 1, kind: 'error' };
    // …and now hits our confirmation call after the browser paid: the answer is unknown.
    const unknown = await failure(confirmPayment({ userId: user.id, paymentId: started.paymentId }));
    expect([unknown.status, unknown.code, unknown.retryAfter]).toEqual([503, 'BUSY', 5]);
    expect((await state(hold.holdId)).payments.at(-1)).toEqual({ status: 'PENDING' });
    await reconcilePayments({ staleMs: 0 });
    expect(await state(hold.holdId)).toMatchObject({ hold: 'CONVERTED', bookings: 1 });
    expect(
      [...stripe.intents.values()].filter(
        (i) => i.metadata.holdId === hold.holdId && i.status === 'succeeded',
      ),
    ).toHaveLength(1);
  });
});
