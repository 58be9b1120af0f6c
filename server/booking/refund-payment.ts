import 'server-only';
import { recordAudit } from '@/server/audit/record-audit';
import { db } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { log } from '@/server/log';
import { countRefund } from '@/server/metrics/use-cases';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { paymentProvider } from '@/server/payments';

// Sends a recorded refund to the provider and records the answer. The refund's id is the
// provider's idempotency key, so sending it again after a timeout or a crash never refunds twice.
// A refund the provider does not confirm is sent again with exponential backoff; after
// REFUND_MAX_ATTEMPTS it is FAILED: no loop runs forever. A FAILED refund is audited, the customer
// is told the truth (it needs attention), and the cinema's managers see it in /admin/refunds,
// where they can send it again (retryRefund).

export const REFUND_MAX_ATTEMPTS = 6;

/** Seconds before the next send after `attempts` failed ones: 1, 2, 4, 8, 16 minutes. */
export function refundBackoffSeconds(attempts: number): number {
  return 60 * 2 ** Math.max(0, attempts - 1);
}

export type RefundOutcome = 'SUCCEEDED' | 'PENDING' | 'FAILED';

export async function sendRefund(refundId: string): Promise<RefundOutcome> {
  const refund = await db().refund.findUniqueOrThrow({
    where: { id: refundId },
    select: {
      amountMinor: true,
      reason: true,
      status: true,
      attempts: true,
      payment: { select: { provider: true, providerRef: true, currency: true } },
    },
  });
  if (refund.status !== 'PENDING') return refund.status;
  // A box-office payment has no gateway to send it to: the cash or card-terminal refund is made at
  // the counter (server/boxoffice/refund-counter-payment.ts); one recorded here needs a person.
  const atCounter = refund.payment.provider === 'counter';
  const result = atCounter
    ? {
        status: 'failed' as const,
        message: 'paid at the box office: hand the money back at the counter, then mark it paid there',
      }
    : refund.payment.providerRef
      ? await paymentProvider()
          .refund({
            refundId,
            chargeRef: refund.payment.providerRef,
            amountMinor: refund.amountMinor,
            currency: refund.payment.currency,
            reason: refund.reason,
          })
          .catch((error: unknown) => ({
            status: 'failed' as const,
            message: error instanceof Error ? error.message : String(error),
          }))
      : { status: 'failed' as const, message: 'the payment has no provider reference to refund' };

  // Whether this call recorded the outcome (not another sender that settled it first): only then
  // is it counted. Reset on each attempt, since the transaction may run again.
  let recorded = false;
  const outcome = await readCommitted(async (tx) => {
    recorded = false;
    // Only a PENDING refund is settled here, once: two senders racing (the job and a manager's
    // retry) cannot both record an outcome.
    const [row] = await tx.$queryRaw<
      {
        status: string;
        attempts: number;
        last_error: string | null;
        booking_reference: string | null;
        email: string | null;
        currency: string;
      }[]
    >`
      SELECT r.status::text, r.attempts, r.last_error, b.reference AS booking_reference,
             coalesce(b.customer_email, u.email) AS email, p.currency
      FROM refunds r JOIN payments p ON p.id = r.payment_id
      JOIN seat_holds h ON h.id = p.hold_id LEFT JOIN users u ON u.id = h.user_id
      LEFT JOIN bookings b ON b.id = r.booking_id
      WHERE r.id = ${refundId}::uuid FOR UPDATE OF r`;
    if (row?.status !== 'PENDING') return (row?.status ?? 'FAILED') as RefundOutcome;
    recorded = true;
    const attempts = row.attempts + 1;
    const payload = {
      reference: row.booking_reference,
      refundId,
      amountMinor: refund.amountMinor,
      currency: row.currency,
    };
    if (result.status === 'succeeded') {
      await tx.refund.update({
        where: { id: refundId },
        data: { status: 'SUCCEEDED', providerRef: result.providerRef, attempts, lastError: null },
      });
      // The customer hears when it is done; the mail is skipped when the cancellation (or
      // reversal) mail already said so (server/mail/notification-mail.ts).
      if (row.email)
        await enqueueNotification(tx, { kind: 'refund.succeeded', recipient: row.email, payload });
      return 'SUCCEEDED';
    }
    const lastError = result.message.slice(0, 500);
    // Retrying cannot help a counter refund: it needs a person at once (settle-counter-refund.ts).
    if (attempts < REFUND_MAX_ATTEMPTS && !atCounter) {
      log.warn('refund failed; will retry', { refundId, attempts, reason: lastError });
      await tx.refund.update({
        where: { id: refundId },
        data: {
          attempts,
          lastError,
          nextAttemptAt: new Date(Date.now() + refundBackoffSeconds(attempts) * 1000),
        },
      });
      return 'PENDING';
    }
    log.error('refund failed for good; a manager must act', { refundId, attempts, reason: lastError });
    await tx.refund.update({ where: { id: refundId }, data: { status: 'FAILED', attempts, lastError } });
    await recordAudit(tx, {
      actor: null,
      action: 'refund.failed',
      entityType: 'refund',
      entityId: refundId,
      before: { status: 'PENDING', attempts: row.attempts },
      after: { status: 'FAILED', attempts, lastError },
    });
    // A walk-in is not told a refund "failed": the counter pays it when they come back.
    if (row.email && !atCounter)
      await enqueueNotification(tx, { kind: 'refund.failed', recipient: row.email, payload });
    return 'FAILED';
  });
  if (recorded)
    countRefund(outcome === 'SUCCEEDED' ? 'succeeded' : outcome === 'PENDING' ? 'pending' : 'failed');
  return outcome;
}

/** Sends the refunds that are due (run by the scheduler). */
export async function retryRefunds(): Promise<{ sent: number; succeeded: number }> {
  const due = await db().refund.findMany({
    // Not one just written: its first send is under way in the request that recorded it.
    where: {
      status: 'PENDING',
      nextAttemptAt: { lte: new Date() },
      updatedAt: { lt: new Date(Date.now() - 20_000) },
    },
    select: { id: true },
    orderBy: { nextAttemptAt: 'asc' },
    take: 50,
  });
  let succeeded = 0;
  for (const r of due) if ((await sendRefund(r.id)) === 'SUCCEEDED') succeeded++;
  return { sent: due.length, succeeded };
}
