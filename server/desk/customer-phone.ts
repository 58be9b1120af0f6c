import 'server-only';
import type { Db, Tx } from '@/server/db';

// Phone search. Accounts have no phone number; the box office records the customer's phone on
// counter sales in bookings.customer_phone, stored as digits with an optional leading + (CHECK
// bookings_customer_phone_format: spaces, dashes and brackets are stripped before saving).

/** Digits only: "+91 98200-12345" → "919820012345". */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, '');
}

/** Ids of bookings whose customer_phone has these digits. */
export async function bookingIdsByCustomerPhone(client: Db | Tx, digits: string): Promise<string[]> {
  if (digits.length < 4) return [];
  // The last ten digits are the subscriber number in India: "+91 98200 12345" and "098200 12345"
  // find the same booking.
  const rows = await client.booking.findMany({
    where: { customerPhone: { contains: digits.slice(-10) } },
    orderBy: { createdAt: 'desc' },
    take: 500,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
