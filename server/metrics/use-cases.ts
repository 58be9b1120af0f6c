import 'server-only';
import { isAppError } from '@/lib/errors';
import { metrics } from '@/server/metrics/registry';

// What the booking use cases record: a count by outcome and, for holds and checkouts, how long
// they took. Outcomes are `ok` or the AppError's code in lower case (a fixed set, lib/errors.ts);
// anything else is `error`, so no message or id ever becomes a label value.

export function errorOutcome(error: unknown): string {
  return isAppError(error) ? error.code.toLowerCase() : 'error';
}

async function timed<T>(
  fn: () => Promise<T>,
  record: (outcome: string, seconds: number) => void,
  outcomeOf: (result: T) => string = () => 'ok',
  failureOf: (error: unknown) => string = errorOutcome,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await fn();
    record(outcomeOf(result), (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    record(failureOf(error), (performance.now() - started) / 1000);
    throw error;
  }
}

export function measureHold<T>(fn: () => Promise<T>): Promise<T> {
  return timed(fn, (outcome, seconds) => {
    const m = metrics();
    m.holds.inc({ outcome });
    m.holdDuration.observe({ outcome }, seconds);
  });
}

export function measureCheckout<T extends { replayed: boolean }>(fn: () => Promise<T>): Promise<T> {
  return timed(
    fn,
    (outcome, seconds) => {
      const m = metrics();
      m.checkouts.inc({ outcome });
      m.checkoutDuration.observe({ outcome }, seconds);
    },
    (result) => (result.replayed ? 'replayed' : 'ok'),
  );
}

/** A booking written (counted once, by whichever path wrote it): online, or at the box office. */
export function countBooking(channel: 'online' | 'counter'): void {
  metrics().bookings.inc({ channel });
}

export function countRefund(outcome: 'succeeded' | 'pending' | 'failed'): void {
  metrics().refunds.inc({ outcome });
}

/** Refusals a doorman acts on (details.reason of check-in-ticket.ts), each its own outcome. */
const CHECK_IN_REASONS = new Set(['already-used', 'too-early', 'show-ended', 'cancelled', 'other-show']);

/** The outcome label of a refused check-in: its reason when it has a known one. */
function checkInOutcome(error: unknown): string {
  if (isAppError(error)) {
    const reason = (error.details as { reason?: unknown } | undefined)?.reason;
    if (typeof reason === 'string' && CHECK_IN_REASONS.has(reason)) return reason;
  }
  return errorOutcome(error);
}

export function measureCheckIn<T>(mode: 'online' | 'offline', fn: () => Promise<T>): Promise<T> {
  return timed(
    fn,
    (outcome) => metrics().checkIns.inc({ outcome, mode }),
    () => 'admitted',
    checkInOutcome,
  );
}

export function countSerializationRetry(transaction: string | undefined): void {
  metrics().txRetries.inc({ transaction: transaction || 'unnamed' });
}

export function countSerializationGiveUp(transaction: string | undefined): void {
  metrics().txGiveUps.inc({ transaction: transaction || 'unnamed' });
}
