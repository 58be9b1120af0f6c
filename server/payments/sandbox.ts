import 'server-only';
import { randomBytes } from 'node:crypto';
import type { CardInput } from '@/lib/schemas/booking';
import { findTestCard, type TestCardOutcome } from '@/lib/test-cards';
import type {
  ChargeRequest,
  ChargeResult,
  DeclineCode,
  PaymentProvider,
  RefundRequest,
  RefundResult,
} from '@/server/payments/provider';

// The built-in payment provider for development, tests and demos. It behaves like a card
// processor: outcomes follow the documented test cards (lib/test-cards.ts), charges are
// idempotent by our payment id and refunds by our refund id, and refunds can never exceed the
// charge. Nothing leaves the process and no card number is kept: the ledger stores last4 only.
//
// SANDBOX_LATENCY_MS (read from process.env on each call, default 0) delays every charge and
// refund by that many milliseconds, to exercise the UI and timeouts as if a network call were
// made. It is read directly rather than through server/env.ts because it only matters here.

type ChargeEntry = {
  paymentId: string;
  amountMinor: number;
  currency: string;
  cardLast4: string;
  result: ChargeResult;
  /** Sum of succeeded refunds against this charge. */
  refundedMinor: number;
};

type RefundEntry = {
  refundId: string;
  chargeRef: string;
  amountMinor: number;
  result: RefundResult;
};

type Ledger = {
  /** By our paymentId: the idempotency key. */
  charges: Map<string, ChargeEntry>;
  /** Succeeded charges by their providerRef, for refunds. */
  chargesByRef: Map<string, ChargeEntry>;
  /** By our refundId: the idempotency key. */
  refunds: Map<string, RefundEntry>;
};

// One ledger per process, even though Next's bundle and the custom server each load this module:
// otherwise a refund issued from one copy could not find a charge made through the other.
const g = globalThis as typeof globalThis & { __marqueeSandboxLedger?: Ledger };

function ledger(): Ledger {
  g.__marqueeSandboxLedger ??= { charges: new Map(), chargesByRef: new Map(), refunds: new Map() };
  return g.__marqueeSandboxLedger;
}

export type SandboxLedgerSummary = {
  /** Succeeded charges. */
  charges: number;
  /** Declined charge attempts (one per paymentId). */
  declines: number;
  /** Succeeded refunds. */
  refunds: number;
  /** Sum of succeeded charges and of succeeded refunds, minor units. */
  chargedMinor: number;
  refundedMinor: number;
};

/** Counts for tests and the dev dashboard; the ledger holds no card numbers to leak. */
export function sandboxLedger(): SandboxLedgerSummary {
  const l = ledger();
  let charges = 0;
  let declines = 0;
  let chargedMinor = 0;
  for (const c of l.charges.values()) {
    if (c.result.status === 'succeeded') {
      charges += 1;
      chargedMinor += c.amountMinor;
    } else declines += 1;
  }
  let refunds = 0;
  let refundedMinor = 0;
  for (const r of l.refunds.values()) {
    if (r.result.status === 'succeeded') {
      refunds += 1;
      refundedMinor += r.amountMinor;
    }
  }
  return { charges, declines, refunds, chargedMinor, refundedMinor };
}

/** Forget every charge and refund (tests only). */
export function resetSandboxLedger(): void {
  g.__marqueeSandboxLedger = undefined;
}

// Customer-facing wording, close to what card processors return for the same codes.
const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
};

// Every decline a test card can produce must be one the provider interface knows.
const TEST_CARD_DECLINES: Record<Exclude<TestCardOutcome, 'succeeded'>, DeclineCode> = {
  card_declined: 'card_declined',
  insufficient_funds: 'insufficient_funds',
  expired_card: 'expired_card',
  incorrect_cvc: 'incorrect_cvc',
  processing_error: 'processing_error',
};

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A card is valid through the last day of its expiry month. */
function expired(card: CardInput, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}

/** The outcome the sandbox's rules give this card; null means it succeeds. */
function declineFor(card: CardInput, now: Date): DeclineCode | null {
  const digits = card.number.replace(/[\s-]/g, '');
  if (!luhnValid(digits)) return 'incorrect_number';
  if (expired(card, now)) return 'expired_card';
  const testCard = findTestCard(digits);
  if (!testCard || testCard.outcome === 'succeeded') return null;
  return TEST_CARD_DECLINES[testCard.outcome];
}

