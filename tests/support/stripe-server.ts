import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

// A small local server that speaks the few Stripe API endpoints Marquee uses, with Stripe's
// semantics as far as Marquee can tell them apart: PaymentIntents that move through
// requires_payment_method → requires_action → succeeded / canceled, card declines as 402 card
// errors that leave the intent reusable, idempotency keys that replay the first answer (and refuse
// different parameters), refunds limited to what was charged, and `resource_missing` for unknown
// ids. Tests drive a real `stripe` client against it (host/port/protocol options), play the
// browser's part (`confirmInBrowser`, `authenticate`: Stripe.js talks to Stripe directly), and
// sign webhook events with Stripe's own test helper.
//
// Test PaymentMethods follow Stripe's documented test ids.

export type Intent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status:
    | 'requires_payment_method'
    | 'requires_confirmation'
    | 'requires_action'
    | 'processing'
    | 'succeeded'
    | 'canceled';
  client_secret: string;
  metadata: Record<string, string>;
  description: string | null;
  latest_charge: string | null;
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  next_action: { type: string } | null;
  /** Not Stripe's: the card used, for latest_charge's details. */
  _last4: string | null;
  _pendingMethod: string | null;
  _refunded: number;
};

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: URLSearchParams };

const DECLINES: Record<string, { code: string; decline_code?: string; message: string }> = {
  pm_card_chargeDeclined: {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_chargeDeclinedExpiredCard: { code: 'expired_card', message: 'Your card has expired.' },
};
const THREE_DS = new Set(['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required']);

export class StripeTestServer {
  readonly intents = new Map<string, Intent>();
  readonly refunds: { id: string; payment_intent: string; amount: number; status: string }[] = [];
  seen: Seen[] = [];
  /** Answer the next N API calls with 500 (an outage), or drop them without an answer. */
  outage: { calls: number; kind: 'error' | 'hang' } = { calls: 0, kind: 'error' };
  private readonly idempotent = new Map<string, { params: string; status: number; body: unknown }>();
  private server?: Server;
  port = 0;
  readonly webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        raw += c;
      });
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const body = new URLSearchParams(req.method === 'GET' ? url.search : raw);
        this.seen.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });
        if (this.outage.calls > 0) {
          this.outage.calls--;
          if (this.outage.kind === 'hang') return req.socket.destroy();
          res.writeHead(500, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({ error: { type: 'api_error', message: 'Stripe is having trouble.' } }),
          );
        }
        const key = req.headers['idempotency-key'];
        const params = `${req.method} ${url.pathname} ${[...body].sort().join('&')}`;
        if (typeof key === 'string' && req.method === 'POST') {
          const before = this.idempotent.get(key);
          if (before) {
            if (before.params !== params) {
              return this.reply(res, 400, {
                error: {
                  type: 'idempotency_error',
                  message:
                    'Keys for idempotent requests can only be used with the same parameters they were first used with.',
                },
              });
            }
            res.setHeader('idempotent-replayed', 'true');
            return this.reply(res, before.status, before.body);
          }
        }
        const { status, json } = this.answer(req.method ?? 'GET', url.pathname, body);
        if (typeof key === 'string' && req.method === 'POST' && status < 500) {
          this.idempotent.set(key, { params, status, body: json });
        }
        this.reply(res, status, json);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** A real Stripe client talking to this server. */
  client(): Stripe {
    return new Stripe('sk_test_local', {
      host: '127.0.0.1',
      port: this.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      timeout: 2_000,
      telemetry: false,
    });
  }

  private reply(res: import('node:http').ServerResponse, status: number, json: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${this.seen.length}` });
    res.end(JSON.stringify(json));
  }

  private view(intent: Intent, body: URLSearchParams): unknown {
    const { _last4, _pendingMethod, _refunded, ...pub } = intent;
    const expand = [...body.entries()].filter(([k]) => k.startsWith('expand')).map(([, v]) => v);
    if (expand.includes('latest_charge') && intent.latest_charge) {
      return {
        ...pub,
        latest_charge: {
          id: intent.latest_charge,
          object: 'charge',
          payment_method_details: { type: 'card', card: { brand: 'visa', last4: _last4 } },
        },
      };
    }
    return pub;
  }

  private answer(method: string, path: string, body: URLSearchParams): { status: number; json: unknown } {
    const missing = (what: string) => ({
      status: 404,
      json: {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` },
      },
    });
    if (method === 'POST' && path === '/v1/payment_intents') {
      const id = `pi_${randomBytes(8).toString('hex')}`;
      const metadata: Record<string, string> = {};
      for (const [k, v] of body) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m?.[1]) metadata[m[1]] = v;
      }
      const intent: Intent = {
        id,
        object: 'payment_intent',
        amount: Number(body.get('amount')),
        currency: body.get('currency') ?? 'inr',
        status: 'requires_payment_method',
        client_secret: `${id}_secret_${randomBytes(6).toString('hex')}`,
        metadata,
        description: body.get('description'),
        latest_charge: null,
        last_payment_error: null,
        next_action: null,
        _last4: null,
        _pendingMethod: null,
        _refunded: 0,
      };
      if (!Number.isInteger(intent.amount) || intent.amount < 1) {
        return {
          status: 400,
          json: { error: { type: 'invalid_request_error', param: 'amount', message: 'bad amount' } },
        };
      }
      this.intents.set(id, intent);
      const pm = body.get('payment_method');
      if (pm && body.get('confirm') === 'true') return this.confirm(intent, pm, body);
      return { status: 200, json: this.view(intent, body) };
    }
    const m = /^\/v1\/payment_intents\/([^/]+)(\/confirm|\/cancel)?$/.exec(path);
    if (m?.[1]) {
      const intent = this.intents.get(m[1]);
      if (!intent) return missing(`payment_intent: '${m[1]}'`);
      if (method === 'GET' && !m[2]) return { status: 200, json: this.view(intent, body) };
      if (method === 'POST' && m[2] === '/confirm')
        return this.confirm(intent, body.get('payment_method') ?? '', body);
      if (method === 'POST' && m[2] === '/cancel') {
        if (intent.status === 'succeeded' || intent.status === 'canceled' || intent.status === 'processing') {
          return {
            status: 400,
            json: {
              error: {
                type: 'invalid_request_error',
                code: 'payment_intent_unexpected_state',
                message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
              },
            },
          };
        }
        intent.status = 'canceled';
        intent.next_action = null;
        return { status: 200, json: this.view(intent, body) };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = this.intents.get(body.get('payment_intent') ?? '');
      if (!intent) return missing(`payment_intent: '${body.get('payment_intent')}'`);
      const amount = Number(body.get('amount') ?? intent.amount - intent._refunded);
      if (intent.status !== 'succeeded' || intent._refunded + amount > intent.amount) {
        return {
          status: 400,
          json: {
            error: {
              type: 'invalid_request_error',
              code: intent.status !== 'succeeded' ? 'charge_not_refundable' : 'amount_too_large',
              message: 'This refund cannot be made.',
            },
          },
        };
      }
      intent._refunded += amount;
      const refund = {
        id: `re_${randomBytes(8).toString('hex')}`,
        payment_intent: intent.id,
        amount,
        status: 'succeeded',
      };
      this.refunds.push(refund);
      return { status: 200, json: { object: 'refund', ...refund } };
    }
    return {
      status: 404,
      json: { error: { type: 'invalid_request_error', message: `Unrecognized ${method} ${path}` } },
    };
  }

  private confirm(intent: Intent, pm: string, body: URLSearchParams): { status: number; json: unknown } {
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      return {
        status: 400,
        json: {
          error: {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `This PaymentIntent's status is ${intent.status}.`,
          },
        },
      };
    }
    if (pm === 'pm_missing') {
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
    }
    const decline = DECLINES[pm];
    if (decline) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { type: 'card_error', ...decline };
      return {
        status: 402,
        json: { error: { type: 'card_error', ...decline, payment_intent: this.view(intent, body) } },
      };
    }
    intent.last_payment_error = null;
    if (THREE_DS.has(pm)) {
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk' };
      intent._pendingMethod = pm;
      return { status: 200, json: this.view(intent, body) };
    }
    if (pm === 'pm_card_processing') {
      intent.status = 'processing';
      return { status: 200, json: this.view(intent, body) };
    }
    this.succeed(intent);
    return { status: 200, json: this.view(intent, body) };
  }

  private succeed(intent: Intent): void {
    intent.status = 'succeeded';
    intent.next_action = null;
    intent.latest_charge = `ch_${randomBytes(8).toString('hex')}`;
    intent._last4 = '4242';
  }

  // ─── The browser's part (Stripe.js talks to Stripe with the client secret) ───

  /** stripe.confirmPayment in the browser with this test PaymentMethod. */
  confirmInBrowser(intentId: string, pm: string): Intent {
    const intent = this.must(intentId);
    this.confirm(intent, pm, new URLSearchParams());
    return intent;
  }

  /** The customer passes (or fails, or abandons) the bank's 3-D Secure challenge. */
  authenticate(intentId: string, passed: boolean): Intent {
    const intent = this.must(intentId);
    if (intent.status !== 'requires_action')
      throw new Error(`${intentId} is ${intent.status}, not requires_action`);
    if (passed) this.succeed(intent);
    else {
      intent.status = 'requires_payment_method';
      intent.next_action = null;
      intent.last_payment_error = {
        type: 'card_error',
        code: 'payment_intent_authentication_failure',
        message: 'We are unable to authenticate your payment method.',
      };
    }
    return intent;
  }

  /** A signed webhook delivery for this intent's current state, as Stripe would send it. */
  webhook(
    intentId: string,
    type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'payment_intent.canceled',
  ) {
    const intent = this.must(intentId);
    const payload = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      object: 'event',
      type,
      api_version: '2025-01-27.acacia',
      created: Math.floor(Date.now() / 1000),
      data: { object: this.view(intent, new URLSearchParams()) },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.webhookSecret });
    return { payload, signature };
  }

  private must(id: string): Intent {
    const intent = this.intents.get(id);
    if (!intent) throw new Error(`no intent ${id}`);
    return intent;
  }
}
