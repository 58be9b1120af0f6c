import 'server-only';
import { Prisma } from '@/prisma/generated/client';
import type { Tx } from '@/server/db';

// The next number of a gapless GST document series (invoices, credit notes) per cinema and
// financial year. The counter row is incremented in the caller's transaction, the one that
// inserts the document: the row lock makes concurrent issuers take turns, each getting the next
// number, and a transaction that rolls back gives its number back with everything else.

const COUNTERS = { invoice: 'invoice_counters', creditNote: 'credit_note_counters' } as const;

export async function nextDocumentNumber(
  tx: Tx,
  series: keyof typeof COUNTERS,
  cinemaId: string,
  fiscalYear: number,
): Promise<number> {
  const table = Prisma.raw(COUNTERS[series]);
  const [counter] = await tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO ${table} (cinema_id, fiscal_year, last_number)
    VALUES (${cinemaId}::uuid, ${fiscalYear}, 1)
    ON CONFLICT (cinema_id, fiscal_year) DO UPDATE SET last_number = ${table}.last_number + 1
    RETURNING last_number`;
  if (!counter?.last_number) throw new Error(`${COUNTERS[series]} returned no number`);
  return counter.last_number;
}
