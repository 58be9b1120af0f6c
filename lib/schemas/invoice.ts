import { z } from 'zod';

// A GST tax invoice's lines, as stored in invoices.lines: one line per kind of supply (SAC code),
// each with its taxable value and its CGST and SGST. Amounts are integer paise.

export const invoiceItemSchema = z.object({
  /** "Standard seat" */
  label: z.string(),
  quantity: z.number().int().positive(),
  unitMinor: z.number().int().nonnegative(),
});

export const invoiceLineSchema = z.object({
  description: z.string(),
  /** Services Accounting Code. */
  sac: z.string().regex(/^[0-9]{4,8}$/),
  quantity: z.number().int().nonnegative(),
  /** What makes up the line (seats by category and price); empty for a fee. */
  items: z.array(invoiceItemSchema),
  /** Before discount. */
  grossMinor: z.number().int().nonnegative(),
  discountMinor: z.number().int().nonnegative(),
  discountLabel: z.string().nullable(),
  taxableMinor: z.number().int().nonnegative(),
  /** The whole GST rate; CGST and SGST are half each. */
  taxRateBps: z.number().int().nonnegative(),
  cgstMinor: z.number().int().nonnegative(),
  sgstMinor: z.number().int().nonnegative(),
});

export const invoiceLinesSchema = z.array(invoiceLineSchema);

export type InvoiceItem = z.infer<typeof invoiceItemSchema>;
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

/** A credit note as a booking or a refund lists it (the PDF at pdfUrl, same access as the booking). */
export const creditNoteRefSchema = z.object({
  /** BOM1CN2627/00042 */
  number: z.string(),
  issuedAt: z.iso.datetime(),
  /** What it credits, tax included. */
  totalMinor: z.number().int().positive(),
  /** The invoice it reduces. */
  invoiceNumber: z.string(),
  pdfUrl: z.string(),
});
export type CreditNoteRef = z.infer<typeof creditNoteRefSchema>;

/** A credit note number as it goes in a URL or a file name: BOM1CN2627/00042 → BOM1CN2627-00042. */
export function creditNoteSlug(creditNoteNumber: string): string {
  return creditNoteNumber.replaceAll('/', '-');
}

export const creditNoteSlugSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,4}CN[0-9]{4}-[0-9]{5,6}$/, 'a credit note number looks like BOM1CN2627-00042');

export function creditNoteRefOf(
  reference: string,
  note: { creditNoteNumber: string; issuedAt: Date; totalMinor: number; invoice: { invoiceNumber: string } },
): CreditNoteRef {
  return {
    number: note.creditNoteNumber,
    issuedAt: note.issuedAt.toISOString(),
    totalMinor: note.totalMinor,
    invoiceNumber: note.invoice.invoiceNumber,
    pdfUrl: `/api/v1/bookings/${encodeURIComponent(reference)}/credit-notes/${creditNoteSlug(note.creditNoteNumber)}.pdf`,
  };
}
