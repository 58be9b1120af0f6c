import 'server-only';
import { randomBytes } from 'node:crypto';
import type { CardInput } from '@/lib/schemas/booking';
import { findTestCard, type TestCardOutcome } from '@/lib/test-cards';
import { db } from '@/server/db';
import type {
  ChargeRequest,
  ChargeResult,
  DeclineCode,
  LookupResult,
  PaymentProvider,
  PaymentRef,
  RefundRequest,
  RefundResult,
} from '@/server/payments/provider';

// The built-in payment provider for development, tests and demos (PAYMENT_PROVIDER=sandbox; every
// page, ticket and mail then says TEST MODE). It behaves like a card processor: outcomes follow
// the documented test cards (lib/test-cards.ts), charges are idempotent by our payment id and
// refunds by our refund id, and refunds can never exceed the charge. Its ledger lives in
// PostgreSQL (sandbox_charges, sandbox_refunds), so a refund works after a restart and from any
// instance, and the reconciler can ask what became of a payment whose answer was lost. No card
// number is kept: the ledger stores the last four digits only.
//
// SANDBOX_LATENCY_MS (read from process.env on each call, default 0) delays every charge and
// refund by that many milliseconds, to exercise the UI and timeouts as if a network call were
// made. It is read directly rather than through server/env.ts because it only matters here.

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

