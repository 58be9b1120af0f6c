import 'server-only';
import { paymentStaleMs, settlePayment } from '@/server/booking/settle-payment';
import { db } from '@/server/db';
import { log } from '@/server/log';

// The reconciler (a scheduler job, once across instances): every payment still PENDING after
// PAYMENT_STALE_SECONDS lost the request that started it (a crash, a timeout, a closed tab). Each is
// settled against the provider (settle-payment.ts): booked and confirmed to the customer by mail,
// refunded, released, or closed as abandoned when nothing was charged. Payments whose customer
// is still in a 3-D Secure challenge stay open until their hold's time is up.

export async function reconcilePayments(
  options: { staleMs?: number; limit?: number } = {},
): Promise<Record<string, number>> {
  const staleMs = options.staleMs ?? paymentStaleMs();
  const due = await db().payment.findMany({
    where: { status: 'PENDING', updatedAt: { lt: new Date(Date.now() - staleMs) } },
    select: { id: true },
    orderBy: { updatedAt: 'asc' },
    take: options.limit ?? 100,
  });
  const outcomes: Record<string, number> = {};
  for (const { id } of due) {
    try {
      const settled = await settlePayment(id, { stale: true });
      outcomes[settled.kind] = (outcomes[settled.kind] ?? 0) + 1;
    } catch (error) {
      // One payment the provider cannot answer for must not stop the others; next round retries.
      log.warn('could not settle a pending payment', { paymentId: id, err: String(error) });
      outcomes.error = (outcomes.error ?? 0) + 1;
    }
  }
  return outcomes;
}
