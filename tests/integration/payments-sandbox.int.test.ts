import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentInput } from '@/lib/schemas/booking';
import { TEST_CARDS } from '@/lib/test-cards';
import { db } from '@/server/db';
import type { ChargeRequest } from '@/server/payments/provider';
import { createSandboxProvider, sandboxLedger } from '@/server/payments/sandbox';

// The sandbox provider against the real database its ledger lives in. Each test counts only the
// charges it made (test files share one database and run in parallel).

const nextYear = new Date().getUTCFullYear() + 1;

function card(number: string, exp: { month?: number; year?: number } = {}): PaymentInput {
  return {
    method: 'card',
    card: {
      number,
      expMonth: exp.month ?? 12,
      expYear: exp.year ?? nextYear,
      cvc: '123',
      name: 'Test Person',
    },
  };
}

let mine: string[] = [];
const ledger = () => sandboxLedger({ paymentIds: mine });

function chargeRequest(payment: PaymentInput, overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  const paymentId = overrides.paymentId ?? randomUUID();
  mine.push(paymentId);
  return {
    paymentId,
    idempotencyKey: `test-${paymentId}`,
    amountMinor: 70_800,
    currency: 'INR',
    payment,
    description: 'Marquee booking',
    metadata: { holdId: randomUUID() },
    ...overrides,
  };
}

const sandbox = createSandboxProvider();

beforeEach(() => {
  mine = [];
});
afterEach(() => {
  delete process.env.SANDBOX_LATENCY_MS;
});

describe('sandbox test cards', () => {
  it('is named sandbox', () => {
    expect(sandbox.name).toBe('sandbox');
  });

  it.each(TEST_CARDS.map((c) => [c.number, c.outcome] as const))('%s → %s', async (number, outcome) => {
    const result = await sandbox.charge(chargeRequest(card(number)));
    if (outcome === 'succeeded') {
      expect(result).toEqual({
        status: 'succeeded',
        providerRef: expect.stringMatching(/^sbx_ch_[0-9a-f]{24}$/),
        cardLast4: number.slice(-4),
      });
    } else {
      expect(result).toMatchObject({ status: 'declined', code: outcome, message: expect.any(String) });
    }
  });

  it('documents the six cards with Stripe’s numbers', () => {
    expect(TEST_CARDS.map((c) => c.number)).toEqual([
      '4242 4242 4242 4242',
      '4000 0000 0000 0002',
      '4000 0000 0000 9995',
      '4000 0000 0000 0069',
      '4000 0000 0000 0127',
      '4000 0000 0000 0119',
    ]);
  });

  it('accepts the number with or without spaces and dashes', async () => {
    for (const n of ['4000000000009995', '4000-0000-0000-9995']) {
      expect(await sandbox.charge(chargeRequest(card(n)))).toMatchObject({ code: 'insufficient_funds' });
    }
  });

  it('charges any other Luhn-valid number and reports its last four digits', async () => {
    const result = await sandbox.charge(chargeRequest(card('5555555555554444')));
    expect(result).toMatchObject({ status: 'succeeded', cardLast4: '4444' });
  });

  it('declines a number that fails the Luhn check as incorrect_number', async () => {
    const result = await sandbox.charge(chargeRequest(card('4242424242424241')));
    expect(result).toMatchObject({ status: 'declined', code: 'incorrect_number', providerRef: null });
  });

  it('declines a card whose expiry month has passed, and accepts one expiring this month', async () => {
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const expired = card('4242424242424242', {
      month: lastMonth.getUTCMonth() + 1,
      year: lastMonth.getUTCFullYear(),
    });
    expect(await sandbox.charge(chargeRequest(expired))).toMatchObject({ code: 'expired_card' });

    const thisMonth = card('4242424242424242', { month: now.getUTCMonth() + 1, year: now.getUTCFullYear() });
    expect(await sandbox.charge(chargeRequest(thisMonth))).toMatchObject({ status: 'succeeded' });
  });

  it('refuses Stripe payment methods with a clear message', async () => {
    const result = await sandbox.charge(chargeRequest({ method: 'stripe', paymentMethodId: 'pm_card_visa' }));
    expect(result).toMatchObject({ status: 'declined', code: 'processing_error' });
    expect(result.status === 'declined' && result.message).toMatch(/PAYMENT_PROVIDER=stripe/);
  });
});