function luhnValid(digits: string): boolean {
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

type ChargeRow = {
  provider_ref: string | null;
  amount_minor: number;
  currency: string;
  card_last4: string;
  decline_code: string | null;
};

function resultOf(row: ChargeRow): ChargeResult & LookupResult {
  if (row.provider_ref)
    return { status: 'succeeded', providerRef: row.provider_ref, cardLast4: row.card_last4 };
  const code = row.decline_code as DeclineCode;
  return { status: 'declined', providerRef: null, code, message: DECLINE_MESSAGES[code] };
}

async function charge(request: ChargeRequest, now: Date): Promise<ChargeResult> {
  if (request.payment.method !== 'card') {
    return {
      status: 'declined',
      providerRef: null,
      code: 'processing_error',
      message:
        'The sandbox payment provider accepts card details only; Stripe payment methods need PAYMENT_PROVIDER=stripe.',
    };
  }
  if (!Number.isInteger(request.amountMinor) || request.amountMinor <= 0) {
    // Callers never charge zero (a free booking skips payment); a processor would refuse it too.
    throw new Error(`sandbox: cannot charge ${request.amountMinor} ${request.currency}`);
  }
  const digits = request.payment.card.number.replace(/[\s-]/g, '');
  const code = declineFor(request.payment.card, now);
  // The primary key is the idempotency key: of two concurrent charges with one payment id,
  // exactly one inserts, and the other reads what it wrote.
  const [inserted] = await db().$queryRaw<ChargeRow[]>`
    INSERT INTO sandbox_charges (payment_id, provider_ref, amount_minor, currency, card_last4, decline_code)
    VALUES (${request.paymentId}::uuid, ${code === null ? ref('ch') : null}, ${request.amountMinor},
            ${request.currency}, ${digits.slice(-4)}, ${code})
    ON CONFLICT (payment_id) DO NOTHING
    RETURNING provider_ref, amount_minor, currency, card_last4, decline_code`;
  if (inserted) return resultOf(inserted);
  const [previous] = await db().$queryRaw<ChargeRow[]>`
    SELECT provider_ref, amount_minor, currency, card_last4, decline_code
    FROM sandbox_charges WHERE payment_id = ${request.paymentId}::uuid`;
  if (!previous) throw new Error(`sandbox: charge ${request.paymentId} vanished`);
  // Like Stripe's idempotency keys: a retry gets the first answer, but reusing the key for a
  // different charge is a bug in the caller, not something to paper over.
  if (previous.amount_minor !== request.amountMinor || previous.currency !== request.currency) {
    throw new Error(
      `sandbox: payment ${request.paymentId} was already charged with a different amount or currency`,
    );
  }
  return resultOf(previous);
}

type RefundRow = {
  charge_ref: string;
  amount_minor: number;
  provider_ref: string | null;
  message: string | null;
};

const refundResult = (row: RefundRow): RefundResult =>
  row.provider_ref
    ? { status: 'succeeded', providerRef: row.provider_ref }
    : { status: 'failed', message: row.message ?? 'refused' };

async function refund(request: RefundRequest): Promise<RefundResult> {
  return db().$transaction(async (tx) => {
    // The charge's row lock puts concurrent refunds of one charge in a line, so the running total
    // is read and raised by one of them at a time (the CHECK on refunded_minor backs it up).
    const [target] = await tx.$queryRaw<{ amount_minor: number; refunded_minor: number; currency: string }[]>`
      SELECT amount_minor, refunded_minor, currency FROM sandbox_charges
      WHERE provider_ref = ${request.chargeRef} FOR UPDATE`;
    const [previous] = await tx.$queryRaw<RefundRow[]>`
      SELECT charge_ref, amount_minor, provider_ref, message FROM sandbox_refunds
      WHERE refund_id = ${request.refundId}::uuid`;
    if (previous) {
      if (previous.charge_ref !== request.chargeRef || previous.amount_minor !== request.amountMinor) {
        throw new Error(`sandbox: refund ${request.refundId} was already issued with different parameters`);
      }
      return refundResult(previous);
    }
    let message: string | null = null;
    if (!target) {
      message = `No such charge: ${request.chargeRef}`;
    } else if (!Number.isInteger(request.amountMinor) || request.amountMinor <= 0) {
      message = 'The refund amount must be a positive number of minor units.';
    } else if (target.currency !== request.currency) {
      message = `The refund currency ${request.currency} does not match the charge's ${target.currency}.`;
    } else if (target.refunded_minor + request.amountMinor > target.amount_minor) {
      const left = target.amount_minor - target.refunded_minor;
      message = `Refund of ${request.amountMinor} exceeds the ${left} ${target.currency} left to refund on this charge.`;
    }
    const providerRef = message === null ? ref('re') : null;
    if (providerRef) {
      await tx.$executeRaw`
        UPDATE sandbox_charges SET refunded_minor = refunded_minor + ${request.amountMinor}
        WHERE provider_ref = ${request.chargeRef}`;
    }
    // Refused refunds are remembered too, so a retry with the same id gets the same answer. A
    // zero amount cannot be stored (CHECK); it is refused afresh each time, which is the same answer.
    if (request.amountMinor > 0) {
      await tx.$executeRaw`
        INSERT INTO sandbox_refunds (refund_id, charge_ref, amount_minor, provider_ref, message)
        VALUES (${request.refundId}::uuid, ${request.chargeRef}, ${request.amountMinor}, ${providerRef}, ${message})
        ON CONFLICT (refund_id) DO NOTHING`;
    }
    return providerRef
      ? { status: 'succeeded' as const, providerRef }
      : { status: 'failed' as const, message: message ?? 'refused' };
  });
}

async function lookup(payment: PaymentRef): Promise<LookupResult> {
  const [row] = await db().$queryRaw<ChargeRow[]>`
    SELECT provider_ref, amount_minor, currency, card_last4, decline_code
    FROM sandbox_charges WHERE payment_id = ${payment.paymentId}::uuid`;
  return row ? resultOf(row) : { status: 'not_found' };
}

export function createSandboxProvider(): PaymentProvider {
  return {
    name: 'sandbox',
    async charge(request) {
      await simulateNetwork();
      return charge(request, new Date());
    },
    async refund(request) {
      await simulateNetwork();
      return refund(request);
    },
    lookup,
    // A sandbox charge is decided the moment it is made: nothing is ever left open to stop.
    async cancel(payment) {
      return (await lookup(payment)).status === 'not_found';
    },
  };
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

/**
 * Counts for tests and drills, limited to the payments of one showtime or to given payment ids
 * (test files run in parallel against one database). The ledger holds no card numbers to leak.
 */
export async function sandboxLedger(
  scope: { showtimeId: string } | { paymentIds: string[] },
): Promise<SandboxLedgerSummary> {
  const [row] = await db().$queryRawUnsafe<SandboxLedgerSummary[]>(
    `WITH scoped AS (
       SELECT c.* FROM sandbox_charges c
       WHERE ${
         'showtimeId' in scope
           ? `c.payment_id IN (SELECT p.id FROM payments p JOIN seat_holds h ON h.id = p.hold_id WHERE h.showtime_id = $1::uuid)`
           : `c.payment_id = ANY($1::uuid[])`
       }
     )
     SELECT (SELECT count(*) FROM scoped WHERE provider_ref IS NOT NULL)::int AS charges,
            (SELECT count(*) FROM scoped WHERE provider_ref IS NULL)::int AS declines,
            (SELECT coalesce(sum(amount_minor), 0) FROM scoped WHERE provider_ref IS NOT NULL)::int AS "chargedMinor",
            (SELECT count(*) FROM sandbox_refunds r JOIN scoped s ON s.provider_ref = r.charge_ref
              WHERE r.provider_ref IS NOT NULL)::int AS refunds,
            (SELECT coalesce(sum(r.amount_minor), 0) FROM sandbox_refunds r JOIN scoped s ON s.provider_ref = r.charge_ref
              WHERE r.provider_ref IS NOT NULL)::int AS "refundedMinor"`,
    'showtimeId' in scope ? scope.showtimeId : scope.paymentIds,
  );
  return row ?? { charges: 0, declines: 0, refunds: 0, chargedMinor: 0, refundedMinor: 0 };
}
