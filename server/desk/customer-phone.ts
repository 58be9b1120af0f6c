import 'server-only';
import type { Db, Tx } from '@/server/db';

// Phone search. Accounts have no phone number (users has no phone column); the box office
// (issue 14.1, branch boxoffice) records the customer's phone on counter sales in a nullable
// bookings.customer_phone of its own migration. Until that is merged the column does not exist,
// so this asks the catalogue first and finds nothing without it; once it exists, phone search
// works with no change here. Raw SQL on purpose: the Prisma client of this branch has no such
// field, and this must compile before and after the merge.

/** Digits only: "+91 98200-12345" → "919820012345". */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, '');
}

/** Ids of bookings whose customer_phone contains these digits (ignoring its punctuation). */
export async function bookingIdsByCustomerPhone(client: Db | Tx, digits: string): Promise<string[]> {
  if (digits.length < 4) return [];
  const [column] = await client.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'bookings' AND column_name = 'customer_phone'
    ) AS exists`;
  if (!column?.exists) return [];
  // The last ten digits are the subscriber number in India: "+91 98200 12345" and "098200 12345"
  // find the same booking.
  const tail = digits.slice(-10);
  const rows = await client.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM bookings
      WHERE regexp_replace(customer_phone, '[^0-9]', '', 'g') LIKE '%' || $1 || '%'
      ORDER BY created_at DESC LIMIT 500`,
    tail,
  );
  return rows.map((r) => r.id);
}
