import 'server-only';
import { db } from '@/server/db';
import { log } from '@/server/log';
import { paymentProvider } from '@/server/payments';

// Sends a recorded refund (PENDING or FAILED) to the provider and records the answer. The
// refund's id is the provider's idempotency key, so sending it again after a timeout or a crash
// never refunds twice. The scheduler retries FAILED refunds.

export async function sendRefund(refundId: string): Promise<'SUCCEEDED' | 'FAILED'> {
  const refund = await db().refund.findUniqueOrThrow({
    where: { id: refundId },
    select: {
      amountMinor: true,
      reason: true,
      status: true,
      payment: { select: { providerRef: true, currency: true } },
    },
  });
  if (refund.status === 'SUCCEEDED') return 'SUCCEEDED';
  if (!refund.payment.providerRef) throw new Error(`payment of refund ${refundId} has no provider reference`);
  const result = await paymentProvider()
    .refund({
      refundId,
      chargeRef: refund.payment.providerRef,
      amountMinor: refund.amountMinor,
      currency: refund.payment.currency,
      reason: refund.reason,
    })
    .catch((error: unknown) => ({ status: 'failed' as const, message: String(error) }));
  if (result.status === 'succeeded') {
    await db().refund.update({
      where: { id: refundId },
      data: { status: 'SUCCEEDED', providerRef: result.providerRef },
    });
    return 'SUCCEEDED';
  }
  log.warn('refund failed; will retry', { refundId, reason: result.message });
  await db().refund.update({ where: { id: refundId }, data: { status: 'FAILED' } });
  return 'FAILED';
}

/** Retries refunds the provider has not confirmed yet (run by the scheduler). */
export async function retryRefunds(): Promise<number> {
  const due = await db().refund.findMany({
    where: { status: { in: ['PENDING', 'FAILED'] }, updatedAt: { lt: new Date(Date.now() - 30_000) } },
    select: { id: true },
    take: 50,
  });
  let ok = 0;
  for (const r of due) if ((await sendRefund(r.id)) === 'SUCCEEDED') ok++;
  return ok;
}
