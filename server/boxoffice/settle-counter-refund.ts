import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import { allows, authorize, type Viewer } from '@/server/auth/session';
import { COUNTER_PROVIDER } from '@/server/booking/checkout';
import { openTillOf } from '@/server/boxoffice/list-tills';
import { readCommitted } from '@/server/db/transaction';

// A refund owed on a counter sale that nobody could hand over when it was recorded: cancelling a
// show refunds every booking, and a sale paid in cash or on the card terminal has no gateway to
// send the money back through (server/booking/refund-payment.ts marks it FAILED at once, for a
// person). When the customer comes back, whoever hands the money over marks it paid here: out of
// their open till (cash needs one), audited. Staff of the cinema may do it, as any of them may be
// at the counter when the customer returns; managers and admins too.

export async function settleCounterRefund(options: {
  viewer: Viewer;
  refundId: string;
}): Promise<{ id: string; status: 'SUCCEEDED'; tillId: string | null }> {
  const viewer = authorize(options.viewer, { roles: ['STAFF', 'MANAGER'] });
  return readCommitted(async (tx) => {
    const [refund] = await tx.$queryRaw<
      { status: string; provider: string; method: string | null; cinema_id: string; amount_minor: number }[]
    >`
      SELECT r.status::text, p.provider, p.method, sc.cinema_id::text, r.amount_minor
      FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN seat_holds h ON h.id = p.hold_id
      JOIN showtimes s ON s.id = h.showtime_id JOIN screens sc ON sc.id = s.screen_id
      WHERE r.id = ${options.refundId}::uuid FOR UPDATE OF r`;
    // Another cinema's refund is "not found": ids must not be probeable.
    if (!refund || !allows(viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: refund.cinema_id })) {
      throw new AppError('NOT_FOUND', 'Refund not found.');
    }
    if (refund.provider !== COUNTER_PROVIDER) {
      throw new AppError(
        'CONFLICT',
        'This refund goes back to a card, not over the counter: retry it instead.',
        {
          details: { reason: 'not-counter' },
        },
      );
    }
    if (refund.status === 'SUCCEEDED') {
      throw new AppError('CONFLICT', 'This refund was already paid back.', {
        details: { reason: 'settled' },
      });
    }
    const till = await openTillOf(viewer, refund.cinema_id, tx);
    if (refund.method === 'CASH' && !till) {
      throw new AppError('CONFLICT', 'Open your till first: cash is paid back from a till.', {
        details: { reason: 'till-closed' },
      });
    }
    await tx.refund.update({
      where: { id: options.refundId },
      data: { status: 'SUCCEEDED', tillId: till?.id ?? null, lastError: null },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: 'refund.paid-at-counter',
      entityType: 'refund',
      entityId: options.refundId,
      before: { status: refund.status },
      after: {
        status: 'SUCCEEDED',
        tillId: till?.id ?? null,
        method: refund.method,
        amountMinor: refund.amount_minor,
      },
    });
    return { id: options.refundId, status: 'SUCCEEDED' as const, tillId: till?.id ?? null };
  });
}
