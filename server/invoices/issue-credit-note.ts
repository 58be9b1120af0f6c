import 'server-only';
import { type InvoiceLine, invoiceLinesSchema } from '@/lib/schemas/invoice';
import type { Prisma } from '@/prisma/generated/client';
import type { Tx } from '@/server/db';
import { creditNoteLines, formatCreditNoteNumber } from '@/server/invoices/credit-note-lines';
import { fiscalYearOf, invoiceTotals } from '@/server/invoices/invoice-lines';
import { issueInvoiceTx } from '@/server/invoices/issue-invoice';
import { nextDocumentNumber } from '@/server/invoices/next-number';

// Issues the GST credit note of a refund, inside the transaction that records the refund (every
// writer of a refunds row with a booking calls this: cancelBookingTx, the desk's partial refunds,
// refundCounterPayment). Issued when the refund is recorded as owed, not when the provider pays
// it: the tax on a supply is reduced when the supplier agrees to give the money back (CGST Act
// s.34), and a PENDING refund is that agreement; the refunds job and /admin/refunds see it paid,
// and a FAILED one is still owed (a manager sends it again), never withdrawn.
//
// A booking whose invoice was never issued (the confirmation mail not sent yet, never
// downloaded) gets its invoice first, in this transaction: a credit note needs an invoice to
// reverse. A cinema without a GSTIN issued no tax invoice (its invoice says so), so there is no
// tax to reverse and no credit note; neither is issued for it here.
//
// Gapless numbering per cinema and financial year, like invoices: the counter row is incremented
// in this transaction, so concurrent refunds take turns and a rolled-back refund gives its number
// back. The trigger credit_notes_within_invoice keeps the notes of an invoice within it.

/** What a booking or a refund lists of its credit note (lib/schemas/invoice.ts creditNoteRefOf). */
export const creditNoteRefSelect = {
  creditNoteNumber: true,
  issuedAt: true,
  totalMinor: true,
  invoice: { select: { invoiceNumber: true } },
} satisfies Prisma.CreditNoteSelect;

export const creditNoteSelect = {
  id: true,
  refundId: true,
  bookingId: true,
  cinemaId: true,
  fiscalYear: true,
  number: true,
  creditNoteNumber: true,
  issuedAt: true,
  reason: true,
  currency: true,
  lines: true,
  taxableMinor: true,
  cgstMinor: true,
  sgstMinor: true,
  totalMinor: true,
  invoice: { select: { id: true, invoiceNumber: true, issuedAt: true } },
} satisfies Prisma.CreditNoteSelect;

export type CreditNote = Omit<Prisma.CreditNoteGetPayload<{ select: typeof creditNoteSelect }>, 'lines'> & {
  lines: InvoiceLine[];
};

export function parsedCreditNote(
  row: Prisma.CreditNoteGetPayload<{ select: typeof creditNoteSelect }>,
): CreditNote {
  return { ...row, lines: invoiceLinesSchema.parse(row.lines) };
}

export async function issueCreditNoteTx(
  tx: Tx,
  options: { refundId: string; issuedAt?: Date },
): Promise<CreditNote | null> {
  const refund = await tx.refund.findUniqueOrThrow({
    where: { id: options.refundId },
    select: {
      amountMinor: true,
      reason: true,
      booking: {
        select: {
          id: true,
          showtime: { select: { screen: { select: { cinema: { select: { gstin: true } } } } } },
        },
      },
    },
  });
  // A reversed payment that never became a booking was never invoiced.
  if (!refund.booking || refund.amountMinor <= 0) return null;
  const bookingId = refund.booking.id;
  let invoice = await tx.invoice.findUnique({ where: { bookingId }, select: { id: true } });
  if (!invoice) {
    if (!refund.booking.showtime.screen.cinema.gstin) return null;
    invoice = await issueInvoiceTx(tx, { bookingId, issuedAt: options.issuedAt });
  }
  // The invoice's row first: the notes of one invoice are read and written one refund at a time.
  const [inv] = await tx.$queryRaw<
    { cinema_id: string; supplier_gstin: string | null; lines: unknown; currency: string; prefix: string }[]
  >`
    SELECT i.cinema_id::text, i.supplier_gstin, i.lines, i.currency, c.invoice_prefix AS prefix
    FROM invoices i JOIN cinemas c ON c.id = i.cinema_id
    WHERE i.id = ${invoice.id}::uuid FOR UPDATE OF i`;
  if (!inv || inv.supplier_gstin === null) return null;
  const earlier = await tx.creditNote.findMany({ where: { invoiceId: invoice.id }, select: { lines: true } });
  const lines = creditNoteLines(
    invoiceLinesSchema.parse(inv.lines),
    earlier.map((n) => invoiceLinesSchema.parse(n.lines)),
    refund.amountMinor,
  );
  const totals = invoiceTotals(lines);
  if (totals.totalMinor <= 0) return null;
  const issuedAt = options.issuedAt ?? new Date();
  const fiscalYear = fiscalYearOf(issuedAt);
  const number = await nextDocumentNumber(tx, 'creditNote', inv.cinema_id, fiscalYear);
  const row = await tx.creditNote.create({
    data: {
      invoiceId: invoice.id,
      bookingId,
      refundId: options.refundId,
      cinemaId: inv.cinema_id,
      fiscalYear,
      number,
      creditNoteNumber: formatCreditNoteNumber(inv.prefix, fiscalYear, number),
      issuedAt,
      reason: refund.reason,
      currency: inv.currency,
      lines,
      ...totals,
    },
    select: creditNoteSelect,
  });
  return parsedCreditNote(row);
}
