import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { PaymentInput } from '@/lib/schemas/booking';
import type { ChargeRequest, PaymentProvider } from '@/server/payments/provider';
import { createStripeProvider, declineCodeFor } from '@/server/payments/stripe';
import { verifyStripeWebhook } from '@/server/payments/stripe-webhook';

// A real Stripe client talking to a tiny local server that answers like Stripe's API, so the
// request we send (parameters, Idempotency-Key) and the mapping of Stripe's answers are both
// exercised through the library's own HTTP and error handling.

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: URLSearchParams };

let server: Server;
let port: number;
let seen: Seen[] = [];

function paymentIntent(id: string, status: string, amount: number, extra: Record<string, unknown> = {}) {
  return { id, object: 'payment_intent', amount, currency: 'inr', status, latest_charge: null, ...extra };
}

function answer(path: string, body: URLSearchParams): { status: number; json: unknown } {
  if (path === '/v1/payment_intents') {
    const amount = Number(body.get('amount'));
    switch (body.get('payment_method')) {
      case 'pm_card_visa':
        return {
          status: 200,
          json: paymentIntent('pi_ok_1', 'succeeded', amount, {
            latest_charge: {
              id: 'ch_1',
              object: 'charge',
              payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } },
            },
          }),
        };
      case 'pm_card_chargeDeclinedInsufficientFunds':
        return {
          status: 402,
          json: {
            error: {
              type: 'card_error',
              code: 'card_declined',
              decline_code: 'insufficient_funds',
              message: 'Your card has insufficient funds.',
              payment_intent: paymentIntent('pi_declined_1', 'requires_payment_method', amount),
            },
          },
        };
      case 'pm_card_expired':
        return {
          status: 402,
          json: { error: { type: 'card_error', code: 'expired_card', message: 'Your card has expired.' } },
        };
      case 'pm_card_authenticationRequired':
        return { status: 200, json: paymentIntent('pi_3ds_1', 'requires_action', amount) };
      case 'pm_card_processing':
        return { status: 200, json: paymentIntent('pi_processing_1', 'processing', amount) };
      case 'pm_missing':
        return {
          status: 400,
          json: {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              param: 'payment_method',
              message: "No such PaymentMethod: 'pm_missing'",
            },
          },
        };
      default:
        return { status: 500, json: { error: { type: 'api_error', message: 'Something went wrong.' } } };
    }
  }
  if (path === '/v1/refunds') {
    if (Number(body.get('amount')) > 70_800) {
      return {
        status: 400,
        json: {
          error: {
            type: 'invalid_request_error',
            code: 'amount_too_large',
            message: 'Refund amount (₹800.00) is greater than unrefunded amount on charge (₹708.00)',
          },
        },
      };
    }
    return {
      status: 200,
      json: {
        id: 're_1',
        object: 'refund',
        amount: Number(body.get('amount')),
        payment_intent: body.get('payment_intent'),
        status: 'succeeded',
      },
    };
  }
  return { status: 404, json: { error: { type: 'invalid_request_error', message: `Unrecognized ${path}` } } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = new URLSearchParams(raw);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      const { status, json } = answer(path, body);
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${seen.length}` });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

function provider(p = port): PaymentProvider {
  const client = new Stripe('sk_test_x', {
    host: '127.0.0.1',
    port: p,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
  return createStripeProvider('sk_test_x', client);
}

function chargeRequest(payment: PaymentInput): ChargeRequest {
  return {
    paymentId: randomUUID(),
    amountMinor: 70_800,
    currency: 'INR',
    payment,
    description: 'Marquee booking MQ-7K3F9X2',
    metadata: { holdId: 'hold-1' },
  };
}

const pm = (paymentMethodId: string): PaymentInput => ({ method: 'stripe', paymentMethodId });

describe('Stripe provider', () => {
  it('confirms a PaymentIntent with our paymentId as the Idempotency-Key', async () => {
    const request = chargeRequest(pm('pm_card_visa'));
    const result = await provider().charge(request);
    expect(result).toEqual({ status: 'succeeded', providerRef: 'pi_ok_1', cardLast4: '4242' });

    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe('/v1/payment_intents');
    expect(call?.headers['idempotency-key']).toBe(request.paymentId);
    expect(call?.headers.authorization).toBe('Bearer sk_test_x');
    expect(Object.fromEntries(call?.body ?? [])).toMatchObject({
      amount: '70800',
      currency: 'inr',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      description: 'Marquee booking MQ-7K3F9X2',
      'metadata[holdId]': 'hold-1',
      'metadata[paymentId]': request.paymentId,
      'expand[0]': 'latest_charge',
    });
    expect(call?.body.has('payment_method_data[card][number]')).toBe(false);
  });

  it('maps a card decline to our decline code, keeping the PaymentIntent reference', async () => {
    const result = await provider().charge(chargeRequest(pm('pm_card_chargeDeclinedInsufficientFunds')));
    expect(result).toEqual({
      status: 'declined',
      providerRef: 'pi_declined_1',
      code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
  });

  it('maps a decline without a decline_code by its error code', async () => {
    const result = await provider().charge(chargeRequest(pm('pm_card_expired')));
    expect(result).toMatchObject({ status: 'declined', code: 'expired_card', providerRef: null });
  });

  it('declines a card that needs 3-D Secure, which a server-side charge cannot complete', async () => {
    const result = await provider().charge(chargeRequest(pm('pm_card_authenticationRequired')));
    expect(result).toMatchObject({ status: 'declined', providerRef: 'pi_3ds_1', code: 'processing_error' });
    expect(result.status === 'declined' && result.message).toMatch(/authentication that Marquee cannot do/);
  });

  it('declines an unknown payment method instead of failing the request', async () => {
    const result = await provider().charge(chargeRequest(pm('pm_missing')));
    expect(result).toMatchObject({ status: 'declined', code: 'processing_error' });
  });

  it('never sends raw card numbers to Stripe', async () => {
    const result = await provider().charge(
      chargeRequest({
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' },
      }),
    );
    expect(result).toMatchObject({ status: 'declined', code: 'processing_error', providerRef: null });
    expect(seen).toHaveLength(0);
  });

  it('throws when the outcome is unknown: Stripe errors, unreachable Stripe, still processing', async () => {
    await expect(provider().charge(chargeRequest(pm('pm_boom')))).rejects.toThrow(/Something went wrong/);
    await expect(provider().charge(chargeRequest(pm('pm_card_processing')))).rejects.toThrow(/processing/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(provider(deadPort).charge(chargeRequest(pm('pm_card_visa')))).rejects.toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
  });

  it('refunds against the PaymentIntent with our refundId as the Idempotency-Key', async () => {
    const refundId = randomUUID();
    const result = await provider().refund({
      refundId,
      chargeRef: 'pi_ok_1',
      amountMinor: 50_000,
      currency: 'INR',
      reason: 'customer cancelled',
    });
    expect(result).toEqual({ status: 'succeeded', providerRef: 're_1' });
    expect(seen[0]?.path).toBe('/v1/refunds');
    expect(seen[0]?.headers['idempotency-key']).toBe(refundId);
    expect(Object.fromEntries(seen[0]?.body ?? [])).toMatchObject({
      payment_intent: 'pi_ok_1',
      amount: '50000',
    });
  });

  it('reports a refund Stripe refuses as failed', async () => {
    const result = await provider().refund({
      refundId: randomUUID(),
      chargeRef: 'pi_ok_1',
      amountMinor: 80_000,
      currency: 'INR',
      reason: 'too much',
    });
    expect(result).toMatchObject({ status: 'failed', message: expect.stringMatching(/greater than/) });
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
