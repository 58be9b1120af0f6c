import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { type RefundOutcome, sendRefund } from '@/server/booking/refund-payment';
import { readCommitted } from '@/server/db/transaction';

/**
 * A manager sends a FAILED refund again (after fixing what stopped it, or because the provider
 * was down for long). It gets a fresh round of bounded retries; the change is audited.
 */
export async function retryRefund(options: {
  viewer: Viewer;
  refundId: string;
}): Promise<{ id: string; status: RefundOutcome }> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  await readCommitted(async (tx) => {
    const [refund] = await tx.$queryRaw<{ status: string; attempts: number; cinema_id: string }[]>`
      SELECT r.status::text, r.attempts, sc.cinema_id::text
      FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN seat_holds h ON h.id = p.hold_id
      JOIN showtimes s ON s.id = h.showtime_id JOIN screens sc ON sc.id = s.screen_id
      WHERE r.id = ${options.refundId}::uuid FOR UPDATE OF r`;
    // Another cinema's refund is "not found" to a manager: ids must not be probeable.
    if (!refund || (viewer.role !== 'ADMIN' && !viewer.managedCinemaIds.includes(refund.cinema_id))) {
      throw new AppError('NOT_FOUND', 'Refund not found.');
    }
    if (refund.status !== 'FAILED') {
      throw new AppError('CONFLICT', `This refund is ${refund.status.toLowerCase()}, not failed.`);
    }
    await tx.refund.update({
      where: { id: options.refundId },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date() },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: 'refund.retry',
      entityType: 'refund',
      entityId: options.refundId,
      before: { status: 'FAILED', attempts: refund.attempts },
      after: { status: 'PENDING', attempts: 0 },
    });
  });
  return { id: options.refundId, status: await sendRefund(options.refundId) };
}
