import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { PaymentInput } from '@/lib/schemas/booking';
import { attemptKey, type ChargeRequest, type PaymentProvider } from '@/server/payments/provider';
import { createStripeProvider, declineCodeFor } from '@/server/payments/stripe';
import { verifyStripeWebhook } from '@/server/payments/stripe-webhook';
import { StripeTestServer } from '../support/stripe-server';

// A real Stripe client talking to a local server that answers like Stripe's API
// (tests/support/stripe-server.ts), so the requests we send (parameters, Idempotency-Key) and the
// mapping of Stripe's answers are both exercised through the library's own HTTP and error handling.

let stripe: StripeTestServer;

beforeAll(async () => {
  stripe = await new StripeTestServer().start();
});
afterAll(() => stripe.stop());
beforeEach(() => {
  stripe.seen = [];
});

function provider(client?: Stripe): PaymentProvider {
  return createStripeProvider('sk_test_local', client ?? stripe.client());
}

function request(payment: PaymentInput, providerRef: string | null = null): ChargeRequest {
  const paymentId = randomUUID();
  return {
    paymentId,
    idempotencyKey: attemptKey(randomUUID(), 1),
    amountMinor: 70_800,
    currency: 'INR',
    payment,
    description: 'Marquee tickets (F5, F6)',
    metadata: { holdId: 'hold-1', paymentId },
    providerRef,
  };
}

const pm = (paymentMethodId: string): PaymentInput => ({ method: 'stripe', paymentMethodId });

/** Server-side confirmation as checkout does it: create (and record) the intent, then confirm. */
async function charge(p: PaymentProvider, payment: PaymentInput) {
  const r = request(payment);
  const intent = await p.createIntent?.({ ...r, confirmedBy: 'server' });
  return { request: r, intent, result: await p.charge({ ...r, providerRef: intent?.providerRef ?? null }) };
}