function latencyMs(): number {
  const n = Number(process.env.SANDBOX_LATENCY_MS ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 60_000) : 0;
}

async function simulateNetwork(): Promise<void> {
  const ms = latencyMs();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

function ref(kind: 'ch' | 're'): string {
  return `sbx_${kind}_${randomBytes(12).toString('hex')}`;
}

function charge(request: ChargeRequest, now: Date): ChargeResult {
  const l = ledger();
  const previous = l.charges.get(request.paymentId);
  if (previous) {
    // Like Stripe's idempotency keys: a retry gets the first answer, but reusing the key for a
    // different charge is a bug in the caller, not something to paper over.
    if (previous.amountMinor !== request.amountMinor || previous.currency !== request.currency) {
      throw new Error(
        `sandbox: payment ${request.paymentId} was already charged with a different amount or currency`,
      );
    }
    return previous.result;
  }

  let result: ChargeResult;
  let cardLast4 = '';
  if (request.payment.method !== 'card') {
    result = {
      status: 'declined',
      providerRef: null,
      code: 'processing_error',
      message:
        'The sandbox payment provider accepts card details only; Stripe payment methods need STRIPE_SECRET_KEY.',
    };
  } else if (!Number.isInteger(request.amountMinor) || request.amountMinor <= 0) {
    // Callers never charge zero (a free booking skips payment); a processor would refuse it too.
    throw new Error(`sandbox: cannot charge ${request.amountMinor} ${request.currency}`);
  } else {
    const digits = request.payment.card.number.replace(/[\s-]/g, '');
    cardLast4 = digits.slice(-4);
    const code = declineFor(request.payment.card, now);
    result =
      code === null
        ? { status: 'succeeded', providerRef: ref('ch'), cardLast4 }
        : { status: 'declined', providerRef: null, code, message: DECLINE_MESSAGES[code] };
  }

  const entry: ChargeEntry = {
    paymentId: request.paymentId,
    amountMinor: request.amountMinor,
    currency: request.currency,
    cardLast4,
    result,
    refundedMinor: 0,
  };
  l.charges.set(request.paymentId, entry);
  if (result.status === 'succeeded') l.chargesByRef.set(result.providerRef, entry);
  return result;
}

function refund(request: RefundRequest): RefundResult {
  const l = ledger();
  const previous = l.refunds.get(request.refundId);
  if (previous) {
    if (previous.chargeRef !== request.chargeRef || previous.amountMinor !== request.amountMinor) {
      throw new Error(`sandbox: refund ${request.refundId} was already issued with different parameters`);
    }
    return previous.result;
  }

  const target = l.chargesByRef.get(request.chargeRef);
  let result: RefundResult;
  if (!target) {
    result = { status: 'failed', message: `No such charge: ${request.chargeRef}` };
  } else if (!Number.isInteger(request.amountMinor) || request.amountMinor <= 0) {
    result = { status: 'failed', message: 'The refund amount must be a positive number of minor units.' };
  } else if (target.currency !== request.currency) {
    result = {
      status: 'failed',
      message: `The refund currency ${request.currency} does not match the charge's ${target.currency}.`,
    };
  } else if (target.refundedMinor + request.amountMinor > target.amountMinor) {
    const left = target.amountMinor - target.refundedMinor;
    result = {
      status: 'failed',
      message: `Refund of ${request.amountMinor} exceeds the ${left} ${target.currency} left to refund on this charge.`,
    };
  } else {
    target.refundedMinor += request.amountMinor;
    result = { status: 'succeeded', providerRef: ref('re') };
  }

  // Failed refunds are remembered too, so a retry with the same id gets the same answer.
  l.refunds.set(request.refundId, {
    refundId: request.refundId,
    chargeRef: request.chargeRef,
    amountMinor: request.amountMinor,
    result,
  });
  return result;
}

export function createSandboxProvider(): PaymentProvider {
  return {
    name: 'sandbox',
    async charge(request) {
      await simulateNetwork();
      // Decided and recorded synchronously after the wait, so two concurrent calls with one
      // paymentId cannot both see an empty ledger.
      return charge(request, new Date());
    },
    async refund(request) {
      await simulateNetwork();
      return refund(request);
    },
  };
}
