import 'server-only';
import { GST_STATES, stateCodeOf } from '@/lib/schemas/gst';
import { type InvoiceLine, invoiceLinesSchema } from '@/lib/schemas/invoice';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { Prisma } from '@/prisma/generated/client';
import { db, type Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import {
  fiscalYearOf,
  formatInvoiceNumber,
  invoiceLines,
  invoiceTotals,
} from '@/server/invoices/invoice-lines';
import { nextDocumentNumber } from '@/server/invoices/next-number';

// Issues a booking's GST tax invoice, once. Lazily: the confirmation mail and the invoice
// download both call this, so checkout need not know invoices exist, and the second caller gets
// the invoice the first one issued.
//
// Gapless numbering per cinema and financial year: the counter row is incremented in the same
// transaction that inserts the invoice. The increment locks the row until commit, so concurrent
// issuers for one cinema take turns and each gets the next number, and a transaction that rolls
// back (for any reason, including losing the race for the same booking to the unique
// booking_id) gives its number back with everything else.

const invoiceSelect = {
  id: true,
  bookingId: true,
  cinemaId: true,
  fiscalYear: true,
  number: true,
  invoiceNumber: true,
  issuedAt: true,
  supplierLegalName: true,
  supplierGstin: true,
  supplierAddress: true,
  supplierState: true,
  supplierStateCode: true,
  customerName: true,
  placeOfSupply: true,
  currency: true,
  lines: true,
  taxableMinor: true,
  cgstMinor: true,
  sgstMinor: true,
  totalMinor: true,
} satisfies Prisma.InvoiceSelect;

export type Invoice = Omit<Prisma.InvoiceGetPayload<{ select: typeof invoiceSelect }>, 'lines'> & {
  lines: InvoiceLine[];
};

function parsed(row: Prisma.InvoiceGetPayload<{ select: typeof invoiceSelect }>): Invoice {
  return { ...row, lines: invoiceLinesSchema.parse(row.lines) };
}

/** Inside a transaction: take the cinema's next number and insert the invoice. */
export async function issueInvoiceTx(
  tx: Tx,
  options: { bookingId: string; issuedAt?: Date },
): Promise<Invoice> {
  const b = await tx.booking.findUniqueOrThrow({
    where: { id: options.bookingId },
    select: {
      id: true,
      price: true,
      totalMinor: true,
      currency: true,
      customerName: true,
      showtime: {
        select: {
          screen: {
            select: {
              cinema: {
                select: {
                  id: true,
                  name: true,
                  legalName: true,
                  gstin: true,
                  invoicePrefix: true,
                  addressLine: true,
                  locality: true,
                  postalCode: true,
                  city: { select: { name: true, state: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  const cinema = b.showtime.screen.cinema;
  const lines = invoiceLines(priceBreakdownSchema.parse(b.price));
  const totals = invoiceTotals(lines);
  if (totals.totalMinor !== b.totalMinor) {
    // The lines come from the locked price and must add up to what was charged.
    throw new Error(`invoice for booking ${b.id} adds up to ${totals.totalMinor}, not ${b.totalMinor}`);
  }
  // The GSTIN's first two digits are the state of registration; without one, the state's name.
  const stateCode = cinema.gstin?.slice(0, 2) ?? stateCodeOf(cinema.city.state);
  const state = (stateCode && GST_STATES[stateCode]) || cinema.city.state;
  const issuedAt = options.issuedAt ?? new Date();
  const fiscalYear = fiscalYearOf(issuedAt);
  const number = await nextDocumentNumber(tx, 'invoice', cinema.id, fiscalYear);
  const row = await tx.invoice.create({
    data: {
      bookingId: b.id,
      cinemaId: cinema.id,
      fiscalYear,
      number,
      invoiceNumber: formatInvoiceNumber(cinema.invoicePrefix, fiscalYear, number),
      issuedAt,
      supplierLegalName: cinema.legalName ?? cinema.name,
      supplierGstin: cinema.gstin,
      supplierAddress: `${cinema.addressLine}, ${cinema.locality}, ${cinema.city.name} ${cinema.postalCode}`,
      supplierState: state,
      supplierStateCode: stateCode,
      customerName: b.customerName,
      placeOfSupply: stateCode ? `${state} (${stateCode})` : state,
      currency: b.currency,
      lines,
      ...totals,
    },
    select: invoiceSelect,
  });
  return parsed(row);
}

/** The booking's invoice: the one already issued, or a new one with the next number. */
export async function issueInvoice(options: { bookingId: string; issuedAt?: Date }): Promise<Invoice> {
  const existing = await findInvoice(options.bookingId);
  if (existing) return existing;
  try {
    // READ COMMITTED, on purpose: a waiting issuer must see the committed counter and add one to
    // it, where SERIALIZABLE would abort it and retry for nothing.
    return await db().$transaction((tx) => issueInvoiceTx(tx, options), {
      isolationLevel: 'ReadCommitted',
      maxWait: 10_000,
      timeout: 15_000,
    });
  } catch (error) {
    // Another caller issued it first; this transaction rolled back, number and all.
    if (isConstraintViolation(error, 'invoices_booking_id_key')) {
      const issued = await findInvoice(options.bookingId);
      if (issued) return issued;
    }
    throw error;
  }
}

async function findInvoice(bookingId: string): Promise<Invoice | null> {
  const row = await db().invoice.findUnique({ where: { bookingId }, select: invoiceSelect });
  return row ? parsed(row) : null;
}