describe('sandbox idempotency and ledger', () => {
  it('charges a paymentId once, however often it is retried', async () => {
    const request = chargeRequest(card('4242 4242 4242 4242'));
    const first = await sandbox.charge(request);
    const second = await sandbox.charge({ ...request });
    expect(second).toEqual(first);
    expect(await ledger()).toMatchObject({ charges: 1, chargedMinor: 70_800 });
  });

  it('charges once when two retries arrive at the same time', async () => {
    process.env.SANDBOX_LATENCY_MS = '20';
    const request = chargeRequest(card('4242 4242 4242 4242'));
    const results = await Promise.all([
      sandbox.charge(request),
      sandbox.charge(request),
      sandbox.charge(request),
    ]);
    expect(new Set(results.map((r) => r.providerRef)).size).toBe(1);
    expect((await ledger()).charges).toBe(1);
  });

  it('gives a declined paymentId the same decline on retry, and counts it once', async () => {
    const request = chargeRequest(card('4000 0000 0000 0002'));
    expect(await sandbox.charge(request)).toEqual(await sandbox.charge(request));
    expect(await ledger()).toMatchObject({ charges: 0, declines: 1 });
  });

  it('refuses to reuse a paymentId for a different amount', async () => {
    const request = chargeRequest(card('4242 4242 4242 4242'));
    await sandbox.charge(request);
    await expect(sandbox.charge({ ...request, amountMinor: 1 })).rejects.toThrow(/different amount/);
  });

  it('gives every charge its own reference', async () => {
    const refs = new Set<string | null>();
    for (let i = 0; i < 20; i++)
      refs.add((await sandbox.charge(chargeRequest(card('4242424242424242')))).providerRef);
    expect(refs.size).toBe(20);
  });

  it('never keeps a card number, only the last four digits', async () => {
    await sandbox.charge(chargeRequest(card('4242 4242 4242 4242')));
    await sandbox.charge(chargeRequest(card('4000 0000 0000 9995')));
    const rows = await db().$queryRaw<unknown[]>`
      SELECT row_to_json(c)::text AS row FROM sandbox_charges c WHERE payment_id = ANY(${mine}::uuid[])`;
    const stored = JSON.stringify(rows);
    expect(rows).toHaveLength(2);
    expect(stored).toContain('4242');
    for (const secret of ['4242424242424242', '424242424242', '4000000000009995', '400000000000']) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).not.toContain('"123"');
  });

  it('waits SANDBOX_LATENCY_MS before answering', async () => {
    process.env.SANDBOX_LATENCY_MS = '60';
    const started = performance.now();
    await sandbox.charge(chargeRequest(card('4242424242424242')));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('sandbox refunds', () => {
  async function paid(amountMinor = 70_800): Promise<string> {
    const result = await sandbox.charge(chargeRequest(card('4242424242424242'), { amountMinor }));
    if (result.status !== 'succeeded') throw new Error('expected the test card to succeed');
    return result.providerRef;
  }

  function refundRequest(chargeRef: string, amountMinor: number, refundId: string = randomUUID()) {
    return { refundId, chargeRef, amountMinor, currency: 'INR', reason: 'customer cancelled' };
  }

  it('refunds in parts up to the charge, and never beyond it', async () => {
    const chargeRef = await paid(10_000);
    expect(await sandbox.refund(refundRequest(chargeRef, 6_000))).toEqual({
      status: 'succeeded',
      providerRef: expect.stringMatching(/^sbx_re_[0-9a-f]{24}$/),
    });
    const tooMuch = await sandbox.refund(refundRequest(chargeRef, 4_001));
    expect(tooMuch).toMatchObject({ status: 'failed', message: expect.stringMatching(/exceeds/) });
    expect(await sandbox.refund(refundRequest(chargeRef, 4_000))).toMatchObject({ status: 'succeeded' });
    expect(await sandbox.refund(refundRequest(chargeRef, 1))).toMatchObject({ status: 'failed' });
    expect(await ledger()).toMatchObject({ refunds: 2, refundedMinor: 10_000 });
  });

  it('refunds a refundId once, however often it is retried', async () => {
    const chargeRef = await paid(10_000);
    const request = refundRequest(chargeRef, 10_000);
    const first = await sandbox.refund(request);
    const again = await sandbox.refund({ ...request });
    expect(again).toEqual(first);
    expect(first.status).toBe('succeeded');
    expect(await ledger()).toMatchObject({ refunds: 1, refundedMinor: 10_000 });
  });

  it('cannot over-refund through concurrent refunds', async () => {
    process.env.SANDBOX_LATENCY_MS = '10';
    const chargeRef = await paid(10_000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => sandbox.refund(refundRequest(chargeRef, 3_000))),
    );
    expect(results.filter((r) => r.status === 'succeeded')).toHaveLength(3);
    expect((await ledger()).refundedMinor).toBe(9_000);
  });

  it('fails a refund of an unknown charge, a zero amount or another currency', async () => {
    expect(await sandbox.refund(refundRequest('sbx_ch_nope', 100))).toMatchObject({ status: 'failed' });
    const chargeRef = await paid();
    expect(await sandbox.refund(refundRequest(chargeRef, 0))).toMatchObject({ status: 'failed' });
    expect(await sandbox.refund({ ...refundRequest(chargeRef, 100), currency: 'USD' })).toMatchObject({
      status: 'failed',
    });
    expect((await ledger()).refunds).toBe(0);
  });
});

describe('the sandbox remembers', () => {
  it('refunds a charge from another process (a restart, another instance)', async () => {
    const charged = await sandbox.charge(chargeRequest(card('4242 4242 4242 4242'), { amountMinor: 50_000 }));
    if (charged.status !== 'succeeded') throw new Error('expected the test card to succeed');
    const request = {
      refundId: randomUUID(),
      chargeRef: charged.providerRef,
      amountMinor: 20_000,
      currency: 'INR',
      reason: 'customer cancelled',
    };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './server/preload.mjs',
        'tests/support/sandbox-refund-child.ts',
        JSON.stringify(request),
      ],
      { env: process.env, timeout: 30_000 },
    );
    const answer = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(answer).toEqual({ status: 'succeeded', providerRef: expect.stringMatching(/^sbx_re_/) });
    // This process sees what the other one did: the same refund id replays, the rest is limited.
    expect(await sandbox.refund(request)).toEqual(answer);
    expect(await sandbox.refund({ ...request, refundId: randomUUID(), amountMinor: 30_001 })).toMatchObject({
      status: 'failed',
    });
    expect(await ledger()).toMatchObject({ charges: 1, refunds: 1, refundedMinor: 20_000 });
  }, 60_000);

  it('tells what became of a payment: charged, declined, or never seen', async () => {
    const ok = chargeRequest(card('4242 4242 4242 4242'));
    const no = chargeRequest(card('4000 0000 0000 0002'));
    await sandbox.charge(ok);
    await sandbox.charge(no);
    const ref = (r: ChargeRequest) => ({
      paymentId: r.paymentId,
      providerRef: null,
      amountMinor: r.amountMinor,
      currency: 'INR',
    });
    expect(await sandbox.lookup(ref(ok))).toMatchObject({ status: 'succeeded', cardLast4: '4242' });
    expect(await sandbox.lookup(ref(no))).toMatchObject({ status: 'declined', code: 'card_declined' });
    expect(await sandbox.lookup({ ...ref(ok), paymentId: randomUUID() })).toEqual({ status: 'not_found' });
  });
});
