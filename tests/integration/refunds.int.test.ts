import { afterEach, describe, expect, it } from 'vitest';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { REFUND_MAX_ATTEMPTS, refundBackoffSeconds, retryRefunds } from '@/server/booking/refund-payment';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { PAYMENT_PROVIDER, paymentProvider } from '@/server/payments';
import type { PaymentProvider } from '@/server/payments/provider';
import { listRefunds } from '@/server/refunds/list-refunds';
import { retryRefund } from '@/server/refunds/retry-refund';
import { setSingleton } from '@/server/singleton';
import { createBookableShowtime, createUser } from '../support/factories';

// Refunds finish or are seen: a refund the provider will not take is retried with backoff a
// bounded number of times, then FAILED, audited, told truthfully to the customer, and listed for
// the cinema's managers, who can send it again.

const real = paymentProvider();
afterEach(() => {
  setSingleton(PAYMENT_PROVIDER, real);
});

const refusing: PaymentProvider = {
  ...real,
  async refund() {
    return { status: 'failed', message: 'the card account was closed' };
  },
};

const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2031, cvc: '123' },
};

function viewerOf(
  u: { id: string; name: string; email: string | null },
  role: Viewer['role'],
  cinemas: string[],
): Viewer {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role,
    staffCinemaIds: cinemas,
    managedCinemaIds: role === 'MANAGER' ? cinemas : [],
  };
}

async function cancelledBooking() {
  const { showtime, seats, screen } = await createBookableShowtime({
    startsAt: new Date(Date.now() + 3 * 86_400_000),
  });
  const user = await createUser();
  const hold = await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
  const { booking } = await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS });
  const customer = viewerOf(user, 'CUSTOMER', []);
  const result = await cancelBooking({
    reference: booking.reference,
    viewer: customer,
    reason: 'Plans changed',
  });
  const refund = await db().refund.findFirstOrThrow({ where: { booking: { reference: booking.reference } } });
  return { user, booking, result, refund, cinemaId: screen.cinemaId };
}

/** Makes the refund due now, as if its backoff had passed. */
// A second in the past, not now(): the job compares with the Node clock in whole milliseconds, and
// PostgreSQL's now() (in microseconds) could land later in the same millisecond; then the job
// skipped the refund once and this test read the due time it had just written as a wait.
const makeDue = (id: string) =>
  db().$executeRaw`
    UPDATE refunds SET next_attempt_at = now() - interval '1 second', updated_at = now() - interval '1 minute'
    WHERE id = ${id}::uuid`;

const refundRow = (id: string) =>
  db().refund.findUniqueOrThrow({
    where: { id },
    select: { status: true, attempts: true, lastError: true, nextAttemptAt: true, updatedAt: true },
  });

describe('refunds the provider will not take', () => {
  it('are retried with growing backoff, then FAILED after a bounded number of tries: audited, told, listed', async () => {
    setSingleton(PAYMENT_PROVIDER, refusing);
    const { user, refund, result, cinemaId, booking } = await cancelledBooking();
    expect(result.refund).toMatchObject({ status: 'PENDING' });
    let row = await refundRow(refund.id);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'the card account was closed' });

    const waits: number[] = [];
    while (row.status === 'PENDING') {
      waits.push(Math.round((row.nextAttemptAt.getTime() - row.updatedAt.getTime()) / 1000));
      await makeDue(refund.id);
      await retryRefunds();
      row = await refundRow(refund.id);
      expect(row.attempts).toBeLessThanOrEqual(REFUND_MAX_ATTEMPTS);
    }
    expect(row).toMatchObject({ status: 'FAILED', attempts: REFUND_MAX_ATTEMPTS });
    expect(waits).toEqual(
      Array.from({ length: REFUND_MAX_ATTEMPTS - 1 }, (_, i) => refundBackoffSeconds(i + 1)),
    );
    // No loop runs forever: a FAILED refund is not sent again by the job.
    await makeDue(refund.id);
    await retryRefunds();
    expect(await refundRow(refund.id)).toMatchObject({ status: 'FAILED', attempts: REFUND_MAX_ATTEMPTS });

    const audit = await db().auditLog.findFirst({ where: { action: 'refund.failed', entityId: refund.id } });
    expect(audit?.after).toMatchObject({ status: 'FAILED', attempts: REFUND_MAX_ATTEMPTS });
    const told = await db().notificationOutbox.findFirst({
      where: { kind: 'refund.failed', recipient: user.email ?? '' },
    });
    expect(told?.payload).toMatchObject({ reference: booking.reference, refundId: refund.id });

    const manager = await createUser({ role: 'MANAGER' });
    const elsewhere = await createUser({ role: 'MANAGER' });
    const listed = await listRefunds({ viewer: viewerOf(manager, 'MANAGER', [cinemaId]) });
    expect(listed.find((r) => r.id === refund.id)).toMatchObject({
      status: 'FAILED',
      bookingReference: booking.reference,
      attempts: REFUND_MAX_ATTEMPTS,
      lastError: 'the card account was closed',
      customer: { email: user.email },
    });
    const otherCinema = await listRefunds({ viewer: viewerOf(elsewhere, 'MANAGER', []) });
    expect(otherCinema.some((r) => r.id === refund.id)).toBe(false);
  });

  it('a manager sends a FAILED refund again: it goes through, is audited, and the customer hears the good news', async () => {
    setSingleton(PAYMENT_PROVIDER, refusing);
    const { user, refund, cinemaId } = await cancelledBooking();
    await db().$executeRaw`UPDATE refunds SET status = 'FAILED', attempts = 6 WHERE id = ${refund.id}::uuid`;
    const manager = await createUser({ role: 'MANAGER' });
    const asManager = viewerOf(manager, 'MANAGER', [cinemaId]);

    // Still refused: a fresh round of retries, not an endless one.
    expect(await retryRefund({ viewer: asManager, refundId: refund.id })).toEqual({
      id: refund.id,
      status: 'PENDING',
    });
    await db().$executeRaw`UPDATE refunds SET status = 'FAILED' WHERE id = ${refund.id}::uuid`;

    setSingleton(PAYMENT_PROVIDER, real);
    expect(await retryRefund({ viewer: asManager, refundId: refund.id })).toEqual({
      id: refund.id,
      status: 'SUCCEEDED',
    });
    const audits = await db().auditLog.findMany({
      where: { action: 'refund.retry', entityId: refund.id },
      select: { actorId: true },
    });
    expect(audits).toEqual([{ actorId: manager.id }, { actorId: manager.id }]);
    expect(
      await db().notificationOutbox.count({
        where: { kind: 'refund.succeeded', recipient: user.email ?? '' },
      }),
    ).toBe(1);

    const again = await retryRefund({ viewer: asManager, refundId: refund.id }).catch(toAppError);
    expect(again).toMatchObject({ code: 'CONFLICT' });
    const stranger = await createUser({ role: 'MANAGER' });
    const hidden = await retryRefund({
      viewer: viewerOf(stranger, 'MANAGER', []),
      refundId: refund.id,
    }).catch(toAppError);
    expect(hidden).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a refund that succeeds on its first try queues its good news once (the mail is skipped if the cancellation already said it)', async () => {
    const { user, refund } = await cancelledBooking();
    expect(await refundRow(refund.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastError: null });
    const queued = await db().notificationOutbox.findMany({
      where: { kind: { in: ['refund.succeeded', 'refund.failed'] }, recipient: user.email ?? '' },
      select: { kind: true },
    });
    expect(queued).toEqual([{ kind: 'refund.succeeded' }]);
  });
});