describe('Stripe provider', () => {
  it('creates the PaymentIntent under the hold-derived key before confirming it, and never sends card data', async () => {
    const { request: r, intent, result } = await charge(provider(), pm('pm_card_visa'));
    expect(result).toEqual({ status: 'succeeded', providerRef: intent?.providerRef, cardLast4: '4242' });
    const [create, confirm] = stripe.seen;
    expect(create?.path).toBe('/v1/payment_intents');
    expect(create?.headers['idempotency-key']).toBe(r.idempotencyKey);
    expect(create?.headers.authorization).toBe('Bearer sk_test_local');
    expect(Object.fromEntries(create?.body ?? [])).toMatchObject({
      amount: '70800',
      currency: 'inr',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[paymentId]': r.paymentId,
    });
    expect(create?.body.has('payment_method')).toBe(false);
    expect(confirm?.path).toBe(`/v1/payment_intents/${intent?.providerRef}/confirm`);
    expect(confirm?.body.get('payment_method')).toBe('pm_card_visa');
    for (const call of stripe.seen) expect([...call.body.keys()].join()).not.toMatch(/card\]\[number/);
  });

  it('creating twice under one key gives the same PaymentIntent (a retry after a timeout charges once)', async () => {
    const r = request(pm('pm_card_visa'));
    const first = await provider().createIntent?.({ ...r, confirmedBy: 'browser' });
    const again = await provider().createIntent?.({ ...r, confirmedBy: 'browser' });
    expect(again).toEqual(first);
    expect(stripe.intents.size).toBeGreaterThan(0);
    // The browser's intents may use methods that redirect to a bank and back.
    expect(stripe.seen[0]?.body.has('automatic_payment_methods[allow_redirects]')).toBe(false);
  });

  it('maps a card decline to our decline code, keeping the PaymentIntent reference', async () => {
    const { intent, result } = await charge(provider(), pm('pm_card_chargeDeclinedInsufficientFunds'));
    expect(result).toEqual({
      status: 'declined',
      providerRef: intent?.providerRef,
      code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    expect(
      await provider().lookup({
        paymentId: 'x',
        providerRef: intent?.providerRef ?? null,
        amountMinor: 1,
        currency: 'INR',
      }),
    ).toMatchObject({
      status: 'declined',
      code: 'insufficient_funds',
    });
  });

  it('maps a decline without a decline_code by its error code', async () => {
    const { result } = await charge(provider(), pm('pm_card_chargeDeclinedExpiredCard'));
    expect(result).toMatchObject({ status: 'declined', code: 'expired_card' });
  });

  it('hands 3-D Secure back to the client with the client secret, and sees it through', async () => {
    const p = provider();
    const { intent, result } = await charge(p, pm('pm_card_authenticationRequired'));
    expect(result).toEqual({
      status: 'requires_action',
      providerRef: intent?.providerRef,
      clientSecret: intent?.clientSecret,
    });
    const ref = {
      paymentId: 'x',
      providerRef: intent?.providerRef ?? null,
      amountMinor: 70_800,
      currency: 'INR',
    };
    expect(await p.lookup(ref)).toMatchObject({ status: 'pending' });
    stripe.authenticate(intent?.providerRef ?? '', true);
    expect(await p.lookup(ref)).toMatchObject({ status: 'succeeded', cardLast4: '4242' });
    // A settled intent cannot be cancelled any more: cancel says so.
    expect(await p.cancel(ref)).toBe(false);
  });

  it('cancels an open intent so it can never succeed later', async () => {
    const p = provider();
    const intent = await p.createIntent?.({ ...request(pm('pm_card_visa')), confirmedBy: 'browser' });
    const ref = {
      paymentId: 'x',
      providerRef: intent?.providerRef ?? null,
      amountMinor: 70_800,
      currency: 'INR',
    };
    expect(await p.lookup(ref)).toMatchObject({ status: 'pending' });
    expect(await p.cancel(ref)).toBe(true);
    expect(await p.lookup(ref)).toMatchObject({ status: 'declined' });
    expect(await p.lookup({ ...ref, providerRef: 'pi_nope' })).toEqual({ status: 'not_found' });
    expect(await p.lookup({ ...ref, providerRef: null })).toEqual({ status: 'not_found' });
  });

  it('declines an unknown payment method instead of failing the request', async () => {
    const { result } = await charge(provider(), pm('pm_missing'));
    expect(result).toMatchObject({ status: 'declined', code: 'processing_error' });
  });

  it('never sends raw card numbers to Stripe', async () => {
    const result = await provider().charge(
      request({
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' },
      }),
    );
    expect(result).toMatchObject({ status: 'declined', code: 'processing_error', providerRef: null });
    expect(stripe.seen).toHaveLength(0);
  });

  it('throws when the outcome is unknown: Stripe errors, unreachable Stripe, still processing', async () => {
    stripe.outage = { calls: 1, kind: 'error' };
    await expect(
      provider().createIntent?.({ ...request(pm('pm_card_visa')), confirmedBy: 'server' }),
    ).rejects.toThrow(/trouble/);
    await expect(charge(provider(), pm('pm_card_processing'))).rejects.toThrow(/processing/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dead = new Stripe('sk_test_local', {
      host: '127.0.0.1',
      port: deadPort,
      protocol: 'http',
      maxNetworkRetries: 0,
      telemetry: false,
    });
    await expect(charge(provider(dead), pm('pm_card_visa'))).rejects.toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
  });

  it('refunds against the PaymentIntent with our refundId as the Idempotency-Key, never beyond the charge', async () => {
    const { intent } = await charge(provider(), pm('pm_card_visa'));
    stripe.seen = [];
    const refundId = randomUUID();
    const refund = {
      refundId,
      chargeRef: intent?.providerRef ?? '',
      amountMinor: 50_000,
      currency: 'INR',
      reason: 'x',
    };
    const result = await provider().refund(refund);
    expect(result).toEqual({ status: 'succeeded', providerRef: expect.stringMatching(/^re_/) });
    expect(await provider().refund(refund)).toEqual(result);
    expect(stripe.seen[0]?.headers['idempotency-key']).toBe(refundId);
    expect(Object.fromEntries(stripe.seen[0]?.body ?? [])).toMatchObject({
      payment_intent: intent?.providerRef,
      amount: '50000',
    });
    expect(await provider().refund({ ...refund, refundId: randomUUID(), amountMinor: 20_801 })).toMatchObject(
      {
        status: 'failed',
      },
    );
  });

  it('maps Stripe codes onto ours', () => {
    expect(declineCodeFor('insufficient_funds', 'card_declined')).toBe('insufficient_funds');
    expect(declineCodeFor('generic_decline', 'card_declined')).toBe('card_declined');
    expect(declineCodeFor(undefined, 'incorrect_cvc')).toBe('incorrect_cvc');
    expect(declineCodeFor(undefined, 'invalid_number')).toBe('incorrect_number');
    expect(declineCodeFor('fraudulent', undefined)).toBe('card_declined');
    expect(declineCodeFor(null, null)).toBe('card_declined');
  });
});

describe('Stripe webhooks', () => {
  const secret = 'whsec_test_secret_0123456789';

  function event(type: string, object: Record<string, unknown>) {
    return JSON.stringify({
      id: 'evt_1',
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      type,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
  }

  const succeeded = event('payment_intent.succeeded', {
    id: 'pi_ok_1',
    object: 'payment_intent',
    amount: 70_800,
    currency: 'inr',
    status: 'succeeded',
    metadata: { paymentId: 'pay-1', holdId: 'hold-1' },
    last_payment_error: null,
  });

  const sign = (payload: string, s = secret) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: s });

  function rejection(fn: () => unknown): AppError {
    try {
      fn();
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error('expected the webhook to be rejected');
  }

  it('accepts a correctly signed payment_intent.succeeded and narrows it', () => {
    expect(verifyStripeWebhook(succeeded, sign(succeeded), secret)).toEqual({
      type: 'payment_intent.succeeded',
      eventId: 'evt_1',
      paymentIntentId: 'pi_ok_1',
      amountMinor: 70_800,
      currency: 'INR',
      metadata: { paymentId: 'pay-1', holdId: 'hold-1' },
    });
  });

  it('reports the failure code of payment_intent.payment_failed', () => {
    const failed = event('payment_intent.payment_failed', {
      id: 'pi_declined_1',
      object: 'payment_intent',
      amount: 70_800,
      currency: 'inr',
      status: 'requires_payment_method',
      metadata: {},
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(verifyStripeWebhook(failed, sign(failed), secret)).toMatchObject({
      type: 'payment_intent.payment_failed',
      paymentIntentId: 'pi_declined_1',
      failureCode: 'insufficient_funds',
    });
  });

  it('ignores event types Marquee does not handle', () => {
    const other = event('charge.refunded', { id: 'ch_1', object: 'charge' });
    expect(verifyStripeWebhook(other, sign(other), secret)).toEqual({
      type: 'ignored',
      eventType: 'charge.refunded',
    });
  });

  it('rejects a tampered body, a wrong secret or a missing signature as BAD_REQUEST', () => {
    const header = sign(succeeded);
    const tampered = succeeded.replace('70800', '1');
    for (const attempt of [
      () => verifyStripeWebhook(tampered, header, secret),
      () => verifyStripeWebhook(succeeded, sign(succeeded, 'whsec_someone_else'), secret),
      () => verifyStripeWebhook(succeeded, null, secret),
      () => verifyStripeWebhook(succeeded, 'garbage', secret),
    ]) {
      const error = rejection(attempt);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.status).toBe(400);
    }
  });

  it('rejects a replayed event whose signature is too old', () => {
    const old = Stripe.webhooks.generateTestHeaderString({
      payload: succeeded,
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(rejection(() => verifyStripeWebhook(succeeded, old, secret)).code).toBe('BAD_REQUEST');
  });
});
