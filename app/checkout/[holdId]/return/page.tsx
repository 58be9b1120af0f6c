import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { EndedNotice } from '@/components/checkout/ended-notice';
import { isAppError } from '@/lib/errors';
import { getViewer } from '@/server/auth/session';
import { confirmPayment } from '@/server/booking/checkout';

export const metadata: Metadata = { title: 'Payment', robots: { index: false } };

type Props = {
  params: Promise<{ holdId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Where Stripe sends the customer back after a payment method that leaves the page (a bank's own
// page): the payment is settled here exactly as the in-page confirmation would settle it.
export default async function PaymentReturnPage({ params, searchParams }: Props) {
  const { holdId } = await params;
  const query = await searchParams;
  const viewer = await getViewer();
  const back = `/checkout/${holdId}`;
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  const paymentId = z.uuid().safeParse(query.payment);
  if (!z.uuid().safeParse(holdId).success || !paymentId.success) notFound();
  let reference: string;
  try {
    reference = (await confirmPayment({ userId: viewer.id, paymentId: paymentId.data })).reference;
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'NOT_FOUND') notFound();
    return (
      <div className="mx-auto max-w-2xl">
        <EndedNotice
          title={
            error.code === 'PAYMENT_PENDING'
              ? 'Your payment is still being confirmed'
              : 'The payment did not go through'
          }
          message={error.message}
          steps={[
            { href: back, label: 'Back to checkout' },
            { href: '/bookings', label: 'My bookings' },
          ]}
        />
      </div>
    );
  }
  redirect(`/bookings/${reference}?new=1`);
}
