import 'server-only';
import { renderGstDocumentPdf } from '@/server/invoices/invoice-pdf';
import type { CreditNote } from '@/server/invoices/issue-credit-note';
import type { Invoice } from '@/server/invoices/issue-invoice';
import { formatDate } from '@/server/tickets/pdf-kit';

// A credit note as a one-page A4 PDF, drawn by the invoice's renderer: what rule 53 of the CGST
// Rules asks of a credit note (the supplier's name, address and GSTIN; "CREDIT NOTE"; its own
// consecutive number and date; the customer; the original invoice's number and date; the taxable
// value, rate and amount of tax credited). The supplier comes from the invoice's snapshot: the
// note is issued by whoever issued the invoice, however the cinema's details changed since.

export function renderCreditNotePdf(input: {
  note: CreditNote;
  invoice: Invoice;
  reference: string;
  cinemaName: string;
  testMode: boolean;
}): Promise<Uint8Array> {
  const { note, invoice } = input;
  return renderGstDocumentPdf({
    heading: 'CREDIT NOTE',
    title: `Credit note ${note.creditNoteNumber} – Marquee booking ${input.reference}`,
    number: note.creditNoteNumber,
    details: [
      ['Credit note number', note.creditNoteNumber],
      ['Date of issue', formatDate(note.issuedAt)],
      ['Against invoice', invoice.invoiceNumber],
      ['Invoice date', formatDate(invoice.issuedAt)],
      ['Booking reference', input.reference],
      ['Place of supply', invoice.placeOfSupply],
    ],
    supplier: invoice,
    cinemaName: input.cinemaName,
    customerName: invoice.customerName,
    currency: note.currency,
    lines: note.lines,
    totals: note,
    notices: [
      `Refund: ${note.reason}. This credit note reduces the taxable value and the GST of invoice ${invoice.invoiceNumber} of ${formatDate(invoice.issuedAt)} by the amounts above (section 34 of the CGST Act).`,
    ],
    footer:
      'This is a computer-generated credit note and needs no signature. Issued by Marquee for the supplier above.',
    reference: input.reference,
    testMode: input.testMode,
    testModeNote: 'simulated payment, not a valid credit note',
  });
}
